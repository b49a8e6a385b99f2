/**
 * The data channel's receiving side (docs/exec-protocol.md): the agent's output messages carry
 * sequence numbers; each is acknowledged, handed on once and in order, and one that arrives early is
 * kept until the gap before it is filled. Written from the plugin's src/datachannel/streaming.go
 * (HandleOutputMessage, IncomingMessageBuffer). Apart from the channel so the ordering rules read
 * on their own.
 */
import type { ClientMessage } from './message';

export interface ReceiveOrderOptions {
  /** Early messages kept at most (IncomingMessageBufferCapacity); past it one is not acknowledged. */
  readonly capacity: number;
  /** Sends the acknowledgement of a message. */
  readonly acknowledge: (message: ClientMessage) => void;
  /** Hands a message on, in sequence order, once. */
  readonly deliver: (message: ClientMessage) => void;
}

export class ReceiveOrder {
  private expectedSequence = 0;
  private readonly early = new Map<number, ClientMessage>();
  private received = 0;
  private duplicates = 0;
  private outOfOrder = 0;

  constructor(private readonly options: ReceiveOrderOptions) {}

  /** An output_stream_data message from the agent. */
  accept(message: ClientMessage): void {
    const { acknowledge, deliver } = this.options;
    this.received++;
    const seq = message.sequenceNumber;
    if (seq < this.expectedSequence || this.early.has(seq)) {
      // Seen before (our acknowledgement was lost): acknowledge again so the agent stops resending.
      this.duplicates++;
      acknowledge(message);
      return;
    }
    if (seq > this.expectedSequence) {
      if (this.early.size >= this.options.capacity) return; // no ack: the agent will resend it
      this.outOfOrder++;
      acknowledge(message);
      this.early.set(seq, message);
      return;
    }
    acknowledge(message);
    deliver(message);
    this.expectedSequence++;
    for (
      let next = this.early.get(this.expectedSequence);
      next;
      next = this.early.get(this.expectedSequence)
    ) {
      this.early.delete(this.expectedSequence);
      deliver(next);
      this.expectedSequence++;
    }
  }

  stats(): { received: number; duplicates: number; outOfOrder: number } {
    return { received: this.received, duplicates: this.duplicates, outOfOrder: this.outOfOrder };
  }
}
