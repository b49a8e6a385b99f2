/**
 * An smux (protocol version 1) client session over one ordered byte transport: the Session Manager
 * data channel of a port-forwarding session with an agent newer than 3.0.196.0 (docs/port-forwarding.md §2).
 * Each local TCP connection is one stream; the agent's smux server dials the destination for each SYN.
 *
 * What it keeps from xtaci/smux (session.go, stream.go), and why:
 * - client stream ids are odd and start at 3 (nextStreamID starts at 1 and grows by 2 before use);
 * - data is cut into PSH frames of at most `maxFrameSize` (DefaultConfig: 32,768 bytes);
 * - a stream's FIN follows its data; control frames (SYN, NOP) go first;
 * - frames of different streams are interleaved round-robin, so one busy connection does not starve
 *   the others (smux's shaper);
 * - version 1 has no per-stream window: the receiver's only brake is the session-wide receive buffer
 *   (MaxReceiveBuffer, 4 MiB), past which smux stops reading the transport. Here `receiveFull` tells
 *   the owner to stop reading the data channel until streams release what they were given;
 * - keepalive: a NOP every `intervalMs`, and the session ends when nothing at all arrived during a
 *   whole `timeoutMs` (unless we were the ones not reading). The plugin turns it off for agents newer
 *   than 3.1.1511.0 because the NOPs defeat Session Manager's idle timeout (muxportforwarding.go).
 *
 * The streams themselves (their queues, budgets and ends) are in smuxStream.ts. Editor-free.
 */
import { type Disposable, Emitter } from '../shared/events';
import { SmuxStream, type SmuxStreamOwner } from './smuxStream';
import {
  encodeFrame,
  SMUX_HEADER_SIZE,
  SMUX_MAX_PAYLOAD,
  SmuxCommand,
  SmuxFrameDecoder,
  SmuxProtocolError,
} from './smuxFrame';

export { SmuxProtocolError } from './smuxFrame';
export type { SmuxStream } from './smuxStream';

/** The byte transport under the session (the data channel's Output payloads). */
export interface SmuxTransport {
  /** Sends bytes in order; false when the transport's own queue is full (call `session.pump()` on drain). */
  write(bytes: Buffer): boolean;
}

export interface SmuxTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SmuxKeepAlive {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export interface SmuxSessionOptions {
  readonly transport: SmuxTransport;
  /** Largest PSH payload sent (smux DefaultConfig MaxFrameSize: 32,768). */
  readonly maxFrameSize?: number;
  /** Queued outgoing bytes per stream before write() says to wait (smux MaxStreamBuffer: 65,536). */
  readonly maxStreamBuffer?: number;
  /** Received bytes not yet released by the streams' consumers before `receiveFull` (smux: 4 MiB). */
  readonly maxReceiveBuffer?: number;
  /** Bytes gathered into one transport write (several frames, of several streams). */
  readonly writeChunkSize?: number;
  /** false: no NOPs and no timeout (agents newer than 3.1.1511.0). */
  readonly keepAlive?: SmuxKeepAlive | false;
  readonly timers?: SmuxTimers;
}

export const SMUX_DEFAULTS = {
  maxFrameSize: 32_768,
  maxStreamBuffer: 65_536,
  maxReceiveBuffer: 4_194_304,
  keepAlive: { intervalMs: 10_000, timeoutMs: 30_000 },
} as const;

const FIRST_CLIENT_STREAM_ID = 3;

export class SmuxClientSession implements Disposable, SmuxStreamOwner {
  readonly maxFrameSize: number;
  readonly maxStreamBuffer: number;
  readonly maxReceiveBuffer: number;
  private readonly writeChunkSize: number;
  private readonly transport: SmuxTransport;
  private readonly decoder = new SmuxFrameDecoder();
  private readonly streams = new Map<number, SmuxStream>();
  /** Streams with something to send, in round-robin order. */
  private readonly ready: SmuxStream[] = [];
  private readonly control: Buffer[] = [];
  private nextStreamId = FIRST_CLIENT_STREAM_ID - 2;
  private blocked = false;
  private pumping = false;
  private closedWith: Error | null | undefined;
  private receivedBytes = 0;
  private full = false;
  private activeSinceCheck = false;
  private readonly timerHandles: unknown[] = [];
  private readonly timers: SmuxTimers | undefined;

