/**
 * Port forwarding from a real local listener, through the product's smux client (or basic mode) and
 * the fake agent's own smux server, to real TCP servers on loopback. The data channel is the in-memory
 * one (memoryChannel.ts); portForward.test.ts runs the same through the WebSocket data channel, the
 * fake SSM and the real SDK client.
 */
import * as assert from 'node:assert/strict';
import type * as net from 'node:net';
import type { SsmGateway } from '../../../src/aws/ssmGateway';
import {
  type PortForward,
  type PortForwardEvent,
  type PortForwardRequest,
  startPortForward,
} from '../../../src/workflows/portForward/portForward';
import { FLAG_DISCONNECT_TO_PORT, PAYLOAD_FLAG } from '../../../src/workflows/portForward/portChannel';
import type { PortSessionProperties } from '../../fakeAws/ssmAgent/port/portHandler';
import { forwardTestScope } from './forwardTestScope';
import { memorySession, type MemorySession } from './memoryChannel';
import {
  echoServer,
  exchange,
  exchangeServer,
  httpGet,
  httpServer,
  listeningAddresses,
  refused,
  type Listening,
} from './tcpServers';

const NEW_AGENT = '3.3.1802.0';
const OLD_AGENT = '3.0.196.0'; // multiplexing is for agents AFTER this one

function fakeSsm() {
  const calls: string[] = [];
  const ssm: Pick<SsmGateway, 'startPortForwardingSession' | 'terminateSession'> = {
    startPortForwardingSession: (input) => {
      calls.push(`start ${input.target} ${input.portNumber}${input.host ? ` ${input.host}` : ''}`);
      return Promise.resolve({ sessionId: 'user-0001', streamUrl: 'wss://unused', tokenValue: 'tok' });
    },
    terminateSession: (id) => {
      calls.push(`terminate ${id}`);
      return Promise.resolve();
    },
  };
  return { ssm, calls };
}

interface Setup {
  forward: PortForward;
  session: MemorySession;
  events: PortForwardEvent[];
  calls: string[];
  dials: net.Socket[];
}

async function setup(
  server: Listening | { port: number },
  request: Partial<PortForwardRequest> = {},
  agent: Partial<Parameters<typeof memorySession>[1]> = {},
): Promise<Setup> {
  const { ssm, calls } = fakeSsm();
  const dials: net.Socket[] = [];
  let session: MemorySession | undefined;
  const properties: PortSessionProperties = {
    portNumber: String(request.remotePort ?? 8080),
    type: 'LocalPortForwarding',
    ...(request.remoteHost ? { host: request.remoteHost } : {}),
  };
  const forward = await startPortForward(
    {
      ssm,
      openChannel: () => {
        session = memorySession(properties, {
          agentVersion: NEW_AGENT,
          resolve: () => ({ host: '127.0.0.1', port: server.port }),
          onDial: (s) => dials.push(s),
          ...agent,
        });
        return Promise.resolve(session.client);
      },
    },
    {
      cluster: 'prod',
      task: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef',
      container: 'web',
      runtimeId: '0123456789abcdef0123456789abcdef-1234567890',
      remotePort: 8080,
      ...request,
    },
    { signal: new AbortController().signal },
  );
  const events: PortForwardEvent[] = [];
  forward.onEvent((e) => events.push(e));
  return { forward, session: session!, events, calls, dials };
}

