/**
 * The Session Manager client message: the binary frame the SSM agent and its clients exchange on the
 * data channel (docs/exec-protocol.md §2). Big-endian, a 116-byte header, then a 4-byte payload length
 * and the payload. Written from the plugin's src/message/messageparser.go and clientmessage.go.
 * Editor-free.
 */
import { createHash, randomUUID } from 'node:crypto';

/** The value of the HeaderLength field: every field before PayloadLength (docs/exec-protocol.md §2). */
export const HEADER_LENGTH = 116;
/** HeaderLength + PayloadLength: where the payload starts. */
export const PAYLOAD_OFFSET = HEADER_LENGTH + 4;

const OFFSET = {
  headerLength: 0,
  messageType: 4,
  schemaVersion: 36,
  createdDate: 40,
  sequenceNumber: 48,
  flags: 56,
  messageId: 64,
  payloadDigest: 80,
  payloadType: 112,
  payloadLength: 116,
} as const;
const MESSAGE_TYPE_LENGTH = 32;
const DIGEST_LENGTH = 32;

export const MessageType = {
  InputStreamData: 'input_stream_data',
  OutputStreamData: 'output_stream_data',
  Acknowledge: 'acknowledge',
  ChannelClosed: 'channel_closed',
  StartPublication: 'start_publication',
  PausePublication: 'pause_publication',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Payload types (clientmessage.go `PayloadType`). */
export const PayloadType = {
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;
export type PayloadType = (typeof PayloadType)[keyof typeof PayloadType];

/** The values of a Flag payload (a 4-byte big-endian number). */
export const PayloadFlag = {
  DisconnectToPort: 1,
  TerminateSession: 2,
  ConnectToPortError: 3,
} as const;
export type PayloadFlag = (typeof PayloadFlag)[keyof typeof PayloadFlag];

export interface ClientMessage {
  readonly messageType: string;
  readonly schemaVersion: number;
  /** Milliseconds since the epoch. */
  readonly createdDate: number;
  readonly sequenceNumber: number;
  readonly flags: number;
  /** A UUID in its usual text form (8-4-4-4-12 hex). */
  readonly messageId: string;
  readonly payloadType: number;
  readonly payload: Buffer;
}

export type NewClientMessage = Pick<ClientMessage, 'messageType' | 'payloadType'> &
  Partial<Omit<ClientMessage, 'messageType' | 'payloadType' | 'payload'>> & { readonly payload: Uint8Array };

/** A frame that cannot be a client message: what is wrong with it, in words. */
export class MessageFormatError extends Error {
  override readonly name = 'MessageFormatError';
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * The 16 MessageId bytes on the wire: the UUID's last 8 bytes first, then its first 8
 * (putUuid writes the least significant long, then the most significant one).
 */
export function uuidToWire(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new MessageFormatError(`Not a UUID: ${uuid}`);
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([bytes.subarray(8, 16), bytes.subarray(0, 8)]);
}

export function uuidFromWire(wire: Uint8Array): string {
  const b = Buffer.from(wire);
  const hex = Buffer.concat([b.subarray(8, 16), b.subarray(0, 8)]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Serializes a message as SerializeClientMessage does: digest of the payload, type space-padded. */
export function encodeMessage(message: NewClientMessage): Buffer {
  const payload = Buffer.from(message.payload);
  const type = Buffer.from(message.messageType, 'utf8');
  if (type.length > MESSAGE_TYPE_LENGTH) {
    throw new MessageFormatError(
      `Message type longer than ${MESSAGE_TYPE_LENGTH} bytes: ${message.messageType}`,
    );
  }
  const frame = Buffer.alloc(PAYLOAD_OFFSET + payload.length);
  frame.writeUInt32BE(HEADER_LENGTH, OFFSET.headerLength);
  frame.fill(0x20, OFFSET.messageType, OFFSET.messageType + MESSAGE_TYPE_LENGTH);
  type.copy(frame, OFFSET.messageType);
  frame.writeUInt32BE(message.schemaVersion ?? 1, OFFSET.schemaVersion);
  frame.writeBigUInt64BE(BigInt(message.createdDate ?? Date.now()), OFFSET.createdDate);
  frame.writeBigInt64BE(BigInt(message.sequenceNumber ?? 0), OFFSET.sequenceNumber);
  frame.writeBigUInt64BE(BigInt(message.flags ?? 0), OFFSET.flags);
  uuidToWire(message.messageId ?? randomUUID()).copy(frame, OFFSET.messageId);
  sha256(payload).copy(frame, OFFSET.payloadDigest);
  frame.writeUInt32BE(message.payloadType, OFFSET.payloadType);
  frame.writeUInt32BE(payload.length, OFFSET.payloadLength);
  payload.copy(frame, PAYLOAD_OFFSET);
  return frame;
}

/**
 * Parses and validates a frame (DeserializeClientMessage + Validate): the lengths must agree and the
 * SHA-256 digest must match the payload. start/pause_publication are not validated further, as in Validate.
 */
export function decodeMessage(data: Uint8Array): ClientMessage {
  const frame = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (frame.length < PAYLOAD_OFFSET) {
    throw new MessageFormatError(
      `Frame of ${frame.length} bytes is shorter than the ${PAYLOAD_OFFSET}-byte client message header`,
    );
  }
  const headerLength = frame.readUInt32BE(OFFSET.headerLength);
  const messageType = frame
    .subarray(OFFSET.messageType, OFFSET.messageType + MESSAGE_TYPE_LENGTH)
    .toString('utf8')
    .replace(/\0/g, '')
    .trim();
  const payloadLength = frame.readUInt32BE(OFFSET.payloadLength);
  const isPublication =
    messageType === MessageType.StartPublication || messageType === MessageType.PausePublication;
  if (!isPublication && headerLength !== HEADER_LENGTH) {
    throw new MessageFormatError(
      `HeaderLength is ${headerLength}, expected ${HEADER_LENGTH} (${messageType})`,
    );
  }
  const payloadStart = Math.max(headerLength, HEADER_LENGTH) + 4;
  const payload = Buffer.from(frame.subarray(Math.min(payloadStart, frame.length)));
  const message: ClientMessage = {
    messageType,
    schemaVersion: frame.readUInt32BE(OFFSET.schemaVersion),
    createdDate: Number(frame.readBigUInt64BE(OFFSET.createdDate)),
    sequenceNumber: Number(frame.readBigInt64BE(OFFSET.sequenceNumber)),
    flags: Number(frame.readBigUInt64BE(OFFSET.flags)),
    messageId: uuidFromWire(frame.subarray(OFFSET.messageId, OFFSET.messageId + 16)),
    payloadType: frame.readUInt32BE(OFFSET.payloadType),
    payload,
  };
  if (isPublication) return message;
  if (!messageType) throw new MessageFormatError('MessageType is missing');
  if (message.createdDate === 0) throw new MessageFormatError(`CreatedDate is missing (${messageType})`);
  if (payloadLength !== payload.length) {
    throw new MessageFormatError(
      `PayloadLength says ${payloadLength} bytes but the frame carries ${payload.length} (${messageType})`,
    );
  }
  if (payloadLength !== 0) {
    const digest = frame.subarray(OFFSET.payloadDigest, OFFSET.payloadDigest + DIGEST_LENGTH);
    if (!sha256(payload).equals(digest)) {
      throw new MessageFormatError(
        `Payload digest mismatch: the SHA-256 of the ${payloadLength}-byte payload differs from the header's (${messageType} #${message.sequenceNumber})`,
      );
    }
  }
  return message;
}

/** The acknowledge payload (AcknowledgeContent). */
export interface AcknowledgeContent {
  readonly AcknowledgedMessageType: string;
  readonly AcknowledgedMessageId: string;
  readonly AcknowledgedMessageSequenceNumber: number;
  readonly IsSequentialMessage: boolean;
}

/** An acknowledge message for a received stream message (SerializeClientMessageWithAcknowledgeContent). */
export function encodeAcknowledge(
  of: Pick<ClientMessage, 'messageType' | 'messageId' | 'sequenceNumber'>,
): Buffer {
  const content: AcknowledgeContent = {
    AcknowledgedMessageType: of.messageType,
    AcknowledgedMessageId: of.messageId,
    AcknowledgedMessageSequenceNumber: of.sequenceNumber,
    IsSequentialMessage: true,
  };
  return encodeMessage({
    messageType: MessageType.Acknowledge,
    payloadType: 0,
    sequenceNumber: 0,
    flags: 3,
    payload: Buffer.from(JSON.stringify(content), 'utf8'),
  });
}

/** The JSON payload of a message, or a MessageFormatError naming what was expected. */
export function parseJsonPayload<T>(
  message: Pick<ClientMessage, 'payload' | 'messageType'>,
  what: string,
): T {
  try {
    return JSON.parse(message.payload.toString('utf8')) as T;
  } catch {
    throw new MessageFormatError(`The ${what} payload of a ${message.messageType} message is not JSON`);
  }
}
