/**
 * Forward Port: a local 127.0.0.1 port → a port of an ECS container, or → a host and port the task
 * reaches, over a Session Manager port-forwarding session (docs/port-forwarding.md). Editor-free: the
 * command asks the questions and shows the result; the tests and the benchmark run this directly.
 *
 * Steps: listen on 127.0.0.1 first (a port in use fails before anything is started on AWS), start
 * the SSM session (StartSession), open its data channel, pick the mode from the agent's version
 * (multiplexed or basic: agentVersion.ts), forward until stop(), abort, or the session ends.
 * Ending closes everything it opened: the local connections, the listener, the data channel (after
 * the TerminateSession flag) and the SSM session (TerminateSession). Nothing is left listening.
 */
import * as net from 'node:net';
import { abortError } from '../../shared/abort';
import { type Disposable, Emitter } from '../../shared/events';
import type { Logger } from '../../shared/logger';
import { ecsSessionTarget, type SsmGateway, type SsmSession } from '../../aws/ssmGateway';
import { portForwardMode, type PortForwardMode, smuxKeepAliveWanted } from './agentVersion';
import { startBasicForwarder } from './basicForwarder';
import type { Forwarder } from './forwarder';
import { listenOnLoopback, LOOPBACK } from './localListener';
import { startMuxForwarder } from './muxForwarder';
import { FLAG_TERMINATE_SESSION, flagPayload, PAYLOAD_FLAG, type PortForwardChannel } from './portChannel';

export interface PortForwardRequest {
  readonly cluster: string;
  /** The task's ARN or id. */
  readonly task: string;
  readonly container: string;
  /** DescribeTasks containers[].runtimeId: part of the session target. */
  readonly runtimeId: string;
  /** The port in the container (or on `remoteHost`). */
  readonly remotePort: number;
  /** A host reachable from the task (AWS-StartPortForwardingSessionToRemoteHost). */
  readonly remoteHost?: string;
  /** The local port the user asked for; without it the container's port or the next free one. */
  readonly localPort?: number;
}

export interface PortForwardDeps {
  readonly ssm: Pick<SsmGateway, 'startPortForwardingSession' | 'terminateSession'>;
  /** Opens the session's data channel (WebSocket, handshake) as a port channel; `target` is the session's. */
  openChannel(session: SsmSession, signal: AbortSignal, target: string): Promise<PortForwardChannel>;
  readonly logger?: Logger;
  /** Bytes per data-channel message; the default suits the agent (docs/port-forwarding.md §4). */
  readonly messageSize?: number;
}

export type PortForwardStep = 'listen' | 'session' | 'channel';

export type PortForwardEvent =
  | { readonly kind: 'connections'; readonly open: number }
  /** Basic mode: connections waiting their turn (one at a time). */
  | { readonly kind: 'waiting'; readonly count: number }
  /** The task could not connect to the destination port. */
  | { readonly kind: 'connectError' };

export interface PortForwardEnd {
  /** stopped: by stop() or the signal; closed: the session ended on the agent's side; failed: broken. */
  readonly reason: 'stopped' | 'closed' | 'failed';
  readonly error?: Error;
}

export interface PortForward {
  readonly sessionId: string;
  readonly request: PortForwardRequest;
  readonly mode: PortForwardMode;
  /** Always 127.0.0.1. */
  readonly localHost: string;
  readonly localPort: number;
  /** The destination as the user sees it: `web:8080` or `db.internal:5432`. */
  readonly destination: string;
  readonly connections: number;
  readonly onEvent: (listener: (event: PortForwardEvent) => void) => Disposable;
  /** Settles once everything is closed, with why. Never rejects. */
  readonly ended: Promise<PortForwardEnd>;
  readonly isEnded: boolean;
  stop(): Promise<PortForwardEnd>;
}

