/**
 * The data channel's sending side (docs/exec-protocol.md): input gets the next sequence number, stays
 * in flight until the agent acknowledges it and is sent again when the acknowledgement is late; the
 * retransmission timeout follows the measured round trip; sending waits while the window is full or
 * the agent paused publication. Written from the plugin's src/datachannel/streaming.go
 * (ResendStreamDataMessageScheduler, CalculateRetransmissionTimeout). Apart from the channel because
 * it is the one part with its own clock and bookkeeping.
 */
import { DataChannelClosedError, type ChannelClosure, type DataChannelTiming } from './dataChannelApi';
import { encodeMessage, MessageType } from './message';

/** Resends per check at most: a long outage must not flood the socket when it comes back. */
const RESEND_BURST = 64;

interface InFlight {
  readonly sequenceNumber: number;
  readonly frame: Buffer;
  lastSentAt: number;
  attempts: number;
}

interface Pending {
  readonly payloadType: number;
  readonly data: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export interface SendWindowOptions {
  readonly timing: Pick<
    DataChannelTiming,
    'window' | 'maxResendAttempts' | 'initialRetransmitMs' | 'maxRetransmitMs'
  >;
  /** Puts a frame on the wire (nothing when the socket is not open). */
  readonly transmit: (frame: Buffer) => void;
  /** The payload as sent: encrypted when the session is and the payload type is encrypted. */
  readonly seal: (payloadType: number, data: Buffer) => Buffer;
  /** A message was resent `maxResendAttempts` times without an acknowledgement: the session ends. */
  readonly giveUp: (message: string) => void;
}

export class SendWindow {
  private nextSequence = 0;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly pending: Pending[] = [];
  private closure: ChannelClosure | undefined;
  private rtt = 100;
  private rttVariation = 0;
  private retransmitTimeout: number;
  private sent = 0;
  private retransmitted = 0;
  /** The agent asked us to stop sending (pause_publication) until start_publication. */
  paused = false;

  constructor(private readonly options: SendWindowOptions) {
    this.retransmitTimeout = options.timing.initialRetransmitMs;
  }

  /** Resolves once the message is on the wire; rejects once the channel has closed. */
  enqueue(payloadType: number, data: Uint8Array): Promise<void> {
    if (this.closure) return Promise.reject(new DataChannelClosedError(this.closure));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ payloadType, data, resolve, reject });
      this.pump();
    });
  }

  /** Sends what waits, while the window has room and publication is not paused. */
  pump(): void {
    const { timing } = this.options;
    while (!this.closure && !this.paused && this.pending.length > 0 && this.inFlight.size < timing.window) {
      const next = this.pending.shift()!;
      const data = this.options.seal(next.payloadType, Buffer.from(next.data));
      const sequenceNumber = this.nextSequence++;
      const frame = encodeMessage({
        messageType: MessageType.InputStreamData,
        payloadType: next.payloadType,
        sequenceNumber,
        flags: 0,
        payload: data,
      });
      this.inFlight.set(sequenceNumber, { sequenceNumber, frame, lastSentAt: Date.now(), attempts: 0 });
      this.options.transmit(frame);
      this.sent++;
      next.resolve();
    }
  }

  /** Straight onto the wire, ahead of anything queued, and never resent (the session is ending). */
  sendLast(payloadType: number, data: Buffer): void {
    this.options.transmit(
      encodeMessage({
        messageType: MessageType.InputStreamData,
        payloadType,
        sequenceNumber: this.nextSequence++,
        payload: data,
      }),
    );
  }

  /** Sends again what waited longer than the retransmission timeout for its acknowledgement. */
  resendDue(): void {
    const now = Date.now();
    let resent = 0;
    for (const message of this.inFlight.values()) {
      if (now - message.lastSentAt <= this.retransmitTimeout) continue;
      if (message.attempts >= this.options.timing.maxResendAttempts) {
        this.options.giveUp(
          `The agent stopped acknowledging input: message #${message.sequenceNumber} was sent ${message.attempts + 1} times without an acknowledgement, so the session was ended.`,
        );
        return;
      }
      message.attempts++;
      message.lastSentAt = now;
      this.options.transmit(message.frame);
      this.retransmitted++;
      if (++resent >= RESEND_BURST) break;
    }
  }

  /** The agent acknowledged message `sequenceNumber`: it leaves the window. */
  acknowledged(sequenceNumber: number): void {
    const message = this.inFlight.get(sequenceNumber);
    if (!message) return;
    this.inFlight.delete(message.sequenceNumber);
    if (message.attempts === 0) {
      // Jacobson/Karels as CalculateRetransmissionTimeout does (RTTConstant 1/8, RTTVConstant 1/4,
      // clock granularity 10 ms); only first transmissions are measured (Karn).
      const sample = Date.now() - message.lastSentAt;
      this.rttVariation = 0.75 * this.rttVariation + 0.25 * Math.abs(this.rtt - sample);
      this.rtt = 0.875 * this.rtt + 0.125 * sample;
      this.retransmitTimeout = Math.min(
        this.options.timing.maxRetransmitMs,
        this.rtt + Math.max(10, 4 * this.rttVariation),
      );
    }
    this.pump();
  }

  /** The channel closed: what waits is rejected, and so is every later send. */
  close(closure: ChannelClosure): void {
    this.closure = closure;
    const error = new DataChannelClosedError(closure);
    for (const p of this.pending.splice(0)) p.reject(error);
  }

  stats(): { sent: number; retransmitted: number; unacknowledged: number; retransmitTimeoutMs: number } {
    return {
      sent: this.sent,
      retransmitted: this.retransmitted,
      unacknowledged: this.inFlight.size,
      retransmitTimeoutMs: this.retransmitTimeout,
    };
  }
}
