/**
 * What port forwarding needs from a Session Manager data channel (src/ssm/dataChannel.ts gives it,
 * through portChannelFrom in dataChannelPort.ts): ordered payloads both ways, a full/drain signal for
 * what we send, a brake on what we receive, and the end of the session. Editor-free.
 */
import type { Event } from '../../shared/events';

/** Payload types of stream messages (session-manager-plugin src/message/clientmessage.go). */
export const PAYLOAD_OUTPUT = 1;
export const PAYLOAD_FLAG = 10;

/** The Flag payload: a uint32, big-endian (clientmessage.go PayloadTypeFlag). */
export const FLAG_DISCONNECT_TO_PORT = 1;
export const FLAG_TERMINATE_SESSION = 2;
export const FLAG_CONNECT_TO_PORT_ERROR = 3;

export interface ChannelPayload {
  readonly payloadType: number;
  readonly payload: Buffer;
}

export interface PortForwardChannel {
  /** The agent's version from its handshake request (decides multiplexing: agentVersion.ts). */
  readonly agentVersion: string | undefined;
  /** The session properties' `type` (LocalPortForwarding for the port documents). */
  readonly portSessionType: string | undefined;
  /** Sends one input payload, in order; false when the channel's queue is full (wait for onDrain). */
  send(payloadType: number, payload: Buffer): boolean;
  readonly onDrain: Event<void>;
  /** The agent's output payloads, in sequence order. */
  readonly onPayload: Event<ChannelPayload>;
  /** The channel ended: the agent or the service closed it (with the reason), or close() was called. */
  readonly onClosed: Event<Error | undefined>;
  /** Stop delivering output until resume() (the receiver's buffers are full). Optional. */
  pause?(): void;
  resume?(): void;
  close(): void;
}

export function flagPayload(flag: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(flag, 0);
  return payload;
}

export function readFlag(payload: Buffer): number | undefined {
  return payload.length >= 4 ? payload.readUInt32BE(0) : undefined;
}