  private readonly onCloseEmitter = new Emitter<Error | undefined>();
  private readonly onReceiveFullEmitter = new Emitter<boolean>();
  /** The session ended: close() (undefined), a protocol error, or the keepalive timeout. */
  readonly onClose = this.onCloseEmitter.event;
  /** true: streams hold `maxReceiveBuffer` unreleased bytes, stop reading the transport; false: go on. */
  readonly onReceiveFull = this.onReceiveFullEmitter.event;

  constructor(options: SmuxSessionOptions) {
    this.transport = options.transport;
    this.maxFrameSize = Math.min(options.maxFrameSize ?? SMUX_DEFAULTS.maxFrameSize, SMUX_MAX_PAYLOAD);
    if (this.maxFrameSize <= 0) throw new RangeError('smux maxFrameSize must be positive');
    this.maxStreamBuffer = options.maxStreamBuffer ?? SMUX_DEFAULTS.maxStreamBuffer;
    this.maxReceiveBuffer = options.maxReceiveBuffer ?? SMUX_DEFAULTS.maxReceiveBuffer;
    this.writeChunkSize = Math.max(
      options.writeChunkSize ?? this.maxFrameSize + SMUX_HEADER_SIZE,
      SMUX_HEADER_SIZE + 1,
    );
    const keepAlive = options.keepAlive ?? SMUX_DEFAULTS.keepAlive;
    this.timers = options.timers ?? { setInterval, clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
    if (keepAlive) {
      if (keepAlive.timeoutMs < keepAlive.intervalMs)
        throw new RangeError('smux keep-alive timeout must be larger than its interval');
      this.timerHandles.push(
        this.timers.setInterval(() => this.sendControl(SmuxCommand.NOP, 0), keepAlive.intervalMs),
        this.timers.setInterval(() => this.checkAlive(), keepAlive.timeoutMs),
      );
    }
  }

  get isClosed(): boolean {
    return this.closedWith !== undefined;
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Opens a stream (SYN); the agent dials the destination for it. */
  openStream(): SmuxStream {
    if (this.closedWith !== undefined) throw this.closedWith ?? new Error('The smux session is closed.');
    this.nextStreamId += 2;
    if (this.nextStreamId > 0xffffffff)
      throw new Error('smux stream ids are used up; start a new session (smux ErrGoAway).');
    const stream = new SmuxStream(this.nextStreamId, this);
    this.streams.set(stream.id, stream);
    this.sendControl(SmuxCommand.SYN, stream.id);
    return stream;
  }

  /** Bytes of the smux byte stream from the agent, in order. */
  receive(bytes: Uint8Array): void {
    if (this.closedWith !== undefined) return;
    let frames;
    try {
      frames = this.decoder.push(bytes);
    } catch (error) {
      this.close(error instanceof SmuxProtocolError ? error : new SmuxProtocolError(String(error)));
      return;
    }
    if (bytes.length > 0) this.activeSinceCheck = true;
    for (const frame of frames) {
      const stream = this.streams.get(frame.streamId);
      switch (frame.cmd) {
        case SmuxCommand.NOP:
          break;
        case SmuxCommand.SYN:
          // The agent never opens streams; refuse one instead of leaving it half open.
          if (!stream) this.sendControl(SmuxCommand.FIN, frame.streamId);
          break;
        case SmuxCommand.FIN:
          stream?.remoteFin();
          break;
        case SmuxCommand.PSH:
          // smux drops data for a stream it no longer knows.
          if (frame.data.length > 0) stream?.deliver(frame.data);
          break;
      }
      if (this.closedWith !== undefined) return;
    }
  }

  /** The transport has room again: send what is queued. */
  pump(): void {
    this.blocked = false;
    this.flush();
  }

  /** Ends the session and every stream (with `error`, or cleanly). */
  close(error?: Error): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = error ?? null;
    for (const handle of this.timerHandles.splice(0)) this.timers?.clearInterval(handle);
    for (const stream of [...this.streams.values()]) this.forget(stream, error);
    this.ready.length = 0;
    this.control.length = 0;
    this.onCloseEmitter.fire(error);
    this.onCloseEmitter.dispose();
    this.onReceiveFullEmitter.dispose();
  }

  dispose(): void {
    this.close();
  }

  /** @internal */ schedule(stream: SmuxStream): void {
    if (!this.ready.includes(stream)) this.ready.push(stream);
    this.flush();
  }

  /** @internal */ forget(stream: SmuxStream, error: Error | undefined): void {
    this.streams.delete(stream.id);
    const index = this.ready.indexOf(stream);
    if (index >= 0) this.ready.splice(index, 1);
    stream.terminate(error);
  }

  /** @internal */ received(n: number): void {
    this.receivedBytes += n;
    if (!this.full && this.receivedBytes >= this.maxReceiveBuffer) {
      this.full = true;
      this.onReceiveFullEmitter.fire(true);
    }
  }

  /** @internal */ released(n: number): void {
    this.receivedBytes -= n;
    if (this.full && this.receivedBytes < this.maxReceiveBuffer) {
      this.full = false;
      this.onReceiveFullEmitter.fire(false);
    }
  }

  private sendControl(cmd: SmuxCommand, streamId: number): void {
    if (this.closedWith !== undefined) return;
    this.control.push(encodeFrame(cmd, streamId));
    this.flush();
  }

  private checkAlive(): void {
    // smux: only when we were not the ones holding reads back (bucket > 0).
    if (!this.activeSinceCheck && !this.full)
      this.close(new Error('The agent stopped answering (no smux keepalive for 30 seconds).'));
    this.activeSinceCheck = false;
  }

  /** Sends queued frames in chunks until the transport is full or nothing is left. */
  private flush(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.blocked && this.closedWith === undefined) {
        const chunk = this.nextChunk();
        if (!chunk) break;
        if (!this.transport.write(chunk)) this.blocked = true;
      }
    } finally {
      this.pumping = false;
    }
  }

