/**
 * Session Manager in the fake SSM: StartSession and TerminateSession for ECS targets
 * (`ecs:<cluster>_<taskId>_<containerRuntimeId>`), as the real service answers them
 * (docs/port-forwarding.md §1):
 * - the target must be a RUNNING task of the cluster started with enableExecuteCommand, and the
 *   container's runtime id must match: else `TargetNotConnected` ("<target> is not connected.");
 * - the document must exist: `InvalidDocument`; its required parameters must be there and be lists of
 *   strings: `InvalidParameters`;
 * - denied callers get the protocol's AccessDeniedException (server.ts: `denyOperation`).
 * A started session is handed to the fake agent (`SessionAgent`: test/fakeAws/ssmAgent), which
 * answers on its WebSocket with the session type `Port` and the document's properties.
 * Parameter Store operations live in another file of this folder.
 */
import { AwsError } from '../errors';
import type { FakeEcs } from '../ecs/fakeEcs';

export interface SessionSpec {
  readonly target: string;
  readonly documentName: string;
  /** What the agent's plugin reads from the session properties. */
  readonly sessionType: 'Port';
  readonly properties: Record<string, string>;
}

/** The fake agent's side of a session: its id, where its data channel listens, with which token. */
export interface SessionAgent {
  startSession(
    spec: SessionSpec,
    sessionIdPrefix: string,
  ): { sessionId: string; streamUrl: string; tokenValue: string };
  terminateSession(sessionId: string): void;
}

export interface SessionRecord {
  readonly spec: SessionSpec & { readonly sessionId: string };
  status: 'Connected' | 'Terminated';
}

interface DocumentSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** The Port plugin's `type` property. */
  readonly type: 'LocalPortForwarding';
}

/** The Session documents this fake knows (the AWS-owned ones the extension uses). */
const DOCUMENTS: Record<string, DocumentSpec> = {
  'AWS-StartPortForwardingSession': {
    required: [],
    optional: ['portNumber', 'localPortNumber'],
    type: 'LocalPortForwarding',
  },
  'AWS-StartPortForwardingSessionToRemoteHost': {
    required: ['host'],
    optional: ['portNumber', 'localPortNumber'],
    type: 'LocalPortForwarding',
  },
};

/** The documents' defaults (the AWS documents default portNumber to 80 and localPortNumber to 0). */
const DEFAULTS: Record<string, string> = { portNumber: '80', localPortNumber: '0' };

export class FakeSsmSessions {
  readonly sessions = new Map<string, SessionRecord>();
  agent: SessionAgent | undefined;

  constructor(private readonly ecs: FakeEcs) {}

  reset(): void {
    for (const id of this.sessions.keys()) this.agent?.terminateSession(id);
    this.sessions.clear();
  }

  startSession(
    input: unknown,
    userName: string,
  ): { SessionId: string; TokenValue: string; StreamUrl: string } {
    const request = (input ?? {}) as { Target?: unknown; DocumentName?: unknown; Parameters?: unknown };
    if (typeof request.Target !== 'string' || request.Target === '')
      throw new AwsError(
        'ValidationException',
        "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null",
      );
    const target = request.Target;
    const documentName = typeof request.DocumentName === 'string' ? request.DocumentName : undefined;
    // Without a document the service starts a shell (Standard_Stream); this fake only forwards ports.
    const document = documentName === undefined ? undefined : DOCUMENTS[documentName];
    if (!documentName || !document)
      throw new AwsError(
        'InvalidDocument',
        `Document ${documentName ?? '(none)'} does not exist in your account.`,
      );
    const properties = this.parameters(request.Parameters, document);
    this.requireConnected(target);
    if (!this.agent)
      throw new AwsError('InternalServerError', 'The fake SSM has no agent to start the session on.', 500);
    const spec: SessionSpec = {
      target,
      documentName,
      sessionType: 'Port',
      properties: { ...properties, type: document.type },
    };
    // The session id starts with the caller's name, as the service's do.
    const { sessionId, streamUrl, tokenValue } = this.agent.startSession(spec, userName);
    this.sessions.set(sessionId, { spec: { ...spec, sessionId }, status: 'Connected' });
    return { SessionId: sessionId, TokenValue: tokenValue, StreamUrl: streamUrl };
  }

  terminateSession(input: unknown): { SessionId: string } {
    const sessionId = (input as { SessionId?: unknown } | undefined)?.SessionId;
    if (typeof sessionId !== 'string' || sessionId === '')
      throw new AwsError(
        'ValidationException',
        "1 validation error detected: Value null at 'sessionId' failed to satisfy constraint: Member must not be null",
      );
    // The real service answers a terminated or unknown session's id without an error.
    const record = this.sessions.get(sessionId);
    if (record && record.status !== 'Terminated') {
      record.status = 'Terminated';
      this.agent?.terminateSession(sessionId);
    }
    return { SessionId: sessionId };
  }

  private parameters(raw: unknown, document: DocumentSpec): Record<string, string> {
    const given = (raw ?? {}) as Record<string, unknown>;
    const out: Record<string, string> = {};
    const known = new Set([...document.required, ...document.optional]);
    for (const [name, value] of Object.entries(given)) {
      if (!known.has(name))
        throw new AwsError('InvalidParameters', `Parameter "${name}" is not defined in the document.`);
      if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'string')
        throw new AwsError('InvalidParameters', `Parameter "${name}" must be a list of one string.`);
      out[name] = value[0];
    }
    for (const name of document.required)
      if (out[name] === undefined || out[name] === '')
        throw new AwsError('InvalidParameters', `Parameters required but not provided: ${name}`);
    for (const name of ['portNumber', 'localPortNumber']) {
      const value = out[name] ?? DEFAULTS[name]!;
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535 || (name === 'portNumber' && port === 0))
        throw new AwsError(
          'InvalidParameters',
          `Parameter "${name}" value "${value}" is not a valid port number.`,
        );
      out[name] = value;
    }
    return out;
  }

  /** TargetNotConnected unless the target names a running, exec-enabled task's container. */
  private requireConnected(target: string): void {
    const notConnected = () => new AwsError('TargetNotConnected', `${target} is not connected.`);
    // Cluster names may hold underscores; a task id is 32 hex digits and a runtime id has none.
    const match = /^ecs:(.+)_([0-9a-f]{32})_([^_]+)$/.exec(target);
    if (!match) throw notConnected();
    const [, cluster, taskId, runtimeId] = match as unknown as [string, string, string, string];
    const task = this.ecs.getCluster(cluster) ? this.ecs.findTask(cluster, taskId) : undefined;
    if (!task || this.ecs.taskStatus(task) !== 'RUNNING' || !task.enableExecuteCommand) throw notConnected();
    if (!task.containers.some((c) => c.runtimeId === runtimeId)) throw notConnected();
  }
}
