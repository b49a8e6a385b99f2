/**
 * The Session Manager data channel over a WebSocket (docs/exec-protocol.md): the token frame, the
 * handshake (session type, KMS encryption), sequence-numbered input kept until acknowledged and
 * retransmitted, output acknowledged, de-duplicated and delivered in order, publication pauses, and
 * the channel's end. Written from the plugin's src/datachannel/streaming.go. Editor-free: the shell
 * (workflows/exec) and port forwarding build on `DataChannel`.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import type { Logger } from '../shared/logger';
import type { Redactor } from '../shared/redact';
import type { DataKeySource, SessionCipher } from './encryption';
import {
  answerHandshake,
  CLIENT_VERSION,
  compareVersions,
  SessionTypes,
  type HandshakeComplete,
  type HandshakeRequest,
} from './handshake';
import {
  decodeMessage,
  encodeAcknowledge,
  encodeMessage,
  MessageFormatError,
  MessageType,
  parseJsonPayload,
  PayloadFlag,
  PayloadType,
  type AcknowledgeContent,
  type ClientMessage,
} from './message';

/** The agents that understand the TerminateSession flag (src/config/config.go). */
const TERMINATE_FLAG_AFTER_AGENT_VERSION = '2.3.722.0';

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

interface InFlight {
  readonly sequenceNumber: number;
  readonly frame: Buffer;
  lastSentAt: number;
  attempts: number;
}

interface Pending {
  readonly payloadType: number;
  readonly data: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

function loadWebSocket(): typeof WebSocket {
  // Loaded on first use: nothing of the exec feature runs at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ws') as typeof WebSocket;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an invalid URL';
  }
}

/** `EXIT_CODE: 3` (the agent's shell plugin) or a bare number. */
export function parseExitCode(payload: Buffer): number | undefined {
  const match = /(-?\d+)\s*$/.exec(payload.toString('utf8').trim());
  return match ? Number.parseInt(match[1] ?? '', 10) : undefined;
}

/**
 * Opens the data channel and resolves once the handshake has completed (or, for an agent without the
 * handshake, once its first output arrived). Rejects with what failed: the socket, the handshake, the
 * timeout or the signal.
 */