  private nextChunk(): Buffer | undefined {
    const parts: Buffer[] = [];
    let size = 0;
    while (this.control.length > 0 && size < this.writeChunkSize) {
      const frame = this.control.shift()!;
      parts.push(frame);
      size += frame.length;
    }
    const touched: SmuxStream[] = [];
    // Round-robin: one frame per stream per turn.
    while (this.ready.length > 0 && size + SMUX_HEADER_SIZE < this.writeChunkSize) {
      const stream = this.ready.shift()!;
      const head = stream.queue[0];
      if (!head) continue;
      if (head.kind === 'fin') {
        stream.queue.shift();
        parts.push(encodeFrame(SmuxCommand.FIN, stream.id));
        size += SMUX_HEADER_SIZE;
        stream.sentFin();
      } else {
        const room = this.writeChunkSize - size - SMUX_HEADER_SIZE;
        const n = Math.min(head.bytes.length, this.maxFrameSize, room);
        parts.push(encodeFrame(SmuxCommand.PSH, stream.id, head.bytes.subarray(0, n)));
        size += SMUX_HEADER_SIZE + n;
        if (n === head.bytes.length) stream.queue.shift();
        else head.bytes = head.bytes.subarray(n);
        stream.queued -= n;
        touched.push(stream);
      }
      if (stream.queue.length > 0) this.ready.push(stream);
    }
    for (const stream of touched) stream.drained();
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
  }
}
