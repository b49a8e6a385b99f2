/**
 * The fake agent's own reading and writing of Session Manager client messages, written from the Go
 * source (session-manager-plugin src/message/messageparser.go: SerializeClientMessage,
 * DeserializeClientMessage, Validate; putUuid/getUuid) separately from src/ssm, so a framing mistake
 * on either side fails the tests. It must never import src/ssm.
 *
 * Layout (offsets in bytes): 0 HeaderLength u32 = 116 | 4 MessageType [32] ASCII, left-aligned,
 * padded with spaces | 36 SchemaVersion u32 | 40 CreatedDate u64 ms | 48 SequenceNumber i64 |
 * 56 Flags u64 | 64 MessageId [16]: UUID bytes 8..15 then 0..7 | 80 PayloadDigest [32] SHA-256 |
 * 112 PayloadType u32 | 116 PayloadLength u32 | 120 Payload. All big-endian.
 */
import { createHash, randomUUID } from 'node:crypto';

export interface AgentFrame {
  type: string;
  schemaVersion: number;
  createdDate: bigint;
  sequence: bigint;
  flags: bigint;
  id: string;
  payloadType: number;
  payload: Buffer;
}

const FIELD = [
  ['headerLength', 4],
  ['type', 32],
  ['schemaVersion', 4],
  ['createdDate', 8],
  ['sequence', 8],
  ['flags', 8],
  ['id', 16],
  ['digest', 32],
  ['payloadType', 4],
  ['payloadLength', 4],
] as const;

const at: Record<string, number> = {};
let cursor = 0;
for (const [name, size] of FIELD) {
  at[name] = cursor;
  cursor += size;
}
/** 120: where the payload begins; HeaderLength is this minus the PayloadLength field. */
export const AGENT_PAYLOAD_START = cursor;

function idBytes(id: string): Buffer {
  const raw = Buffer.from(id.split('-').join(''), 'hex');
  // putUuid: the least significant long (bytes 8..15) is written first.
  const out = Buffer.alloc(16);
  raw.copy(out, 0, 8, 16);
  raw.copy(out, 8, 0, 8);
  return out;
}

function idText(wire: Buffer): string {
  const raw = Buffer.alloc(16);
  wire.copy(raw, 0, 8, 16);
  wire.copy(raw, 8, 0, 8);
  const h = raw.toString('hex');
  return [
    h.substring(0, 8),
    h.substring(8, 12),
    h.substring(12, 16),
    h.substring(16, 20),
    h.substring(20),
  ].join('-');
}

export function writeFrame(frame: Partial<AgentFrame> & { type: string; payload: Buffer }): Buffer {
  const out = Buffer.alloc(AGENT_PAYLOAD_START + frame.payload.length, 0);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at.headerLength!, AGENT_PAYLOAD_START - 4);
  for (let i = 0; i < 32; i++) out[at.type! + i] = i < frame.type.length ? frame.type.charCodeAt(i) : 0x20;
  view.setUint32(at.schemaVersion!, frame.schemaVersion ?? 1);
  view.setBigUint64(at.createdDate!, frame.createdDate ?? BigInt(Date.now()));
  view.setBigInt64(at.sequence!, frame.sequence ?? 0n);
  view.setBigUint64(at.flags!, frame.flags ?? 0n);
  idBytes(frame.id ?? randomUUID()).copy(out, at.id);
  createHash('sha256').update(frame.payload).digest().copy(out, at.digest);
  view.setUint32(at.payloadType!, frame.payloadType ?? 0);
  view.setUint32(at.payloadLength!, frame.payload.length);
  frame.payload.copy(out, AGENT_PAYLOAD_START);
  return out;
}

/** Reads a frame; throws on what the agent's Validate would reject. */
export function readFrame(data: Buffer): AgentFrame {
  if (data.length < AGENT_PAYLOAD_START) throw new Error(`frame too short: ${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(at.headerLength!);
  if (headerLength !== AGENT_PAYLOAD_START - 4) throw new Error(`bad HeaderLength ${headerLength}`);
  const typeBytes = data.subarray(at.type, at.type! + 32);
  // The client must pad with spaces, as the Go code does; a NUL means a different encoder.
  if (typeBytes.includes(0)) throw new Error('MessageType padded with NUL bytes, not spaces');
  const type = typeBytes.toString('ascii').trimEnd();
  const payloadLength = view.getUint32(at.payloadLength!);
  const payload = Buffer.from(data.subarray(AGENT_PAYLOAD_START));
  if (payload.length !== payloadLength)
    throw new Error(`PayloadLength ${payloadLength} != ${payload.length}`);
  const digest = data.subarray(at.digest, at.digest! + 32);
  if (payloadLength > 0 && !createHash('sha256').update(payload).digest().equals(digest)) {
    throw new Error('payload digest is not the SHA-256 of the payload');
  }
  const createdDate = view.getBigUint64(at.createdDate!);
  if (createdDate === 0n) throw new Error('CreatedDate is missing');
  return {
    type,
    schemaVersion: view.getUint32(at.schemaVersion!),
    createdDate,
    sequence: view.getBigInt64(at.sequence!),
    flags: view.getBigUint64(at.flags!),
    id: idText(Buffer.from(data.subarray(at.id, at.id! + 16))),
    payloadType: view.getUint32(at.payloadType!),
    payload,
  };
}