export function openDataChannel(options: OpenDataChannelOptions): Promise<DataChannel> {
  const timing: DataChannelTiming = { ...DEFAULT_TIMING, ...options.timing };
  const { sessionId, logger } = options;
  options.redactor?.registerSecret(options.tokenValue);

  let sessionType: string | undefined;
  let sessionProperties: unknown;
  let agentVersion: string | undefined;
  let customerMessage: string | undefined;
  let cipher: SessionCipher | undefined;
  let handshakeStarted = false;
  let ready = false;
  let closure: ChannelClosure | undefined;
  let exitCode: number | undefined;
  let paused = false;

  let nextSequence = 0;
  let expectedSequence = 0;
  const inFlight = new Map<number, InFlight>();
  const pending: Pending[] = [];
  const incoming = new Map<number, ClientMessage>();
  const listeners = new Set<(event: OutputEvent) => void>();
  const early: OutputEvent[] = [];
  let rtt = 100;
  let rttVariation = 0;
  let retransmitTimeout = timing.initialRetransmitMs;
  const counts = { sent: 0, retransmitted: 0, received: 0, duplicates: 0, outOfOrder: 0 };
  // Output is handled one message at a time (the handshake awaits KMS), in sequence order.
  let delivery: Promise<void> = Promise.resolve();

  let resolveClosed!: (c: ChannelClosure) => void;
  const closed = new Promise<ChannelClosure>((resolve) => (resolveClosed = resolve));
  let resolveOpen!: (channel: DataChannel) => void;
  let rejectOpen!: (error: Error) => void;
  const opened = new Promise<DataChannel>((resolve, reject) => {
    resolveOpen = resolve;
    rejectOpen = reject;
  });

  const factory: WebSocketFactory =
    options.webSocketFactory ?? ((url) => new (loadWebSocket())(url, { perMessageDeflate: false }));
  logger.info(`Opening the data channel of session ${sessionId} at ${describeUrl(options.streamUrl)}`);
  let socket: WebSocket;
  try {
    socket = factory(options.streamUrl);
  } catch (error) {
    return Promise.reject(
      new Error(
        `Could not open the session's WebSocket: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  socket.binaryType = 'nodebuffer';

  const timers: NodeJS.Timeout[] = [];
  const connectTimer = setTimeout(
    () =>
      finish(
        'connectFailed',
        `The session's WebSocket did not open within ${timing.connectTimeoutMs / 1000} s (${describeUrl(options.streamUrl)}).`,
      ),
    timing.connectTimeoutMs,
  );
  timers.push(connectTimer);
  const resendTimer = setInterval(resendDue, timing.resendCheckMs);
  timers.push(resendTimer);

  function finish(reason: CloseReason, message: string, output?: string): void {
    if (closure) return;
    closure = {
      reason,
      message,
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(output ? { output } : {}),
    };
    for (const timer of timers) clearTimeout(timer);
    clearInterval(resendTimer);
    options.signal?.removeEventListener('abort', onAbort);
    const error = new DataChannelClosedError(closure);
    for (const p of pending.splice(0)) p.reject(error);
    if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) {
      socket.close(1000);
    }
    logger.info(`Session ${sessionId} ended (${reason}): ${message}`);
    if (!ready) rejectOpen(error);
    resolveClosed(closure);
  }

  function onAbort(): void {
    finish('aborted', 'The session was cancelled.');
  }
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  function transmit(frame: Buffer): void {
    if (socket.readyState === socket.OPEN) socket.send(frame, { binary: true });
  }

  function pump(): void {
    while (!closure && !paused && pending.length > 0 && inFlight.size < timing.window) {
      const next = pending.shift()!;
      let data: Buffer = Buffer.from(next.data);
      if (cipher && next.payloadType === PayloadType.Output) data = cipher.encrypt(data);
      const sequenceNumber = nextSequence++;
      const frame = encodeMessage({
        messageType: MessageType.InputStreamData,
        payloadType: next.payloadType,
        sequenceNumber,
        flags: 0,
        payload: data,
      });
      inFlight.set(sequenceNumber, { sequenceNumber, frame, lastSentAt: Date.now(), attempts: 0 });
      transmit(frame);
      counts.sent++;
      next.resolve();
    }
  }

  function enqueue(payloadType: number, data: Uint8Array): Promise<void> {
    if (closure) return Promise.reject(new DataChannelClosedError(closure));
    return new Promise<void>((resolve, reject) => {
      pending.push({ payloadType, data, resolve, reject });
      pump();
    });
  }

  function resendDue(): void {
    const now = Date.now();
    let resent = 0;
    for (const message of inFlight.values()) {
      if (now - message.lastSentAt <= retransmitTimeout) continue;
      if (message.attempts >= timing.maxResendAttempts) {
        finish(
          'resendTimeout',
          `The agent stopped acknowledging input: message #${message.sequenceNumber} was sent ${message.attempts + 1} times without an acknowledgement, so the session was ended.`,
        );
        return;
      }
      message.attempts++;
      message.lastSentAt = now;
      transmit(message.frame);
      counts.retransmitted++;
      // A bounded burst per tick: a long outage must not flood the socket when it comes back.
      if (++resent >= 64) break;
    }
  }

  function onAcknowledge(content: AcknowledgeContent): void {
    const message = inFlight.get(content.AcknowledgedMessageSequenceNumber);
    if (!message) return;
    inFlight.delete(message.sequenceNumber);
    if (message.attempts === 0) {
      // Jacobson/Karels as CalculateRetransmissionTimeout does (RTTConstant 1/8, RTTVConstant 1/4,
      // clock granularity 10 ms); only first transmissions are measured (Karn).
      const sample = Date.now() - message.lastSentAt;
      rttVariation = 0.75 * rttVariation + 0.25 * Math.abs(rtt - sample);
      rtt = 0.875 * rtt + 0.125 * sample;
      retransmitTimeout = Math.min(timing.maxRetransmitMs, rtt + Math.max(10, 4 * rttVariation));
    }
    pump();
  }

  function acknowledge(message: ClientMessage): void {
    transmit(encodeAcknowledge(message));
  }

  function becomeReady(): void {
    if (ready || closure) return;
    ready = true;
    clearTimeout(handshakeTimer);
    resolveOpen(channel);
  }

  function emit(event: OutputEvent): void {
    if (listeners.size === 0) {
      early.push(event);
      return;
    }
    for (const listener of listeners) listener(event);
  }

  async function deliver(message: ClientMessage): Promise<void> {
    if (closure) return;
    switch (message.payloadType) {
      case PayloadType.HandshakeRequest: {
        handshakeStarted = true;
        const request = parseJsonPayload<HandshakeRequest>(message, 'HandshakeRequest');
        const outcome = await answerHandshake(request, {
          sessionId,
          targetId: options.targetId,
          kms: options.kms,
          signal: options.signal,
        });
        agentVersion = outcome.agentVersion;
        sessionType = outcome.sessionType;
        sessionProperties = outcome.sessionProperties;
        cipher = outcome.cipher;
        await enqueue(PayloadType.HandshakeResponse, Buffer.from(JSON.stringify(outcome.response), 'utf8'));
        if (outcome.response.Errors.length > 0) {
          finish('handshakeFailed', `The session's handshake failed: ${outcome.response.Errors.join('; ')}`);
        }
        return;
      }
      case PayloadType.HandshakeComplete: {
        const complete = parseJsonPayload<HandshakeComplete>(message, 'HandshakeComplete');
        customerMessage = complete.CustomerMessage || undefined;
        if (!sessionType) {
          finish('handshakeFailed', 'The agent completed the handshake without naming the session type.');
          return;
        }
        logger.debug(
          `Session ${sessionId}: handshake complete (${sessionType}, agent ${agentVersion ?? '?'})`,
        );
        becomeReady();
        return;
      }
      case PayloadType.EncChallengeRequest: {
        if (!cipher)
          throw new MessageFormatError('The agent sent an encryption challenge but encryption is off');
        const { Challenge } = parseJsonPayload<{ Challenge: string }>(message, 'EncChallengeRequest');
        const answer = cipher.encrypt(cipher.decrypt(Buffer.from(Challenge, 'base64')));
        await enqueue(
          PayloadType.EncChallengeResponse,
          Buffer.from(JSON.stringify({ Challenge: answer.toString('base64') }), 'utf8'),
        );
        return;
      }
      default: {
        let data = message.payload;
        if (
          cipher &&
          (message.payloadType === PayloadType.Output ||
            message.payloadType === PayloadType.StdErr ||
            message.payloadType === PayloadType.ExitCode)
        ) {
          data = cipher.decrypt(data);
        }
        if (!handshakeStarted && !sessionType && message.payloadType === PayloadType.Output) {
          // Agents without the handshake start with shell output (ProcessFirstMessage).
          sessionType = SessionTypes.Standard_Stream;
          becomeReady();
        }
        if (message.payloadType === PayloadType.ExitCode) exitCode = parseExitCode(data) ?? exitCode;
        emit({ payloadType: message.payloadType, data, sequenceNumber: message.sequenceNumber });
      }
    }
  }

  function queueDelivery(message: ClientMessage): void {
    delivery = delivery
      .then(() => deliver(message))
      .catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        finish(
          'handshakeFailed',
          `Message #${message.sequenceNumber} from the agent could not be handled: ${text}`,
        );
      });
  }

  function onStreamMessage(message: ClientMessage): void {
    counts.received++;
    const seq = message.sequenceNumber;
    if (seq < expectedSequence || incoming.has(seq)) {
      // Seen before (our acknowledgement was lost): acknowledge again so the agent stops resending.
      counts.duplicates++;
      acknowledge(message);
      return;
    }
    if (seq > expectedSequence) {
      if (incoming.size >= timing.incomingBufferCapacity) return; // no ack: the agent will resend it
      counts.outOfOrder++;
      acknowledge(message);
      incoming.set(seq, message);
      return;
    }
    acknowledge(message);
    queueDelivery(message);
    expectedSequence++;
    for (let next = incoming.get(expectedSequence); next; next = incoming.get(expectedSequence)) {
      incoming.delete(expectedSequence);
      queueDelivery(next);
      expectedSequence++;
    }
  }

  function onFrame(raw: Buffer): void {
    let message: ClientMessage;
    try {
      message = decodeMessage(raw);
    } catch (error) {
      // A damaged frame is not acknowledged: the agent sends it again.
      logger.warn(
        `Session ${sessionId}: dropped a frame: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    switch (message.messageType) {
      case MessageType.OutputStreamData:
        onStreamMessage(message);
        return;
      case MessageType.Acknowledge:
        try {
          onAcknowledge(parseJsonPayload<AcknowledgeContent>(message, 'acknowledge'));
        } catch (error) {
          logger.warn(`Session ${sessionId}: ${error instanceof Error ? error.message : String(error)}`);
        }
        return;
      case MessageType.ChannelClosed: {
        let output: string | undefined;
        try {
          output = parseJsonPayload<{ Output?: string }>(message, 'channel_closed').Output || undefined;
        } catch {
          output = undefined;
        }
        // Let output already received reach the listeners first.
        void delivery.then(() =>
          finish(
            'channelClosed',
            output ? `The agent closed the session: ${output}` : 'The session ended.',
            output,
          ),
        );
        return;
      }
      case MessageType.PausePublication:
        paused = true;
        return;
      case MessageType.StartPublication:
        paused = false;
        pump();
        return;
      default:
        logger.debug(`Session ${sessionId}: ignored a ${message.messageType} message`);
    }
  }

  const handshakeTimer = setTimeout(() => {
    if (!ready) {
      finish(
        'handshakeFailed',
        `The agent did not complete the session's handshake within ${timing.handshakeTimeoutMs / 1000} s.`,
      );
    }
  }, timing.handshakeTimeoutMs + timing.connectTimeoutMs);
  timers.push(handshakeTimer);

  socket.on('open', () => {
    clearTimeout(connectTimer);
    // The token frame (FinalizeDataChannelHandshake): the only text frame of the session.
    socket.send(
      JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: randomUUID(),
        TokenValue: options.tokenValue,
        ClientId: randomUUID(),
        ClientVersion: CLIENT_VERSION,
      }),
    );
  });
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) onFrame(data);
    else logger.debug(`Session ${sessionId}: ignored a text frame from the agent`);
  });
  let socketError: string | undefined;
  socket.on('error', (error: Error) => {
    socketError = error.message;
    logger.warn(`Session ${sessionId}: WebSocket error: ${error.message}`);
    if (socket.readyState !== socket.OPEN) {
      finish(
        'connectFailed',
        `Could not connect to the session (${describeUrl(options.streamUrl)}): ${error.message}`,
      );
    }
  });
  socket.on('close', (code: number, reason: Buffer) => {
    const why = reason.toString('utf8') || socketError;
    finish(
      'socketClosed',
      `The connection to the agent closed unexpectedly (WebSocket code ${code}${why ? `: ${why}` : ''}), so session ${sessionId} ended.`,
    );
  });

  const channel: DataChannel = {
    sessionId,
    get sessionType() {
      return sessionType ?? SessionTypes.Standard_Stream;
    },
    get sessionProperties() {
      return sessionProperties;
    },
    get agentVersion() {
      return agentVersion;
    },
    get encrypted() {
      return cipher !== undefined;
    },
    get customerMessage() {
      return customerMessage;
    },
    get isClosed() {
      return closure !== undefined;
    },
    closed,
    onOutput(listener) {
      listeners.add(listener);
      if (listeners.size === 1) for (const event of early.splice(0)) listener(event);
      return { dispose: () => listeners.delete(listener) };
    },
    send: enqueue,
    sendSize: (cols, rows) =>
      enqueue(
        PayloadType.Size,
        Buffer.from(JSON.stringify({ cols: Math.floor(cols), rows: Math.floor(rows) })),
      ),
    sendFlag(flag) {
      const data = Buffer.alloc(4);
      data.writeUInt32BE(flag);
      return enqueue(PayloadType.Flag, data);
    },
    close() {
      if (closure) return;
      if (agentVersion && compareVersions(agentVersion, TERMINATE_FLAG_AFTER_AGENT_VERSION) > 0 && !paused) {
        // Straight onto the wire, ahead of any queued input: the session is ending.
        const data = Buffer.alloc(4);
        data.writeUInt32BE(PayloadFlag.TerminateSession);
        transmit(
          encodeMessage({
            messageType: MessageType.InputStreamData,
            payloadType: PayloadType.Flag,
            sequenceNumber: nextSequence++,
            payload: data,
          }),
        );
      }
      finish('clientClosed', 'The session was closed.');
    },
    stats: () => ({
      ...counts,
      unacknowledged: inFlight.size,
      retransmitTimeoutMs: retransmitTimeout,
    }),
  };
  return opened;
}
