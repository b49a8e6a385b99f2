/**
 * Shared setup for the log-following tests: the fake AWS endpoint, REAL SDK clients pointed at it
 * (the CloudWatch Logs one with `disableHostPrefix`, as StartLiveTail's `stream-` host prefix does
 * not resolve for 127.0.0.1), the gateways, awslogs task definitions, and a recording sink.
 */
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient, type Task } from '@aws-sdk/client-ecs';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { createLogsGateway, type LogsGateway } from '../../../src/aws/logsGateway';
import { createTaskDefinitionGateway } from '../../../src/aws/taskDefinitionGateway';
import { followLogs, type FollowDeps, type FollowOptions } from '../../../src/logs/serviceFollower';
import type { FollowItem, LogEvent, Notice } from '../../../src/logs/types';
import { FakeAws } from '../../fakeAws';
import type { FakeEcs } from '../../fakeAws/ecs/fakeEcs';
import type { TaskRecord } from '../../fakeAws/ecs/types';

/** Follow options with short polls and waits, so a follow test runs in seconds. */
export const FAST_FOLLOW: FollowOptions = {
  taskPollMs: 150,
  stopGraceMs: 400,
  polling: { intervalMs: 150, availability: { waitMs: 2000, recheckMs: 150 } },
  liveTail: {
    lookbackMs: 2000,
    seamMs: 2000,
    retryMs: 100,
    restartDebounceMs: 100,
    availability: { waitMs: 2000, recheckMs: 150 },
  },
};

export const CREDENTIALS = { accessKeyId: 'AKIDLOGS', secretAccessKey: 'logs-secret' };

export interface LogsContext {
  /** An AbortController that is aborted after the test (so a failed test leaves nothing running). */
  controller(): AbortController;
  fake: FakeAws;
  logsClient: CloudWatchLogsClient;
  ecsClient: ECSClient;
  logs: LogsGateway;
  deps: FollowDeps;
}

export function logsClient(fake: FakeAws, options: { maxAttempts?: number; hostPrefix?: boolean } = {}) {
  return new CloudWatchLogsClient({
    region: fake.region,
    endpoint: fake.url,
    credentials: CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
    // Real AWS needs the prefix; the fake on 127.0.0.1 cannot have it (test-environment.md).
    disableHostPrefix: options.hostPrefix !== true,
  });
}

/** A fake per describe(), reset before each test, with the gateways a follow needs. */
export function useLogsFake(options: { maxAttempts?: number } = {}): LogsContext {
  const ctx = {} as LogsContext;
  const controllers: AbortController[] = [];
  ctx.controller = () => {
    const c = new AbortController();
    controllers.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of controllers.splice(0)) c.abort();
  });
  before(async () => {
    ctx.fake = await FakeAws.start({ lifecycleStepMs: 50 });
    ctx.logsClient = logsClient(ctx.fake, options);
    ctx.ecsClient = new ECSClient({
      region: ctx.fake.region,
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
    });
  });
  beforeEach(() => {
    ctx.fake.reset();
    ctx.fake.ecs.lifecycleStepMs = 50;
    ctx.logs = createLogsGateway(ctx.logsClient, { region: ctx.fake.region });
    ctx.deps = {
      ecs: createEcsGateway(ctx.ecsClient, { concurrency: () => 8 }),
      taskDefinitions: createTaskDefinitionGateway(ctx.ecsClient),
      logs: (region) => (region === ctx.fake.region ? ctx.logs : undefined),
      region: ctx.fake.region,
    };
  });
  after(async () => {
    ctx.logsClient.destroy();
    ctx.ecsClient.destroy();
    await ctx.fake.close();
  });
  return ctx;
}

/** Registers `family` with one awslogs container per name (group /ecs/<family>, prefix ecs). */
export function registerAwslogs(
  ecs: FakeEcs,
  family: string,
  containers: readonly string[] = [family],
): void {
  ecs.registerTaskDefinition({
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: containers.map((name) => ({
      name,
      image: `public.ecr.aws/docker/library/${name}:latest`,
      essential: true,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `/ecs/${family}`,
          'awslogs-region': ecs.region,
          'awslogs-stream-prefix': 'ecs',
        },
      },
    })),
  });
}

export function streamOf(task: TaskRecord, container: string): string {
  return `ecs/${container}/${task.id}`;
}

