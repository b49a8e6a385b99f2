/**
 * Exec test set-up: the fake endpoint with a cluster and a RUNNING task started with ECS Exec whose
 * task role may open the SSM channels, the REAL ECS SDK client, and helpers that read a data
 * channel's output until a pattern shows up.
 */
import { ECSClient, ExecuteCommandCommand } from '@aws-sdk/client-ecs';
import { FakeAws } from '../../fakeAws/server';
import type { TaskRecord } from '../../fakeAws/ecs/types';
import { openDataChannel, type DataChannel, type OpenDataChannelOptions } from '../../../src/ssm/dataChannel';
import { silentLogger } from '../../../src/shared/logger';
import { fakeSdkConfig } from '../fakeSdkConfig';

export const EXEC_CLUSTER = 'exec-cluster';
export const SHELL_ROLE = 'shell-task-role';

export interface ExecFixture {
  readonly fake: FakeAws;
  readonly ecs: ECSClient;
  readonly task: TaskRecord;
  close(): Promise<void>;
}

export async function startExecFixture(options: { image?: string; enableExecuteCommand?: boolean } = {}) {
  const fake = await FakeAws.start();
  fake.ecs.createCluster(EXEC_CLUSTER);
  fake.ecs.registerTaskDefinition({
    family: 'shell',
    taskRoleArn: `arn:aws:iam::${fake.accountId}:role/${SHELL_ROLE}`,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      { name: 'app', image: options.image ?? 'public.ecr.aws/docker/library/busybox:latest' },
    ],
  });
  const task = fake.ecs.addTask(EXEC_CLUSTER, {
    taskDefinition: 'shell:1',
    enableExecuteCommand: options.enableExecuteCommand ?? true,
  });
  const ecs = new ECSClient(fakeSdkConfig(fake, 'AKIDEXEC'));
  return {
    fake,
    ecs,
    task,
    close: async () => {
      ecs.destroy();
      await fake.close();
    },
  } satisfies ExecFixture;
}

/** ExecuteCommand with the real SDK, then our data channel to the fake agent. */
export async function execSession(
  fixture: ExecFixture,
  command: string,
  extra: Partial<OpenDataChannelOptions> = {},
): Promise<DataChannel> {
  const out = await fixture.ecs.send(
    new ExecuteCommandCommand({
      cluster: EXEC_CLUSTER,
      task: fixture.task.arn,
      container: 'app',
      interactive: true,
      command,
    }),
  );
  const container = fixture.task.containers[0]!;
  return openDataChannel({
    streamUrl: out.session!.streamUrl!,
    tokenValue: out.session!.tokenValue!,
    sessionId: out.session!.sessionId!,
    targetId: `ecs:${EXEC_CLUSTER}_${fixture.task.id}_${container.runtimeId}`,
    logger: silentLogger,
    ...extra,
  });
}

/** How long `until` waits for its pattern (mocha's timeout for these suites is 20–30 s). */
const UNTIL_MS = 15_000;

/** Everything the channel printed (Output payloads), as text. */
export function collectOutput(channel: DataChannel): {
  text(): string;
  until(pattern: RegExp): Promise<string>;
} {
  let text = '';
  const waiters: Array<{ pattern: RegExp; resolve: (t: string) => void; reject: (e: Error) => void }> = [];
  channel.onOutput((event) => {
    if (event.payloadType !== 1) return;
    text += event.data.toString('utf8');
    for (const w of [...waiters]) {
      if (w.pattern.test(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text);
      }
    }
  });
  void channel.closed.then((c) => {
    for (const w of waiters.splice(0)) {
      w.reject(
        new Error(
          `The channel closed (${c.message}) before ${w.pattern}; output so far: ${JSON.stringify(text)}`,
        ),
      );
    }
  });
  return {
    text: () => text,
    until: (pattern) =>
      pattern.test(text)
        ? Promise.resolve(text)
        : new Promise<string>((resolve, reject) => {
            if (channel.isClosed) {
              reject(new Error(`The channel is closed; output: ${JSON.stringify(text)}`));
              return;
            }
            // Before mocha's own timeout, so a hang says what the shell printed instead.
            const deadline = setTimeout(() => {
              const at = waiters.findIndex((w) => w.pattern === pattern);
              if (at >= 0) waiters.splice(at, 1);
              reject(
                new Error(`No ${pattern} within ${UNTIL_MS} ms; output so far: ${JSON.stringify(text)}`),
              );
            }, UNTIL_MS);
            const settle = (done: () => void) => {
              clearTimeout(deadline);
              done();
            };
            waiters.push({
              pattern,
              resolve: (t) => settle(() => resolve(t)),
              reject: (e) => settle(() => reject(e)),
            });
          }),
  };
}

export const hasDocker = (): boolean => Boolean(process.env.DOCKER_HOST);
