/**
 * `npm run bench:forward`: port-forwarding throughput through the whole stack on loopback: the real
 * SSM client → the fake SSM → the fake agent's WebSocket data channel and Port handler (its own smux)
 * → a real TCP server; on our side the data channel, the smux client and the 127.0.0.1 listener.
 * Each connection sends and receives its bytes at the same time; every byte is checked (SHA-256 of
 * each direction), so "lost or reordered" is 0 or the run fails.
 * Printed: MiB/s for 1 and for 10 parallel connections, each as a ratio to a direct loopback TCP copy
 * of the same bytes in the same run, the data channel's messages, retransmissions, and what bounds
 * the figure (docs/port-forwarding.md §4).
 * Environment: FORWARD_BENCH_MIB (256: the bytes through the forward in the whole run, both
 * directions, half with 1 connection and half with 10), FORWARD_BENCH_MESSAGE (1024: bytes per data
 * channel message, the agent's size), FORWARD_BENCH_AGENT_CHUNK (1024: the agent's Output size).
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { createSsmGateway } from '../../src/aws/ssmGateway';
import { silentLogger } from '../../src/shared/logger';
import { openPortChannel } from '../../src/workflows/portForward/dataChannelPort';
import { startPortForward } from '../../src/workflows/portForward/portForward';
import { FakeAws } from '../fakeAws';
import { fakeSdkConfig } from '../integration/fakeSdkConfig';
import { exchange, exchangeServer } from '../integration/portForward/tcpServers';

const MIB = 1024 * 1024;
const TOTAL_MIB = Number(process.env.FORWARD_BENCH_MIB ?? 256);
const MESSAGE = Number(process.env.FORWARD_BENCH_MESSAGE ?? 1024);
const AGENT_CHUNK = Number(process.env.FORWARD_BENCH_AGENT_CHUNK ?? 1024);

interface Run {
  mibPerSecond: number;
  bytes: number;
  mismatches: number;
}

/** `connections` exchanges of `each` bytes each way against `port`, all checked. */
async function run(
  port: number,
  server: Awaited<ReturnType<typeof exchangeServer>>,
  connections: number,
  each: number,
): Promise<Run> {
  const first = server.results.length;
  const started = performance.now();
  const near = await Promise.all(Array.from({ length: connections }, () => exchange(port, each, each)));
  const far = await Promise.all(server.results.slice(first, first + connections));
  const seconds = (performance.now() - started) / 1000;
  // Connections are matched by content: whatever the server received must be what some client sent.
  const sentByClients = new Set(near.map((r) => r.sent));
  const sentByServer = new Set(far.map((r) => r.sent));
  let mismatches = 0;
  for (const r of far) if (!sentByClients.has(r.received)) mismatches++;
  for (const r of near) if (!sentByServer.has(r.received)) mismatches++;
  const bytes = 2 * each * connections;
  return { mibPerSecond: bytes / MIB / seconds, bytes, mismatches };
}

async function main(): Promise<void> {
  const fake = await FakeAws.start();
  const client = new SSMClient(fakeSdkConfig(fake, 'AKIDBENCH'));
  fake.ecs.createCluster('bench');
  const task = fake.ecs.addTask('bench', { enableExecuteCommand: true });
  fake.ssm.port.outputChunkSize = AGENT_CHUNK;
  const half = (TOTAL_MIB * MIB) / 2;
  const plans = [
    { connections: 1, each: Math.floor(half / 2) },
    { connections: 10, each: Math.floor(half / 2 / 10) },
  ];
  console.log(
    `bench:forward — ${TOTAL_MIB} MiB through the forward (both directions at once), ${MESSAGE}-byte messages from us, ${AGENT_CHUNK}-byte Output messages from the agent`,
  );
  let lost = 0;
  for (const plan of plans) {
    const server = await exchangeServer(plan.each);
    fake.ssm.port.resolve = () => ({ host: '127.0.0.1', port: server.port });
    const direct = await run(server.port, server, plan.connections, plan.each);
    const forward = await startPortForward(
      {
        ssm: createSsmGateway(client),
        messageSize: MESSAGE,
        openChannel: (session, signal, target) =>
          openPortChannel(session, signal, target, { logger: silentLogger, messageSize: MESSAGE }),
      },
      {
        cluster: 'bench',
        task: task.arn,
        container: task.containers[0]!.name,
        runtimeId: task.containers[0]!.runtimeId,
        remotePort: 8080,
      },
      { signal: new AbortController().signal },
    );
    const through = await run(forward.localPort, server, plan.connections, plan.each);
    const agent = fake.ssmAgent.sessions[fake.ssmAgent.sessions.length - 1]!.counters;
    await forward.stop();
    await server.close();
    lost += through.mismatches + direct.mismatches;
    console.log(
      `${String(plan.connections).padStart(2)} connection${plan.connections === 1 ? ' ' : 's'}: ` +
        `${through.mibPerSecond.toFixed(2)} MiB/s through the forward, ${direct.mibPerSecond.toFixed(0)} MiB/s direct ` +
        `(ratio ${(through.mibPerSecond / direct.mibPerSecond).toFixed(4)}); ` +
        `${(through.bytes / MIB).toFixed(0)} MiB checked, ${through.mismatches} connections with lost or reordered bytes; ` +
        `agent: ${agent.inputs} input messages (${agent.duplicateInputs} resent by us), ${agent.outputs} outputs (${agent.retransmissions} resent by it)`,
    );
  }
  console.log(
    `Bytes lost or reordered: ${lost === 0 ? '0' : `${lost} connection(s) differ`}. ` +
      'Bounded by messages per second, not bytes: every message is a 116-byte header, a SHA-256 digest, one WebSocket frame ' +
      'and an acknowledgement frame back, and the agent speaks in 1,024-byte messages; our side keeps at most 256 messages ' +
      'unacknowledged (the ack window), and here both ends share one Node process.',
  );
  client.destroy();
  await fake.close();
  if (lost > 0) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