/** Records what a follow reports. */
export class Recorder {
  readonly items: FollowItem[] = [];
  /** Called with each item as it arrives (e.g. to read the fake's counters at that moment). */
  onItem: ((item: FollowItem) => void) | undefined;
  readonly sink = (item: FollowItem): void => {
    this.items.push(item);
    this.onItem?.(item);
  };

  get events(): LogEvent[] {
    return this.items.flatMap((i) => (i.kind === 'events' ? [...i.events] : []));
  }

  get messages(): string[] {
    return this.events.map((e) => e.message);
  }

  notices(code?: Notice['code']): Notice[] {
    return this.items.filter(
      (i): i is Notice => i.kind === 'notice' && (code === undefined || i.code === code),
    );
  }

  /** Waits until `probe` holds (checked every 20 ms), or fails after `timeoutMs` saying what it waited for. */
  async until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > end) {
        const last = this.items
          .slice(-5)
          .map((i) => (i.kind === 'notice' ? `[${i.code}] ${i.text}` : `${i.events.length} events`));
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; last items: ${last.join(' | ')}`,
        );
      }
      await delay(20);
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Puts numbered lines (`${prefix}-${n}`) into streams in turns, with increasing timestamps, every
 * `everyMs`, until stopped: the "what was put" to compare what a follow received with.
 */
export class Writer {
  readonly put: string[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private n = 0;

  /** With a client, lines go through the PutLogEvents API; without, straight into the fake. */
  constructor(
    private readonly fake: FakeAws,
    private readonly group: string,
    private readonly streams: readonly string[],
    private readonly client?: CloudWatchLogsClient,
  ) {}

  /** Puts `count` lines at once (spread over the streams); resolves once they are ingested. */
  async burst(count: number): Promise<void> {
    const now = Date.now();
    const byStream = new Map<string, Array<{ timestamp: number; message: string }>>();
    for (let i = 0; i < count; i++) {
      const stream = this.streams[this.n % this.streams.length]!;
      const message = `line-${this.n++}`;
      byStream.set(stream, [...(byStream.get(stream) ?? []), { timestamp: now, message }]);
    }
    await Promise.all(
      [...byStream].map(async ([stream, events]) => {
        if (this.client) {
          await this.client.send(
            new PutLogEventsCommand({ logGroupName: this.group, logStreamName: stream, logEvents: events }),
          );
        } else {
          this.fake.logs.putEvents(this.group, stream, events);
        }
        // Counted once ingested: a put that failed was never "put".
        this.put.push(...events.map((e) => e.message));
      }),
    );
  }

  /** Puts `perTick` lines every `everyMs` until stop(). */
  start(everyMs: number, perTick = 3): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const next = Date.now() + everyMs;
        await this.burst(perTick);
        await delay(next - Date.now());
      }
    })();
  }

  /** Stops, once the put in progress is done. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** The messages of `received` that are not in `put` (extra), missing from it, and repeated. */
export function compare(put: readonly string[], received: readonly string[]) {
  const seen = new Map<string, number>();
  for (const m of received) seen.set(m, (seen.get(m) ?? 0) + 1);
  const expected = new Set(put);
  return {
    missing: put.filter((m) => !seen.has(m)),
    duplicated: [...seen.entries()].filter(([, n]) => n > 1).map(([m]) => m),
    extra: received.filter((m) => !expected.has(m)),
  };
}

/** A RUNNING task in cluster `prod` whose containers log with awslogs to `/ecs/web`, streams created. */
export async function runningTask(
  ctx: LogsContext,
  containers = ['web'],
): Promise<{ record: TaskRecord; task: Task }> {
  ctx.fake.ecs.createCluster('prod');
  registerAwslogs(ctx.fake.ecs, 'web', containers);
  const record = ctx.fake.ecs.addTask('prod', { taskDefinition: 'web' });
  for (const c of containers) ctx.fake.logs.createStream('/ecs/web', streamOf(record, c));
  const task = (await ctx.deps.ecs.describeTasks('prod', [record.arn])).items[0]!;
  return { record, task };
}

/** Follows one task of `prod` into a recorder; abort the controller to stop. */
export function followTask(ctx: LogsContext, task: Task, recorder: Recorder, options: FollowOptions) {
  const controller = ctx.controller();
  const done = followLogs(
    { kind: 'task', cluster: 'prod', task },
    ctx.deps,
    recorder.sink,
    options,
    controller.signal,
  );
  return { controller, done };
}
