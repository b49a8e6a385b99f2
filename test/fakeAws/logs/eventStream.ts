/**
 * The AWS event-stream binary framing (application/vnd.amazon.eventstream), written from the
 * format, not with the SDK's codec, so the SDK's decoder really checks the fake's bytes:
 *   [total length u32][headers length u32][prelude CRC32 u32][headers][payload][message CRC32 u32]
 * Each header: [name length u8][name][type u8][value]; we only need type 7 (string: u16 length + bytes).
 * And a reply the server streams instead of writing one body (used by StartLiveTail).
 */
import type { ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

const STRING_HEADER = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let at = header.writeUInt8(nameBytes.length, 0);
    at += nameBytes.copy(header, at);
    at = header.writeUInt8(STRING_HEADER, at);
    at = header.writeUInt16BE(valueBytes.length, at);
    valueBytes.copy(header, at);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

export function encodeFrame(headers: Record<string, string>, payload: Buffer): Buffer {
  const headerBytes = encodeHeaders(headers);
  const total = 12 + headerBytes.length + payload.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, 12);
  payload.copy(frame, 12 + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

/** A modelled event (`:event-type` is the union member: sessionStart, sessionUpdate…). */
export function eventFrame(eventType: string, body: unknown): Buffer {
  return encodeFrame(
    { ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' },
    Buffer.from(JSON.stringify(body), 'utf8'),
  );
}

/** A modelled exception inside the stream (SessionTimeoutException, SessionStreamingException). */
export function exceptionFrame(exceptionType: string, message: string): Buffer {
  return encodeFrame(
    { ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' },
    Buffer.from(JSON.stringify({ message }), 'utf8'),
  );
}

/**
 * What a handler returns to stream its answer: the server writes the status and headers, then
 * hands the response over; `done` is called once the stream has ended (for the call statistics).
 */
export class StreamingReply {
  constructor(
    readonly headers: Record<string, string>,
    readonly run: (res: ServerResponse) => Promise<void>,
  ) {}

  start(res: ServerResponse, requestId: string, done: () => void): void {
    res.writeHead(200, { ...this.headers, 'x-amzn-requestid': requestId });
    res.flushHeaders();
    this.run(res).then(done, (err: unknown) => {
      done();
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  }
}
