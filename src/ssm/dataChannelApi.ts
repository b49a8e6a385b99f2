/**
 * What the Session Manager data channel offers the shell (workflows/exec) and port forwarding: its
 * options, timings, events and the channel itself (docs/exec-protocol.md). Apart from
 * `dataChannel.ts` so the parts that make the channel (the send window, the agent's payloads) share
 * these types without importing the channel.
 */
import type WebSocket from 'ws';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import type { DataKeySource } from './encryption';

export interface DataChannelTiming {
  /** Until the WebSocket is open. */
  readonly connectTimeoutMs: number;
  /** From the socket's opening until the handshake completes (or an old agent's first output). */
  readonly handshakeTimeoutMs: number;
  /** How often unacknowledged input is looked at (ResendSleepInterval: 100 ms). */
  readonly resendCheckMs: number;
  /** The retransmission timeout before any round trip is measured (DefaultTransmissionTimeout: 200 ms). */
  readonly initialRetransmitMs: number;
  /** The ceiling of the computed retransmission timeout (MaxTransmissionTimeout: 1 s). */
  readonly maxRetransmitMs: number;
  /** Resends of one message before the session is given up (ResendMaxAttempt: 3000). */
  readonly maxResendAttempts: number;
  /** Input messages in flight (sent, not acknowledged) before `send` waits. */
  readonly window: number;
  /** Out-of-order output messages kept for later (IncomingMessageBufferCapacity: 10000). */
  readonly incomingBufferCapacity: number;
}

export const DEFAULT_TIMING: DataChannelTiming = {
  connectTimeoutMs: 30_000,
  handshakeTimeoutMs: 30_000,
  resendCheckMs: 100,
  initialRetransmitMs: 200,
  maxRetransmitMs: 1_000,
  maxResendAttempts: 3_000,
  window: 10_000,
  incomingBufferCapacity: 10_000,
};

export type WebSocketFactory = (url: string) => WebSocket;

export interface OpenDataChannelOptions {
  readonly streamUrl: string;
  readonly tokenValue: string;
  readonly sessionId: string;
  /** The session's target (`ecs:<cluster>_<taskId>_<runtimeId>`): needed for the KMS encryption context. */
  readonly targetId?: string;
  /** KMS, for sessions the agent asks to encrypt (a cluster's executeCommandConfiguration.kmsKeyId). */
  readonly kms?: DataKeySource;
  readonly signal?: AbortSignal;
  readonly logger: Logger;
  /** Learns the token, so no log line or message can show it. */
  readonly redactor?: Pick<Redactor, 'registerSecret'>;
  readonly webSocketFactory?: WebSocketFactory;
  readonly timing?: Partial<DataChannelTiming>;
}

export interface OutputEvent {
  readonly payloadType: number;
  readonly data: Buffer;
  readonly sequenceNumber: number;
}

export type CloseReason =
  | 'channelClosed'
  | 'clientClosed'
  | 'socketClosed'
  | 'aborted'
  | 'resendTimeout'
  | 'handshakeFailed'
  | 'connectFailed';

export interface ChannelClosure {
  readonly reason: CloseReason;
  /** For the user: what ended the session. */
  readonly message: string;
  /** From an ExitCode payload (`EXIT_CODE: n`), when the agent sent one. */
  readonly exitCode?: number;
  /** The agent's channel_closed Output, if any. */
  readonly output?: string;
}

export interface DataChannelStats {
  readonly sent: number;
  readonly retransmitted: number;
  readonly received: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly unacknowledged: number;
  readonly retransmitTimeoutMs: number;
}

export interface DataChannel {
  readonly sessionId: string;
  /** `Standard_Stream` (shells and commands) or `Port`, from the handshake. */
  readonly sessionType: string;
  /** The session type's properties from the handshake (port sessions: `{ portNumber, type }`…). */
  readonly sessionProperties: unknown;
  /** The agent's version from the handshake; undefined for agents that do no handshake. */
  readonly agentVersion: string | undefined;
  /** True when the agent asked for KMS encryption and it is on. */
  readonly encrypted: boolean;
  /** HandshakeComplete's CustomerMessage, when the agent sent one. */
  readonly customerMessage: string | undefined;
  /**
   * Output in sequence order, each message once. Output that arrives before the first listener is
   * kept and given to it.
   */
  onOutput(listener: (event: OutputEvent) => void): { dispose(): void };
  /**
   * Sends input (an input_stream_data message; Output payloads are encrypted when the session is).
   * Resolves when the message is on the wire; waits while the window of unacknowledged messages is
   * full or the agent paused publication. Rejects once the channel has closed.
   */
  send(payloadType: number, data: Uint8Array): Promise<void>;
  /** The terminal size (a Size payload: `{"cols","rows"}`). */
  sendSize(cols: number, rows: number): Promise<void>;
  /** A Flag payload (a 4-byte big-endian number). */
  sendFlag(flag: number): Promise<void>;
  readonly closed: Promise<ChannelClosure>;
  readonly isClosed: boolean;
  /** Ends the session from this side (the TerminateSession flag when the agent knows it), then the socket. */
  close(): void;
  stats(): DataChannelStats;
}

/** The channel closed: what `send` rejects with. */
export class DataChannelClosedError extends Error {
  override readonly name = 'DataChannelClosedError';
  constructor(readonly closure: ChannelClosure) {
    super(closure.message);
  }
}
