import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  decodeMessage,
  encodeAcknowledge,
  encodeMessage,
  HEADER_LENGTH,
  MessageFormatError,
  PAYLOAD_OFFSET,
  uuidFromWire,
  uuidToWire,
} from '../../../src/ssm/message';

/** A frame written field by field from messageparser.go's offsets, without our encoder. */
function goFrame(fields: {
  type: string;
  seq: bigint;
  flags: bigint;
  id: string;
  payloadType: number;
  payload: Buffer;
  created: bigint;
}): Buffer {
  const hex = fields.id.replace(/-/g, '');
  const header = Buffer.alloc(120);
  header.writeUInt32BE(116, 0);
  header.fill(' ', 4, 36);
  header.write(fields.type, 4, 'ascii');
  header.writeUInt32BE(1, 36);
  header.writeBigUInt64BE(fields.created, 40);
  header.writeBigInt64BE(fields.seq, 48);
  header.writeBigUInt64BE(fields.flags, 56);
  Buffer.from(hex.slice(16) + hex.slice(0, 16), 'hex').copy(header, 64);
  createHash('sha256').update(fields.payload).digest().copy(header, 80);
  header.writeUInt32BE(fields.payloadType, 112);
  header.writeUInt32BE(fields.payload.length, 116);
  return Buffer.concat([header, fields.payload]);
}

/** npm ssm-session's decoder (MIT; untyped): a second opinion on our framing. Its encoder is not used. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ssmSession = (require('ssm-session') as { ssm: { decode(frame: Buffer): unknown } }).ssm;

const ID = '12345678-9abc-def0-1122-334455667788';

describe('the client message codec (src/ssm/message.ts)', () => {
  it('writes the bytes messageparser.go writes: header 116, type space-padded, id halves swapped, SHA-256', () => {
    const payload = Buffer.from('{"cols":80,"rows":24}');
    const ours = encodeMessage({
      messageType: 'input_stream_data',
      payloadType: 3,
      sequenceNumber: 7,
      flags: 0,
      messageId: ID,
      createdDate: 1_700_000_000_123,
      payload,
    });
    const expected = goFrame({
      type: 'input_stream_data',
      seq: 7n,
      flags: 0n,
      id: ID,
      payloadType: 3,
      payload,
      created: 1_700_000_000_123n,
    });
    assert.equal(ours.toString('hex'), expected.toString('hex'));
    assert.equal(ours.readUInt32BE(0), HEADER_LENGTH);
    assert.equal(PAYLOAD_OFFSET, 120);
    // The type is left-aligned and padded with spaces (0x20), never NUL.
    assert.equal(ours.subarray(4 + 'input_stream_data'.length, 36).toString('latin1'), ' '.repeat(15));
    // The id's last 8 bytes come first.
    assert.equal(ours.subarray(64, 72).toString('hex'), '1122334455667788');
    assert.equal(ours.subarray(72, 80).toString('hex'), '123456789abcdef0');
  });

  it('round-trips every field, including 64-bit sequence numbers and an empty payload', () => {
    for (const payload of [Buffer.alloc(0), Buffer.from([0, 1, 2, 255]), Buffer.alloc(70_000, 7)]) {
      const frame = encodeMessage({
        messageType: 'output_stream_data',
        payloadType: 1,
        sequenceNumber: 2 ** 40 + 3,
        flags: 3,
        messageId: ID,
        createdDate: 42,
        payload,
      });
      const decoded = decodeMessage(frame);
      assert.equal(decoded.messageType, 'output_stream_data');
      assert.equal(decoded.sequenceNumber, 2 ** 40 + 3);
      assert.equal(decoded.flags, 3);
      assert.equal(decoded.messageId, ID);
      assert.equal(decoded.createdDate, 42);
      assert.equal(decoded.payloadType, 1);
      assert.ok(decoded.payload.equals(payload));
    }
  });

  it('agrees with an independent decoder (npm ssm-session) on what we write', () => {
    const frame = encodeMessage({
      messageType: 'input_stream_data',
      payloadType: 1,
      sequenceNumber: 5,
      messageId: ID,
      payload: Buffer.from('ls\r'),
    });
    const theirs = ssmSession.decode(frame) as {
      headerLength: number;
      messageType: string;
      sequenceNumber: number;
      messageId: string;
      payloadType: number;
      payloadLength: number;
    };
    assert.equal(theirs.headerLength, 116);
    assert.equal(theirs.messageType, 'input_stream_data');
    assert.equal(theirs.sequenceNumber, 5);
    assert.equal(theirs.messageId, ID);
    assert.equal(theirs.payloadType, 1);
    assert.equal(theirs.payloadLength, 3);
  });

  it('refuses a frame whose payload does not match its digest, naming the message', () => {
    const frame = encodeMessage({
      messageType: 'output_stream_data',
      payloadType: 1,
      sequenceNumber: 9,
      payload: Buffer.from('abc'),
    });
    frame.writeUInt8(frame.readUInt8(frame.length - 1) ^ 1, frame.length - 1);
    assert.throws(
      () => decodeMessage(frame),
      (e: unknown) => e instanceof MessageFormatError && /digest mismatch.*#9/.test(e.message),
    );
  });

  it('refuses short frames, a wrong header length and a payload length that disagrees', () => {
    assert.throws(() => decodeMessage(Buffer.alloc(50)), /shorter than the 120-byte/);
    const frame = encodeMessage({
      messageType: 'output_stream_data',
      payloadType: 1,
      payload: Buffer.from('abc'),
    });
    const badHeader = Buffer.from(frame);
    badHeader.writeUInt32BE(100, 0);
    assert.throws(() => decodeMessage(badHeader), /HeaderLength is 100, expected 116/);
    const badLength = Buffer.from(frame);
    badLength.writeUInt32BE(10, 116);
    assert.throws(() => decodeMessage(badLength), /PayloadLength says 10 bytes but the frame carries 3/);
  });

  it('acknowledges with the Go plugin’s content: type, id, sequence, IsSequentialMessage, flags 3', () => {
    const ack = decodeMessage(
      encodeAcknowledge({ messageType: 'output_stream_data', messageId: ID, sequenceNumber: 12 }),
    );
    assert.equal(ack.messageType, 'acknowledge');
    assert.equal(ack.flags, 3);
    assert.deepEqual(JSON.parse(ack.payload.toString('utf8')), {
      AcknowledgedMessageType: 'output_stream_data',
      AcknowledgedMessageId: ID,
      AcknowledgedMessageSequenceNumber: 12,
      IsSequentialMessage: true,
    });
  });

  it('swaps the UUID halves both ways', () => {
    assert.equal(uuidFromWire(uuidToWire(ID)), ID);
    assert.throws(() => uuidToWire('nope'), /Not a UUID/);
  });
});
