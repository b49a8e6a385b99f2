/**
 * The fake agent's plug-in point: a session handler per session type (`InteractiveCommands` for ECS
 * Exec, `Port` for port forwarding…), registered on FakeSsmAgent.handlers. A handler gets the
 * session's context (what ExecuteCommand/StartSession asked for, and ways to send output and end the
 * session) and answers the client's input, already de-duplicated, ordered and decrypted.
 */

export interface SessionSpec {
  readonly sessionId: string;
  /** The SessionType the handshake announces (and the handler registry key). */
  readonly sessionType: string;
  /** The handshake's SessionType Properties (`{ command }` for exec, `{ portNumber, type }` for ports…). */
  readonly properties: Record<string, unknown>;
  /** The target: `ecs:<cluster>_<taskId>_<runtimeId>`; part of the KMS encryption context. */
  readonly target: string;
  /** When set, the handshake asks for KMSEncryption with this key. */
  readonly kmsKeyId?: string;
  /** The agent version the handshake announces (default FAKE_AGENT_VERSION); port forwarding picks its mode by it. */
  readonly agentVersion?: string;
  /** Free-form facts for the handler (the container's image, cluster, task…). */
  readonly details?: Record<string, unknown>;
}

export interface SessionContext {
  readonly spec: SessionSpec;
  /** Sends stream data to the client (Output by default; StdErr 11, ExitCode 12, Flag 10…). */
  send(data: Buffer, payloadType?: number): void;
  /** Sends `EXIT_CODE: n` (payload type 12), then closes the channel, as the agent's shell plugin does. */
  exit(code: number): void;
  /** Sends channel_closed (with an Output text) once everything sent is acknowledged, then closes. */
  close(output?: string): void;
  /** The agent's version announced in the handshake (handlers choose features by it). */
  readonly agentVersion: string;
  /** The client's version from its HandshakeResponse. */
  readonly clientVersion: string;
  /** Output messages sent and not yet acknowledged (a handler paces itself by it, as the agent's window does). */
  unacknowledged?(): number;
}

export interface SessionHandler {
  /** Input bytes (Output payloads). */
  input(data: Buffer): void;
  /** A Size payload. */
  resize?(cols: number, rows: number): void | Promise<void>;
  /** A Flag payload other than TerminateSession (which the agent handles by ending the session). */
  flag?(flag: number): void;
  /** Any other payload type. */
  other?(payloadType: number, data: Buffer): void;
  /** The session is over (the client terminated it, or the socket went away): release everything. */
  end(): void;
}

export type SessionHandlerFactory = (context: SessionContext) => SessionHandler | Promise<SessionHandler>;

/** Faults the agent injects into one session or all sessions (FakeSsmAgent.faults). */
export interface AgentFaults {
  /** Acknowledgements for the client's input to drop (the client must retransmit). */
  dropAcks?: number;
  /** Output messages to send in swapped pairs (the client must reorder). */
  reorder?: number;
  /** Output messages to send twice (the client must deliver them once). */
  duplicate?: number;
  /** Output messages whose first transmission is lost (the agent resends them). */
  dropOutputs?: number;
  /** Destroys the socket (no channel_closed) after this many output messages. */
  closeSocketAfterOutputs?: number;
  /** Never completes the handshake (the client must time out). */
  stallHandshake?: boolean;
}
