/**
 * Plugs the Port handler (portHandler.ts) into the fake agent (FakeSsmAgent.handlers 'Port') and the
 * fake SSM's StartSession into the fake agent (FakeSsmSessions.agent). What the agent is and where
 * destinations really are is set per test on `PortAgentSettings` (fake.ssm.port).
 */
import type { FakeSsmAgent } from '../fakeSsmAgent';
import type { SessionHandlerFactory } from '../types';
import type { SessionAgent } from '../../ssm/sessions';
import { createPortHandler, PAYLOAD_FLAG, PAYLOAD_OUTPUT } from './portHandler';

export interface PortAgentSettings {
  /** The agent version of the next sessions (undefined: the fake agent's own, which multiplexes). */
  agentVersion?: string;
  /** Where a destination really is: `host` is undefined for the container's own port. */
  resolve?: (target: string, host: string | undefined, port: number) => { host: string; port: number };
  /** Bytes per Output message the agent sends (the agent: 1,024). */
  outputChunkSize?: number;
  /** The agent's smux keepalive (off when absent). */
  keepAlive?: { intervalMs: number; timeoutMs: number };
  /**
   * The account's Session Manager preference `kmsKeyId` (the SSM-SessionManagerRunShell document):
   * when set, the agent asks the client for KMS encryption in the handshake of every session.
   */
  kmsKeyId?: string;
  /** Every handler created, newest last (tests read its mode). */
  readonly handlers: Array<{ mode: 'multiplexed' | 'basic'; target: string }>;
}

export function newPortAgentSettings(): PortAgentSettings {
  return { handlers: [] };
}

export function resetPortAgentSettings(settings: PortAgentSettings): void {
  settings.agentVersion = undefined;
  settings.resolve = undefined;
  settings.outputChunkSize = undefined;
  settings.keepAlive = undefined;
  settings.kmsKeyId = undefined;
  settings.handlers.length = 0;
}

/** Output messages in flight before the fake agent stops reading a destination. */
const OUTPUT_WINDOW = 256;

function flagBytes(flag: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(flag, 0);
  return b;
}

export function portHandlerFactory(settings: PortAgentSettings): SessionHandlerFactory {
  return (context) => {
    const target = context.spec.target;
    // The agent's own window: past it the destination is not read until acknowledgements come back.
    const drainListeners: Array<() => void> = [];
    const windowCheck = setInterval(() => {
      if ((context.unacknowledged?.() ?? 0) < OUTPUT_WINDOW / 2) for (const l of drainListeners) l();
    }, 2);
    const handler = createPortHandler(
      context.spec.properties,
      {
        clientVersion: context.clientVersion,
        sendOutput: (payloadType, payload) => {
          context.send(Buffer.from(payload), payloadType);
          return (context.unacknowledged?.() ?? 0) < OUTPUT_WINDOW;
        },
        onDrain: (listener) => drainListeners.push(listener),
        end: (reason) => context.close(reason ?? ''),
      },
      {
        agentVersion: context.agentVersion,
        ...(settings.resolve ? { resolve: (host, port) => settings.resolve!(target, host, port) } : {}),
        ...(settings.outputChunkSize ? { outputChunkSize: settings.outputChunkSize } : {}),
        ...(settings.keepAlive ? { keepAlive: settings.keepAlive } : {}),
      },
    );
    settings.handlers.push({ mode: handler.mode, target });
    return {
      input: (data) => handler.input(PAYLOAD_OUTPUT, data),
      flag: (flag) => handler.input(PAYLOAD_FLAG, flagBytes(flag)),
      end: () => {
        clearInterval(windowCheck);
        handler.close();
      },
    };
  };
}

/** StartSession → the fake agent's issued session; TerminateSession → revoke or close it. */
export function sessionAgentOf(agent: FakeSsmAgent, settings: PortAgentSettings): SessionAgent {
  return {
    startSession(spec, sessionIdPrefix) {
      return agent.issue({
        sessionIdPrefix,
        sessionType: spec.sessionType,
        properties: spec.properties,
        target: spec.target,
        ...(settings.agentVersion ? { agentVersion: settings.agentVersion } : {}),
        ...(settings.kmsKeyId ? { kmsKeyId: settings.kmsKeyId } : {}),
      });
    },
    terminateSession(sessionId) {
      if (agent.revoke(sessionId)) return;
      agent.sessions.find((s) => s.sessionId === sessionId)?.close('');
    },
  };
}