describe('port forwarding (local listener ↔ smux ↔ fake agent ↔ TCP servers)', function () {
  this.timeout(60_000);
  const { serve, keep } = forwardTestScope();
  async function forwardTo(...args: Parameters<typeof setup>): Promise<Setup> {
    const s = await setup(...args);
    keep(s.forward);
    return s;
  }

  it('fetches an HTTP page through a multiplexed forward, on a listener bound to 127.0.0.1 only', async () => {
    const web = await serve(httpServer());
    const { forward, session, calls } = await forwardTo(web);
    assert.equal(forward.mode, 'multiplexed');
    assert.equal(session.agent.mode, 'multiplexed');
    assert.equal(forward.localHost, '127.0.0.1');
    const page = await httpGet(forward.localPort, '/index.html');
    assert.deepEqual(page, { status: 200, body: 'hello from /index.html' });
    const addresses = await listeningAddresses(forward.localPort);
    if (addresses) assert.deepEqual(addresses, ['127.0.0.1']);
    assert.match(
      calls[0] ?? '',
      /^start ecs:prod_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1234567890 8080$/,
    );
  });

  it('prefers the container port locally, and the next free one when it is taken', async () => {
    const web = await serve(httpServer());
    const first = await forwardTo(web, { remotePort: web.port });
    // The container's port is the test server's, so it is taken locally: the next one is used.
    assert.ok(first.forward.localPort > web.port && first.forward.localPort <= web.port + 20);
  });

  it('carries 10 parallel connections at once, each byte-exact', async () => {
    const echo = await serve(echoServer());
    const { forward, dials } = await forwardTo(echo);
    const size = 512 * 1024;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => exchange(forward.localPort, size, size)),
    );
    for (const r of results) assert.equal(r.received, r.sent);
    assert.equal(dials.length, 10, 'the agent dialled one destination connection per local connection');
  });

  it('moves 16 MiB of random bytes each way at the same time, byte-exact', async () => {
    const size = 16 * 1024 * 1024;
    const server = await serve(exchangeServer(size));
    const { forward } = await forwardTo(server);
    const client = await exchange(forward.localPort, size, size);
    const far = await server.results[0]!;
    assert.equal(client.receivedBytes, size);
    assert.equal(far.receivedBytes, size);
    assert.equal(far.received, client.sent, 'what the server received is what the client sent');
    assert.equal(client.received, far.sent, 'what the client received is what the server sent');
  });

  it('forwards to a remote host reachable from the task (the host goes to StartSession and the agent)', async () => {
    const db = await serve(echoServer());
    let askedHost: string | undefined;
    const { forward, calls } = await forwardTo(
      db,
      { remoteHost: 'db.cluster-abc.us-east-1.rds.amazonaws.com', remotePort: 5432 },
      {
        resolve: (host) => {
          askedHost = host;
          return { host: '127.0.0.1', port: db.port };
        },
      },
    );
    assert.equal(forward.destination, 'db.cluster-abc.us-east-1.rds.amazonaws.com:5432');
    const r = await exchange(forward.localPort, 1000, 1000);
    assert.equal(r.received, r.sent);
    assert.equal(askedHost, 'db.cluster-abc.us-east-1.rds.amazonaws.com');
    assert.match(calls[0] ?? '', / 5432 db\.cluster-abc\.us-east-1\.rds\.amazonaws\.com$/);
  });

  it('tells the user when the task cannot connect to the port (ConnectToPortError), and closes that connection', async () => {
    const closedServer = await echoServer();
    const deadPort = closedServer.port;
    await closedServer.close();
    const { forward, events } = await forwardTo({ port: deadPort });
    await assert.rejects(exchange(forward.localPort, 10, 10), /closed after 0 of 10 bytes|ECONNRESET/);
    assert.ok(events.some((e) => e.kind === 'connectError'));
    assert.equal(forward.isEnded, false, 'one failed connection does not end the forward');
  });

  it('basic mode (agent 3.0.196.0): one connection at a time, the next one waits, DisconnectToPort between them', async () => {
    const echo = await serve(echoServer());
    const { forward, events, session, dials } = await forwardTo(
      echo,
      {},
      { agentVersion: OLD_AGENT, record: true },
    );
    assert.equal(forward.mode, 'basic');
    assert.equal(session.agent.mode, 'basic');
    const first = await import('node:net').then((net) =>
      net.connect({ host: '127.0.0.1', port: forward.localPort }),
    );
    await new Promise((r) => first.once('connect', r));
    first.write('one');
    await new Promise((r) => first.once('data', r));
    const second = exchange(forward.localPort, 5, 5);
    await waitFor(() => events.some((e) => e.kind === 'waiting' && e.count === 1));
    first.destroy();
    const r = await second;
    assert.equal(r.received, r.sent);
    assert.ok(
      session.sentByClient.some(
        (p) => p.payloadType === PAYLOAD_FLAG && p.payload.readUInt32BE(0) === FLAG_DISCONNECT_TO_PORT,
      ),
      'DisconnectToPort was sent when the first connection closed',
    );
    assert.equal(dials.length, 2, 'the agent dialled again for the second connection');
  });

  it('when the agent closes mid-transfer: the forward ends with the reason, the listener and connections close', async () => {
    const size = 64 * 1024 * 1024;
    const server = await serve(exchangeServer(size));
    const { forward, session, calls } = await forwardTo(server);
    const transfer = exchange(forward.localPort, size, size);
    await waitFor(() => server.connections.size === 1);
    session.agentCloses('The session was terminated');
    const end = await forward.ended;
    assert.equal(end.reason, 'failed');
    assert.match(end.error?.message ?? '', /terminated/);
    await assert.rejects(transfer, /closed after|ECONNRESET/);
    assert.equal(await refused(forward.localPort), true, 'nothing listens any more');
    assert.ok(calls.includes('terminate user-0001'));
  });

  it('stop() closes the listener and every connection, and ends the SSM session', async () => {
    const echo = await serve(echoServer());
    const { forward, calls } = await forwardTo(echo);
    const net = await import('node:net');
    const open = net.connect({ host: '127.0.0.1', port: forward.localPort });
    await new Promise((r) => open.once('connect', r));
    await waitFor(() => forward.connections === 1);
    const closed = new Promise((r) => open.once('close', r));
    const end = await forward.stop();
    assert.equal(end.reason, 'stopped');
    await closed;
    assert.equal(await refused(forward.localPort), true);
    assert.deepEqual(calls.slice(-1), ['terminate user-0001']);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}
