/**
 * The WebSocket under the data channel (docs/exec-protocol.md): opening it (with a timeout), the token
 * frame that starts the session (FinalizeDataChannelHandshake, the only text frame), and how it fails
 * or closes, told in words for the user. `ws` loads on first use: nothing of exec or port forwarding
 * runs at activation. Apart from the channel so the channel deals in frames, not sockets.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import type { Logger } from '../shared/logger';
import type { WebSocketFactory } from './dataChannelApi';
import { CLIENT_VERSION } from './handshake';

export interface AgentSocketOptions {
  readonly streamUrl: string;
  readonly tokenValue: string;
  readonly sessionId: string;
  readonly logger: Logger;
  readonly connectTimeoutMs: number;
  readonly webSocketFactory?: WebSocketFactory;
}

export interface AgentSocketEvents {
  /** A binary frame from the agent. */
  readonly onFrame: (raw: Buffer) => void;
  /** The socket could not connect, or closed: the session is over. */
  readonly onEnd: (reason: 'connectFailed' | 'socketClosed', message: string) => void;
}

export interface AgentSocket {
  /** Sends a frame when the socket is open (before, or after its end, nothing). */
  transmit(frame: Buffer): void;
  /** Stops the connect timeout and closes the socket (code 1000) if it is connecting or open. */
  close(): void;
}

function loadWebSocket(): typeof WebSocket {
  // Loaded on first use: nothing of the exec feature runs at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ws') as typeof WebSocket;
}

/** Scheme and host only: the stream URL's query holds nothing for a log line. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an invalid URL';
  }
}

/** Opens the socket; throws when it cannot even be created (a malformed URL). */
export function connectAgentSocket(options: AgentSocketOptions, events: AgentSocketEvents): AgentSocket {
  const { sessionId, logger, streamUrl } = options;
  const factory: WebSocketFactory =
    options.webSocketFactory ?? ((url) => new (loadWebSocket())(url, { perMessageDeflate: false }));
  logger.info(`Opening the data channel of session ${sessionId} at ${describeUrl(streamUrl)}`);
  let socket: WebSocket;
  try {
    socket = factory(streamUrl);
  } catch (error) {
    throw new Error(
      `Could not open the session's WebSocket: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  socket.binaryType = 'nodebuffer';

  const connectTimer = setTimeout(
    () =>
      events.onEnd(
        'connectFailed',
        `The session's WebSocket did not open within ${options.connectTimeoutMs / 1000} s (${describeUrl(streamUrl)}).`,
      ),
    options.connectTimeoutMs,
  );

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
    if (isBinary) events.onFrame(data);
    else logger.debug(`Session ${sessionId}: ignored a text frame from the agent`);
  });
  let socketError: string | undefined;
  socket.on('error', (error: Error) => {
    socketError = error.message;
    logger.warn(`Session ${sessionId}: WebSocket error: ${error.message}`);
    if (socket.readyState !== socket.OPEN) {
      events.onEnd(
        'connectFailed',
        `Could not connect to the session (${describeUrl(streamUrl)}): ${error.message}`,
      );
    }
  });
  socket.on('close', (code: number, reason: Buffer) => {
    const why = reason.toString('utf8') || socketError;
    events.onEnd(
      'socketClosed',
      `The connection to the agent closed unexpectedly (WebSocket code ${code}${why ? `: ${why}` : ''}), so session ${sessionId} ended.`,
    );
  });

  return {
    transmit(frame) {
      if (socket.readyState === socket.OPEN) socket.send(frame, { binary: true });
    },
    close() {
      clearTimeout(connectTimer);
      if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) {
        socket.close(1000);
      }
    },
  };
}
