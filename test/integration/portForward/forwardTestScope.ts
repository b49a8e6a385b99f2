/**
 * What a port-forwarding test opens (TCP servers, forwards) and must close after it, however it
 * ends: both forwarding suites (forwarders.test.ts on the in-memory channel, portForward.test.ts on
 * the WebSocket one) call this in their `describe`, which registers the `afterEach` that stops the
 * forwards first (they hold connections to the servers), then closes the servers.
 */
import type { PortForward } from '../../../src/workflows/portForward/portForward';
import type { Listening } from './tcpServers';

export interface ForwardTestScope {
  /** Awaits the server and closes it after the test. */
  readonly serve: <T extends Listening>(server: Promise<T>) => Promise<T>;
  /** Stops the forward after the test. */
  readonly keep: (forward: PortForward) => PortForward;
}

/** Call inside a `describe`: the cleanup runs after each of its tests. */
export function forwardTestScope(): ForwardTestScope {
  const servers: Listening[] = [];
  const forwards: PortForward[] = [];
  afterEach(async () => {
    await Promise.all(forwards.splice(0).map((f) => f.stop()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    serve: async (server) => {
      const s = await server;
      servers.push(s);
      return s;
    },
    keep: (forward) => {
      forwards.push(forward);
      return forward;
    },
  };
}
