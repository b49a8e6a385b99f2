/**
 * The Session Manager data channel over a WebSocket (docs/exec-protocol.md): it opens the socket
 * (agentSocket.ts), routes the agent's frames (output to the receive order, acknowledgements and
 * publication pauses to the send window), has the payloads interpreted in sequence
 * (sessionPayloads.ts), and ends the session once, with what ended it. Written from the plugin's
 * src/datachannel/streaming.go. Editor-free: the shell (workflows/exec) and port forwarding build on
 * `DataChannel`.
 */
import { connectAgentSocket, type AgentSocket } from './agentSocket';
import {
  DataChannelClosedError,
  DEFAULT_TIMING,
  type ChannelClosure,
  type CloseReason,
  type DataChannel,
  type DataChannelTiming,
  type OpenDataChannelOptions,
  type OutputEvent,
} from './dataChannelApi';
import { compareVersions, SessionTypes } from './handshake';
import {
  decodeMessage,
  encodeAcknowledge,
  MessageType,
  parseJsonPayload,
  PayloadFlag,
  PayloadType,
  type AcknowledgeContent,
  type ClientMessage,
} from './message';
import { ReceiveOrder } from './receiveOrder';
import { SendWindow } from './sendWindow';
import { SessionPayloads } from './sessionPayloads';

export * from './dataChannelApi';

/** The agents that understand the TerminateSession flag (src/config/config.go). */
const TERMINATE_FLAG_AFTER_AGENT_VERSION = '2.3.722.0';

function flagPayload(flag: number): Buffer {
  const data = Buffer.alloc(4);
  data.writeUInt32BE(flag);
  return data;
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

  let ready = false;
  let closure: ChannelClosure | undefined;
  const listeners = new Set<(event: OutputEvent) => void>();
  const early: OutputEvent[] = [];
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

  let socket: AgentSocket;
  try {
    socket = connectAgentSocket(
      { ...options, connectTimeoutMs: timing.connectTimeoutMs },
      { onFrame, onEnd: (reason, message) => finish(reason, message) },
    );
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  const payloads: SessionPayloads = new SessionPayloads(options, {
    send: (payloadType, data) => sendWindow.enqueue(payloadType, data),
    fail: (message) => finish('handshakeFailed', message),
    ready: becomeReady,
    emit,
  });
  const sendWindow: SendWindow = new SendWindow({
    timing,
    transmit: (frame) => socket.transmit(frame),
    seal: (payloadType, data) => payloads.seal(payloadType, data),
    giveUp: (message) => finish('resendTimeout', message),
  });
  const receiveOrder = new ReceiveOrder({
    capacity: timing.incomingBufferCapacity,
    acknowledge: (message) => socket.transmit(encodeAcknowledge(message)),
    deliver: queueDelivery,
  });

  const resendTimer = setInterval(() => sendWindow.resendDue(), timing.resendCheckMs);
  const handshakeTimer = setTimeout(() => {
    if (!ready) {
      finish(
        'handshakeFailed',
        `The agent did not complete the session's handshake within ${timing.handshakeTimeoutMs / 1000} s.`,
      );
    }
  }, timing.handshakeTimeoutMs + timing.connectTimeoutMs);

  function finish(reason: CloseReason, message: string, output?: string): void {
    if (closure) return;
    const exitCode = payloads.exitCode;
    closure = {
      reason,
      message,
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(output ? { output } : {}),
    };
    clearTimeout(handshakeTimer);
    clearInterval(resendTimer);
    options.signal?.removeEventListener('abort', onAbort);
    sendWindow.close(closure);
    socket.close();
    logger.info(`Session ${sessionId} ended (${reason}): ${message}`);
    if (!ready) rejectOpen(new DataChannelClosedError(closure));
    resolveClosed(closure);
  }

  function onAbort(): void {
    finish('aborted', 'The session was cancelled.');
  }
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

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

  function queueDelivery(message: ClientMessage): void {
    delivery = delivery
      .then(() => (closure ? undefined : payloads.handle(message)))
      .catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        finish(
          'handshakeFailed',
          `Message #${message.sequenceNumber} from the agent could not be handled: ${text}`,
        );
      });
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
        receiveOrder.accept(message);
        return;
      case MessageType.Acknowledge:
        try {
          const content = parseJsonPayload<AcknowledgeContent>(message, 'acknowledge');
          sendWindow.acknowledged(content.AcknowledgedMessageSequenceNumber);
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
        sendWindow.paused = true;
        return;
      case MessageType.StartPublication:
        sendWindow.paused = false;
        sendWindow.pump();
        return;
      default:
        logger.debug(`Session ${sessionId}: ignored a ${message.messageType} message`);
    }
  }

  const channel: DataChannel = {
    sessionId,
    get sessionType() {
      return payloads.sessionType ?? SessionTypes.Standard_Stream;
    },
    get sessionProperties() {
      return payloads.sessionProperties;
    },
    get agentVersion() {
      return payloads.agentVersion;
    },
    get encrypted() {
      return payloads.cipher !== undefined;
    },
    get customerMessage() {
      return payloads.customerMessage;
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
    send: (payloadType, data) => sendWindow.enqueue(payloadType, data),
    sendSize: (cols, rows) =>
      sendWindow.enqueue(
        PayloadType.Size,
        Buffer.from(JSON.stringify({ cols: Math.floor(cols), rows: Math.floor(rows) })),
      ),
    sendFlag: (flag) => sendWindow.enqueue(PayloadType.Flag, flagPayload(flag)),
    close() {
      if (closure) return;
      const agentVersion = payloads.agentVersion;
      if (
        agentVersion &&
        compareVersions(agentVersion, TERMINATE_FLAG_AFTER_AGENT_VERSION) > 0 &&
        !sendWindow.paused
      ) {
        // Straight onto the wire, ahead of any queued input: the session is ending.
        sendWindow.sendLast(PayloadType.Flag, flagPayload(PayloadFlag.TerminateSession));
      }
      finish('clientClosed', 'The session was closed.');
    },
    stats: () => {
      const sent = sendWindow.stats();
      return {
        sent: sent.sent,
        retransmitted: sent.retransmitted,
        ...receiveOrder.stats(),
        unacknowledged: sent.unacknowledged,
        retransmitTimeoutMs: sent.retransmitTimeoutMs,
      };
    },
  };
  return opened;
}
