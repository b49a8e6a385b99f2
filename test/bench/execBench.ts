/**
 * `npm run bench:exec`: the keystroke echo round trip through our data channel (src/ssm) against the
 * fake agent on loopback, next to the same round trip through a bare client made of the fake agent's
 * own codec (no retransmission buffer, no ordering, no listeners): the difference is what our client
 * adds. Behind the agent an in-process echo handler answers each keystroke (no shell, no Docker), so
 * only the protocol path is measured. Prints p50/p99 of both and the added latency (target p50 ≤ 2 ms).
 * What bounds it: one keystroke is one input_stream_data message (120-byte header + SHA-256) plus its
 * acknowledgement each way; the window of unacknowledged input (10,000) is never reached here.
 * Environment: BENCH_KEYS (2000).
 */
import { ECSClient, ExecuteCommandCommand } from '@aws-sdk/client-ecs';
import WebSocket from 'ws';
import { silentLogger } from '../../src/shared/logger';
import { openDataChannel } from '../../src/ssm/dataChannel';
import { FakeAws } from '../fakeAws/server';
import { readFrame, writeFrame } from '../fakeAws/ssmAgent/agentCodec';

const KEYS = Number(process.env.BENCH_KEYS ?? 2000);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function session(ecs: ECSClient, arn: string) {
  const out = await ecs.send(
    new ExecuteCommandCommand({
      cluster: 'bench',
      task: arn,
      container: 'app',
      interactive: true,
      command: 'echo',
    }),
  );
  return out.session!;
}

async function ours(ecs: ECSClient, arn: string): Promise<number[]> {
  const s = await session(ecs, arn);
  const channel = await openDataChannel({
    streamUrl: s.streamUrl!,
    tokenValue: s.tokenValue!,
    sessionId: s.sessionId!,
    logger: silentLogger,
  });
  let waiting: ((data: Buffer) => void) | undefined;
  channel.onOutput((event) => waiting?.(event.data));
  const times: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const start = process.hrtime.bigint();
    const echoed = new Promise<Buffer>((resolve) => (waiting = resolve));
    await channel.send(1, Buffer.from('k'));
    await echoed;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  channel.close();
  return times;
}

/** A bare client from the fake agent's codec: token, handshake answer, acks, sequence numbers. */
async function bare(ecs: ECSClient, arn: string): Promise<number[]> {
  const s = await session(ecs, arn);
  const ws = new WebSocket(s.streamUrl!, { perMessageDeflate: false });
  await new Promise((resolve) => ws.once('open', resolve));
  let seq = 0n;
  let ready!: () => void;
  const handshake = new Promise<void>((resolve) => (ready = resolve));
  let waiting: (() => void) | undefined;
  ws.on('message', (data: Buffer) => {
    const frame = readFrame(data);
    if (frame.type !== 'output_stream_data') return;
    ws.send(
      writeFrame({
        type: 'acknowledge',
        flags: 3n,
        payload: Buffer.from(
          JSON.stringify({
            AcknowledgedMessageType: frame.type,
            AcknowledgedMessageId: frame.id,
            AcknowledgedMessageSequenceNumber: Number(frame.sequence),
            IsSequentialMessage: true,
          }),
        ),
      }),
    );
    if (frame.payloadType === 5) {
      const answer = {
        ClientVersion: '1.2.650.0',
        ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1 }],
        Errors: [],
      };
      ws.send(
        writeFrame({
          type: 'input_stream_data',
          sequence: seq++,
          payloadType: 6,
          payload: Buffer.from(JSON.stringify(answer)),
        }),
      );
    } else if (frame.payloadType === 7) ready();
    else if (frame.payloadType === 1) waiting?.();
  });
  ws.send(
    JSON.stringify({
      MessageSchemaVersion: '1.0',
      RequestId: 'bench-request-0000000',
      TokenValue: s.tokenValue,
    }),
  );
  await handshake;
  const times: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const start = process.hrtime.bigint();
    const echoed = new Promise<void>((resolve) => (waiting = resolve));
    ws.send(
      writeFrame({ type: 'input_stream_data', sequence: seq++, payloadType: 1, payload: Buffer.from('k') }),
    );
    await echoed;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ws.close();
  return times;
}

async function main(): Promise<void> {
  const fake = await FakeAws.start();
  fake.ssmAgent.handlers.set('InteractiveCommands', (context) => ({
    input: (data) => context.send(data),
    end: () => undefined,
  }));
  fake.ecs.createCluster('bench');
  fake.ecs.registerTaskDefinition({
    family: 'bench',
    taskRoleArn: `arn:aws:iam::${fake.accountId}:role/bench`,
    containerDefinitions: [{ name: 'app', image: 'busybox' }],
  });
  const task = fake.ecs.addTask('bench', { taskDefinition: 'bench:1', enableExecuteCommand: true });
  const ecs = new ECSClient({
    region: fake.region,
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });
  try {
    // Warm both paths, then measure them alternately so neither gets a cooler machine.
    await bare(ecs, task.arn);
    await ours(ecs, task.arn);
    const baseline = (await bare(ecs, task.arn)).sort((a, b) => a - b);
    const client = (await ours(ecs, task.arn)).sort((a, b) => a - b);
    const row = (name: string, t: number[]) =>
      `${name.padEnd(34)} p50 ${percentile(t, 50).toFixed(3)} ms   p99 ${percentile(t, 99).toFixed(3)} ms`;
    console.log(`keystroke echo round trip, ${KEYS} keys, fake agent on loopback (in-process echo handler)`);
    console.log(row('bare client (the fake’s own codec)', baseline));
    console.log(row('our data channel (src/ssm)', client));
    const added50 = percentile(client, 50) - percentile(baseline, 50);
    const added99 = percentile(client, 99) - percentile(baseline, 99);
    console.log(
      `added by our client: p50 ${added50.toFixed(3)} ms, p99 ${added99.toFixed(3)} ms (target p50 ≤ 2 ms)`,
    );
    console.log(`ratio p50 ours/bare: ${(percentile(client, 50) / percentile(baseline, 50)).toFixed(2)}`);
    process.exitCode = added50 <= 2 ? 0 : 1;
  } finally {
    ecs.destroy();
    await fake.close();
  }
}

void main();