export interface StartPortForwardOptions {
  readonly signal: AbortSignal;
  readonly onStep?: (step: PortForwardStep) => void;
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/**
 * StartSession's own errors, told with what to do (docs/port-forwarding.md §1); others (access
 * denied, expired credentials, network) go on to describeAwsError as they are.
 */
export function explainStartSessionError(error: unknown, request: PortForwardRequest): unknown {
  const name = error instanceof Error ? error.name : undefined;
  const task = request.task.split('/').pop() ?? request.task;
  if (name === 'TargetNotConnected') {
    const explained = new Error(
      `Session Manager cannot reach container ${request.container} of task ${task} (TargetNotConnected). The task must be RUNNING with ECS Exec on (enableExecuteCommand), its ExecuteCommandAgent RUNNING, and its task role allowed ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel.`,
      { cause: error },
    );
    explained.name = 'PortForwardTargetNotConnected';
    return explained;
  }
  if (name === 'InvalidDocument' || name === 'InvalidParameters') {
    const explained = new Error(
      `Session Manager refused the port-forwarding document (${name}): ${error instanceof Error ? error.message : ''}`,
      { cause: error },
    );
    explained.name = 'PortForwardDocumentError';
    return explained;
  }
  return error;
}

export function destinationLabel(request: PortForwardRequest): string {
  return `${request.remoteHost ?? request.container}:${request.remotePort}`;
}

export async function startPortForward(
  deps: PortForwardDeps,
  request: PortForwardRequest,
  options: StartPortForwardOptions,
): Promise<PortForward> {
  const { signal } = options;
  if (signal.aborted) throw abortError(signal);
  // allowHalfOpen: a local client's half-close (FIN) travels as a stream FIN, the reply still comes back.
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: false });
  options.onStep?.('listen');
  const localPort = await listenOnLoopback(server, {
    ...(request.localPort !== undefined ? { port: request.localPort } : {}),
    preferredPort: request.remotePort,
  });

  let session: SsmSession | undefined;
  let channel: PortForwardChannel | undefined;
  try {
    options.onStep?.('session');
    const runtimeTarget = ecsSessionTarget(request.cluster, request.task, request.runtimeId);
    session = await deps.ssm
      .startPortForwardingSession(
        {
          target: runtimeTarget,
          portNumber: request.remotePort,
          localPortNumber: localPort,
          ...(request.remoteHost !== undefined ? { host: request.remoteHost } : {}),
        },
        signal,
      )
      .catch((error: unknown) => {
        throw explainStartSessionError(error, request);
      });
    options.onStep?.('channel');
    channel = await deps.openChannel(session, signal, runtimeTarget);
    if (signal.aborted) throw abortError(signal);
  } catch (error) {
    channel?.close();
    await closeServer(server);
    if (session) await deps.ssm.terminateSession(session.sessionId).catch(() => undefined);
    throw error;
  }
  return forward(deps, request, server, localPort, session, channel, signal);
}

function forward(
  deps: PortForwardDeps,
  request: PortForwardRequest,
  server: net.Server,
  localPort: number,
  session: SsmSession,
  channel: PortForwardChannel,
  signal: AbortSignal,
): PortForward {
  const emitter = new Emitter<PortForwardEvent>();
  let end: PortForwardEnd | undefined;
  let resolveEnded: (end: PortForwardEnd) => void = () => undefined;
  const ended = new Promise<PortForwardEnd>((resolve) => (resolveEnded = resolve));
  const mode = portForwardMode(channel.agentVersion, channel.portSessionType);
  const events = {
    connectionsChanged: (open: number) => emitter.fire({ kind: 'connections', open }),
    waiting: (count: number) => emitter.fire({ kind: 'waiting', count }),
    connectError: () => emitter.fire({ kind: 'connectError' }),
    failed: (error: Error) => void finish({ reason: 'failed', error }),
  };
  const forwarder: Forwarder =
    mode === 'multiplexed'
      ? startMuxForwarder(server, channel, {
          keepAlive: smuxKeepAliveWanted(channel.agentVersion),
          events,
          ...(deps.messageSize ? { messageSize: deps.messageSize } : {}),
        })
      : startBasicForwarder(server, channel, {
          events,
          ...(deps.messageSize ? { messageSize: deps.messageSize } : {}),
        });
  deps.logger?.info(
    `Port forward ${LOOPBACK}:${localPort} → ${destinationLabel(request)} (session ${session.sessionId}, agent ${channel.agentVersion ?? 'unknown'}, ${mode})`,
  );

  const closedSubscription = channel.onClosed((error) => {
    void finish(
      end === undefined ? { reason: error ? 'failed' : 'closed', ...(error ? { error } : {}) } : end,
    );
  });
  const onAbort = () => void finish({ reason: 'stopped' });
  signal.addEventListener('abort', onAbort, { once: true });

  async function finish(result: PortForwardEnd): Promise<PortForwardEnd> {
    if (end) return ended;
    end = result;
    signal.removeEventListener('abort', onAbort);
    closedSubscription.dispose();
    forwarder.close();
    const listenerClosed = closeServer(server);
    if (result.reason === 'stopped') {
      try {
        channel.send(PAYLOAD_FLAG, flagPayload(FLAG_TERMINATE_SESSION));
      } catch {
        // the channel may already be gone
      }
    }
    channel.close();
    await listenerClosed;
    await deps.ssm.terminateSession(session.sessionId).catch((error: unknown) => {
      deps.logger?.warn(
        `Ending the SSM session ${session.sessionId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    deps.logger?.info(
      `Port forward ${LOOPBACK}:${localPort} ended: ${result.reason}${result.error ? ` (${result.error.message})` : ''}`,
    );
    emitter.dispose();
    resolveEnded(result);
    return result;
  }

  return {
    sessionId: session.sessionId,
    request,
    mode,
    localHost: LOOPBACK,
    localPort,
    destination: destinationLabel(request),
    get connections() {
      return forwarder.connections;
    },
    onEvent: emitter.event,
    ended,
    get isEnded() {
      return end !== undefined;
    },
    stop: () => finish({ reason: 'stopped' }),
  };
}
