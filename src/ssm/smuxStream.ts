/**
 * One smux stream (a local TCP connection forwarded through the agent; docs/port-forwarding.md §2), as
 * xtaci/smux's stream.go keeps it: its queue of data and FIN waiting for the session's round-robin
 * sender, the bytes it was given and not yet released (the session's receive buffer counts them), and
 * its two ends (our FIN sent, the agent's FIN received), after which the session forgets it.
 *
 * On the sending side each stream has its own budget (`maxStreamBuffer`): write() returns false past it
 * and 'drain' fires when the stream's queue has gone below it, the same contract as a Node stream, so a
 * forwarder pauses exactly the connection that is too fast. Apart from the session (smuxSession.ts),
 * which it reaches only through `SmuxStreamOwner`. Editor-free.
 */
import { Emitter } from '../shared/events';

/** What a stream asks of its session (SmuxClientSession). */
export interface SmuxStreamOwner {
  /** Queued outgoing bytes per stream before write() says to wait. */
  readonly maxStreamBuffer: number;
  /** The stream has something to send: queue it for the round-robin sender. */
  schedule(stream: SmuxStream): void;
  /** Both ends are done (or the session ends): drop the stream. */
  forget(stream: SmuxStream, error: Error | undefined): void;
  /** `n` bytes were handed to the stream's consumer. */
  received(n: number): void;
  /** `n` of them left the consumer's hands. */
  released(n: number): void;
}

/** What a stream has queued for the sender: data, or its FIN after the data. */
type Queued = { kind: 'data'; bytes: Buffer } | { kind: 'fin' };

export class SmuxStream {
  private readonly onDataEmitter = new Emitter<Buffer>();
  private readonly onEndEmitter = new Emitter<void>();
  private readonly onDrainEmitter = new Emitter<void>();
  private readonly onCloseEmitter = new Emitter<Error | undefined>();
  /** Data from the agent, in order. Call release(n) once n bytes were handed on (flow control). */
  readonly onData = this.onDataEmitter.event;
  /** The agent closed its side (FIN): no more data will come. */
  readonly onEnd = this.onEndEmitter.event;
  /** The stream's queue went below its budget after write() returned false. */
  readonly onDrain = this.onDrainEmitter.event;
  /** Both sides are done, or the session ended (with its error). */
  readonly onClose = this.onCloseEmitter.event;

  /** @internal */ readonly queue: Queued[] = [];
  /** @internal */ queued = 0;
  /** @internal */ wantsDrain = false;
  private finQueued = false;
  /** @internal */ finSent = false;
  private finReceived = false;
  private closed = false;
  /** Bytes received and not yet released. */
  private held = 0;

  constructor(
    readonly id: number,
    private readonly session: SmuxStreamOwner,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues data for the agent; false when this stream's queue is over its budget (wait for onDrain). */
  write(data: Uint8Array): boolean {
    if (this.finQueued || this.closed) return false;
    if (data.length > 0) {
      // Node's socket chunks are never reused, so they are queued as they are.
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
      this.queue.push({ kind: 'data', bytes });
      this.queued += bytes.length;
      this.session.schedule(this);
    }
    const ok = this.queued < this.session.maxStreamBuffer;
    if (!ok) this.wantsDrain = true;
    return ok;
  }

  /** Closes our side after the queued data (FIN). */
  end(): void {
    if (this.finQueued || this.closed) return;
    this.finQueued = true;
    this.queue.push({ kind: 'fin' });
    this.session.schedule(this);
  }

  /** Closes at once: drops queued data, sends FIN if not sent, forgets the stream. */
  destroy(): void {
    if (this.closed) return;
    this.queue.length = 0;
    this.queued = 0;
    if (!this.finSent) {
      this.finQueued = true;
      this.queue.push({ kind: 'fin' });
      this.session.schedule(this);
    }
    this.finReceived = true;
    this.release(this.held);
    this.maybeClose();
  }

  /** Tells the session `n` received bytes left our hands (written to the local socket). */
  release(n: number): void {
    const count = Math.min(n, this.held);
    if (count <= 0) return;
    this.held -= count;
    this.session.released(count);
  }

  /** @internal */ deliver(data: Buffer): void {
    if (this.finReceived || this.closed) return;
    this.held += data.length;
    this.session.received(data.length);
    this.onDataEmitter.fire(data);
  }

  /** @internal */ remoteFin(): void {
    if (this.finReceived) return;
    this.finReceived = true;
    this.onEndEmitter.fire();
    this.maybeClose();
  }

  /** @internal */ sentFin(): void {
    this.finSent = true;
    this.maybeClose();
  }

  /** @internal */ drained(): void {
    if (this.wantsDrain && this.queued < this.session.maxStreamBuffer) {
      this.wantsDrain = false;
      this.onDrainEmitter.fire();
    }
  }

  /** @internal */ terminate(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.queued = 0;
    this.release(this.held);
    this.onCloseEmitter.fire(error);
    this.dispose();
  }

  private maybeClose(): void {
    if (this.finSent && this.finReceived) this.session.forget(this, undefined);
  }

  private dispose(): void {
    this.onDataEmitter.dispose();
    this.onEndEmitter.dispose();
    this.onDrainEmitter.dispose();
    this.onCloseEmitter.dispose();
  }
}
