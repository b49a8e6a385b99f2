/**
 * The fake SSM agent behind ExecuteCommand (and StartSession): WebSocket data channels on the fake
 * endpoint's own HTTP server, at `ws://127.0.0.1:PORT/v1/data-channel/<sessionId>?role=publish_subscribe`.
 * A session is registered when the API call hands out its stream URL and token; the client then
 * connects and speaks the data-channel protocol (agentSession.ts).
 *
 * Plug-in point: `agent.handlers.set(sessionType, factory)` (types.ts); `InteractiveCommands` (and
 * `Standard_Stream`) are the shell handler; port forwarding adds `Port`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { FakeKms } from '../kms/fakeKms';
import { AgentSession } from './agentSession';
import { ShellContainer, shellHandlerFactory } from './shellHandler';
import type { AgentFaults, SessionHandlerFactory, SessionSpec } from './types';

export const DATA_CHANNEL_PATH = '/v1/data-channel/';

export interface IssuedSession {
  readonly sessionId: string;
  readonly streamUrl: string;
  readonly tokenValue: string;
}

export class FakeSsmAgent {
  readonly handlers = new Map<string, SessionHandlerFactory>();
  /** Faults for the next sessions (each session takes a copy when it connects). */
  faults: AgentFaults = {};
  /** How often the agent resends unacknowledged output (ms). */
  resendMs = 100;
  /** Sessions issued but not yet connected, by id. */
  private readonly issued = new Map<string, { spec: SessionSpec; token: string }>();
  /** Every session that connected, in order (tests inspect counters and frames). */
  readonly sessions: AgentSession[] = [];
  /** Every token issued (tests check none of them reaches an output). */
  readonly tokens: string[] = [];
  readonly shellContainer = new ShellContainer();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private baseUrl = '';

  constructor(private readonly kms: FakeKms | undefined) {
    const shell = shellHandlerFactory(this.shellContainer);
    this.handlers.set('InteractiveCommands', shell);
    this.handlers.set('Standard_Stream', shell);
    this.handlers.set('NonInteractiveCommands', shell);
  }

  /** Serves data channels on the fake endpoint's server (its 'upgrade' requests). */
  attach(server: Server, baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/^http/, 'ws');
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const id = url.pathname.startsWith(DATA_CHANNEL_PATH)
        ? decodeURIComponent(url.pathname.slice(DATA_CHANNEL_PATH.length))
        : undefined;
      const entry = id === undefined ? undefined : this.issued.get(id);
      if (!entry) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.issued.delete(id!);
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const session = new AgentSession({
          spec: entry.spec,
          token: entry.token,
          socket: ws,
          factory: this.handlers.get(entry.spec.sessionType),
          faults: { ...this.faults },
          kms: this.kms,
          resendMs: this.resendMs,
          onEnd: () => undefined,
        });
        this.sessions.push(session);
      });
    });
  }

  /** Registers a session and returns what the API answers: the id, stream URL and token. */
  issue(spec: Omit<SessionSpec, 'sessionId'> & { sessionIdPrefix: string }): IssuedSession {
    const sessionId = `${spec.sessionIdPrefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
    const tokenValue = randomBytes(96).toString('base64');
    this.issued.set(sessionId, { spec: { ...spec, sessionId }, token: tokenValue });
    this.tokens.push(tokenValue);
    return {
      sessionId,
      tokenValue,
      streamUrl: `${this.baseUrl}${DATA_CHANNEL_PATH}${sessionId}?role=publish_subscribe&cell-number=${randomBytes(6).toString('hex')}`,
    };
  }

  /** Forgets a session that was issued (TerminateSession before connecting). */
  revoke(sessionId: string): boolean {
    return this.issued.delete(sessionId);
  }

  reset(): void {
    this.faults = {};
    this.issued.clear();
    for (const s of this.sessions.splice(0)) s.finish();
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const s of this.sessions) s.finish();
    this.wss.close();
    await this.shellContainer.remove();
  }
}
