/**
 * The fake agent's smux server, written from xtaci/smux (frame.go, session.go recvLoop/sendLoop,
 * stream.go writeV1) separately from src/ssm/smux*.ts: the test side must never import the product's
 * codec, so a framing mistake on either side fails the tests.
 *
 * Wire (protocol version 1): byte 0 version = 1, byte 1 command (0 SYN, 1 FIN, 2 PSH, 3 NOP), bytes 2-3
 * payload length (uint16 little-endian), bytes 4-7 stream id (uint32 little-endian), then the payload.
 * The agent builds its server with `smux.Server(conn, nil)`, i.e. DefaultConfig: frames of at most
 * 32,768 bytes, keepalive NOP every 10 s, the session closed after 30 s without any frame.
 */

const HEADER = 8;
const CMD = { SYN: 0, FIN: 1, PSH: 2, NOP: 3 } as const;
export const AGENT_SMUX_MAX_FRAME = 32_768;

export interface AgentSmuxEvents {
  /** A SYN: the client opened a stream. */
  open(streamId: number): void;
  data(streamId: number, data: Buffer): void;
  /** A FIN from the client. */
  fin(streamId: number): void;
  /** The client broke the protocol; smux ends the session (ErrInvalidProtocol). */
  broken(reason: string): void;
}

export class AgentSmuxServer {
  private inbox = Buffer.alloc(0);
  private dead = false;
  /** Any frame since the last keepalive check (smux's sessionIsActive). */
  heard = false;
  readonly frameCounts = { SYN: 0, FIN: 0, PSH: 0, NOP: 0 };

  constructor(
    private readonly send: (bytes: Buffer) => void,
    private readonly on: AgentSmuxEvents,
  ) {}

  /** Bytes of the client's smux stream, cut anywhere. */
  input(chunk: Buffer): void {
    if (this.dead) return;
    this.inbox = this.inbox.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.inbox, chunk]);
    let at = 0;
    while (this.inbox.length - at >= HEADER) {
      const ver = this.inbox.readUInt8(at);
      const cmd = this.inbox.readUInt8(at + 1);
      const len = this.inbox.readUInt16LE(at + 2);
      const sid = this.inbox.readUInt32LE(at + 4);
      if (ver !== 1) return this.fail(`version ${ver}`);
      if (cmd !== CMD.PSH && len !== 0) return this.fail(`command ${cmd} with length ${len}`);
      if (this.inbox.length - at - HEADER < len) break;
      const body = this.inbox.subarray(at + HEADER, at + HEADER + len);
      at += HEADER + len;
      this.heard = true;
      if (cmd === CMD.SYN) {
        this.frameCounts.SYN++;
        this.on.open(sid);
      } else if (cmd === CMD.FIN) {
        this.frameCounts.FIN++;
        this.on.fin(sid);
      } else if (cmd === CMD.PSH) {
        this.frameCounts.PSH++;
        if (len > 0) this.on.data(sid, Buffer.from(body));
      } else if (cmd === CMD.NOP) {
        this.frameCounts.NOP++;
      } else {
        return this.fail(`unknown command ${cmd}`);
      }
      if (this.dead) return;
    }
    this.inbox = Buffer.from(this.inbox.subarray(at));
  }

  /** stream.Write: the data as PSH frames of at most 32,768 bytes. */
  write(streamId: number, data: Buffer): void {
    for (let at = 0; at < data.length; at += AGENT_SMUX_MAX_FRAME) {
      const part = data.subarray(at, Math.min(data.length, at + AGENT_SMUX_MAX_FRAME));
      this.send(Buffer.concat([header(CMD.PSH, part.length, streamId), part]));
    }
  }

  fin(streamId: number): void {
    this.send(header(CMD.FIN, 0, streamId));
  }

  nop(): void {
    this.send(header(CMD.NOP, 0, 0));
  }

  private fail(reason: string): void {
    this.dead = true;
    this.on.broken(reason);
  }
}

function header(cmd: number, length: number, streamId: number): Buffer {
  const h = Buffer.alloc(HEADER);
  h.writeUInt8(1, 0);
  h.writeUInt8(cmd, 1);
  h.writeUInt16LE(length, 2);
  h.writeUInt32LE(streamId, 4);
  return h;
}
