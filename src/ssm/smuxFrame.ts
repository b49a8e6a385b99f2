/**
 * The smux protocol version 1 frame, as the SSM agent's port plugin speaks it over the Session
 * Manager data channel (docs/port-forwarding.md §2; xtaci/smux frame.go and session.go recvLoop):
 *
 *   version(1) = 1 | cmd(1) | length(2, little-endian) | streamId(4, little-endian) | payload(length)
 *
 * Commands: SYN (0) opens a stream, FIN (1) closes it (EOF), PSH (2) carries data, NOP (3) is the
 * keepalive. SYN, FIN and NOP carry no payload; any other length, another version or another command
 * (UPD, 4, exists only in version 2) is a protocol error that ends the whole session, as in smux.
 * Editor-free.
 */

export const SMUX_VERSION = 1;
export const SMUX_HEADER_SIZE = 8;
/** The length field is 16 bits: no frame carries more. */
export const SMUX_MAX_PAYLOAD = 0xffff;

export enum SmuxCommand {
  SYN = 0,
  FIN = 1,
  PSH = 2,
  NOP = 3,
}

export interface SmuxFrame {
  readonly cmd: SmuxCommand;
  readonly streamId: number;
  readonly data: Buffer;
}

export class SmuxProtocolError extends Error {
  constructor(message: string) {
    super(`The agent's multiplexed stream is broken: ${message}`);
    this.name = 'SmuxProtocolError';
  }
}

/** One frame's bytes (header + payload). */
export function encodeFrame(cmd: SmuxCommand, streamId: number, data?: Uint8Array): Buffer {
  const length = data?.length ?? 0;
  if (length > SMUX_MAX_PAYLOAD) throw new RangeError(`smux frame payload too large: ${length} bytes`);
  if (length > 0 && cmd !== SmuxCommand.PSH) throw new RangeError('only PSH frames carry a payload');
  const frame = Buffer.allocUnsafe(SMUX_HEADER_SIZE + length);
  frame[0] = SMUX_VERSION;
  frame[1] = cmd;
  frame.writeUInt16LE(length, 2);
  frame.writeUInt32LE(streamId >>> 0, 4);
  if (data && length > 0) frame.set(data, SMUX_HEADER_SIZE);
  return frame;
}

/**
 * Reads frames from a byte stream cut anywhere: the agent sends its smux output in data-channel
 * messages of up to 1,024 bytes, so a header or a payload is often split across messages.
 */
export class SmuxFrameDecoder {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes needed before the next frame can be read (a header, or a header and its payload). */
  private needed = SMUX_HEADER_SIZE;

  /** Adds bytes; returns every frame completed by them. Throws SmuxProtocolError on a bad header. */
  push(bytes: Uint8Array): SmuxFrame[] {
    if (bytes.length === 0) return [];
    // A copy: the caller may reuse its buffer once this returns.
    this.pending.push(Buffer.from(bytes));
    this.pendingLength += bytes.length;
    // Partial frames are only joined once they are complete (no quadratic copying of big payloads).
    if (this.pendingLength < this.needed) return [];
    const buffer = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const frames: SmuxFrame[] = [];
    let offset = 0;
    this.needed = SMUX_HEADER_SIZE;
    while (buffer.length - offset >= SMUX_HEADER_SIZE) {
      const version = buffer[offset]!;
      const code = buffer[offset + 1]!;
      const length = buffer.readUInt16LE(offset + 2);
      const streamId = buffer.readUInt32LE(offset + 4);
      if (version !== SMUX_VERSION) throw new SmuxProtocolError(`frame version ${version}, expected 1`);
      if (!(code in SmuxCommand)) throw new SmuxProtocolError(`unknown command ${code} in version 1`);
      const cmd = code as SmuxCommand;
      if (cmd !== SmuxCommand.PSH && length !== 0)
        throw new SmuxProtocolError(`${SmuxCommand[cmd]} frame with a ${length}-byte payload`);
      if (buffer.length - offset < SMUX_HEADER_SIZE + length) {
        this.needed = SMUX_HEADER_SIZE + length;
        break;
      }
      const start = offset + SMUX_HEADER_SIZE;
      frames.push({ cmd, streamId, data: buffer.subarray(start, start + length) });
      offset = start + length;
    }
    const rest = buffer.subarray(offset);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    return frames;
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.pendingLength;
  }
}
