/**
 * Containers that write logs: for every task of the fake ECS that has reached RUNNING, each
 * container with the awslogs driver gets its stream, named as ECS names it
 * (`awslogs-stream-prefix/container/task-id`, ecs-reference §2.6), in its `awslogs-group`, with
 * generated lines from the moment it started running until it stops. Nothing runs on a timer of
 * its own: `catchUp()` writes every line whose time has come (by the fake's clock), so a manual
 * clock moves the logs as it moves the tasks. The demo (cli.ts) also calls it every second, so a
 * Live Tail session, which only hears of lines as they are ingested, sees them arrive.
 *
 * A long-running task gets the last `historyMs` of its lines, not days of them. Deterministic: the
 * same task at the same clock time has the same lines.
 */
import { reachedAt, STOP_SEQUENCE } from '../ecs/lifecycle';
import type { FakeEcs } from '../ecs/fakeEcs';
import type { ContainerRecord, TaskRecord } from '../ecs/types';
import type { FakeLogs } from './fakeLogs';
import type { EventInput, StreamRecord } from './types';

export interface TaskLogOptions {
  /** How far back a stream's first lines go (default 30 minutes). */
  readonly historyMs?: number;
  /** Most lines written to one stream in one catch-up (default 2,000). */
  readonly maxLinesPerCatchUp?: number;
}

const MINUTE = 60_000;

/** A small stable hash (FNV-1a), so each stream has its own rhythm and content. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Kind = 'web' | 'job' | 'worker';

interface StreamPlan {
  readonly group: string;
  readonly stream: string;
  readonly kind: Kind;
  readonly port: number | undefined;
  readonly image: string;
  readonly container: string;
  /** When the container started running, and when it stopped (or undefined: it still runs). */
  readonly from: number;
  readonly until: number | undefined;
  /** Milliseconds between lines: 2–7 s, per stream. */
  readonly periodMs: number;
  readonly seed: number;
}

const PATHS = ['/health', '/api/orders', '/api/orders/{id}', '/api/items', '/', '/static/app.js'];

/** The k-th line of a stream (k = 0 is the start-up line). */
export function generatedLine(plan: Pick<StreamPlan, 'kind' | 'port' | 'image' | 'seed'>, k: number): string {
  const n = hash(`${plan.seed}:${k}`);
  if (k === 0) {
    return plan.kind === 'web'
      ? `Listening on 0.0.0.0:${plan.port ?? 8080} (${plan.image.slice(plan.image.lastIndexOf('/') + 1)})`
      : `Starting ${plan.image.slice(plan.image.lastIndexOf('/') + 1)}`;
  }
  switch (plan.kind) {
    case 'web': {
      const path = (PATHS[n % PATHS.length] ?? '/').replace('{id}', String(1000 + (n % 9000)));
      const status = n % 41 === 0 ? 500 : n % 13 === 0 ? 404 : 200;
      const level = status >= 500 ? 'ERROR' : 'INFO';
      return `${level} ${['GET', 'GET', 'POST'][n % 3] ?? 'GET'} ${path} ${status} ${3 + (n % 180)}ms`;
    }
    case 'job':
      return n % 29 === 0
        ? `WARN retrying batch ${k} (attempt 2)`
        : `INFO processed batch ${k}: ${100 + (n % 900)} rows in ${20 + (n % 400)}ms`;
    case 'worker':
      return n % 37 === 0
        ? `WARN message ${n % 100000} took ${1 + (n % 9)}s, above the 1s target`
        : `INFO handled message ${n % 100000} in ${5 + (n % 250)}ms`;
  }
}

/** When the container stopped writing: it exited, or its task began to stop; undefined if it runs. */
function stoppedAt(task: TaskRecord, container: ContainerRecord, now: number): number | undefined {
  const times = [container.exitedAt, ...STOP_SEQUENCE.map((s) => reachedAt(task, s, now))].filter(
    (t): t is number => t !== undefined && t <= now,
  );
  return times.length > 0 ? Math.min(...times) : undefined;
}

function plans(ecs: FakeEcs, task: TaskRecord, now: number): StreamPlan[] {
  const running = reachedAt(task, 'RUNNING', now);
  if (running === undefined) return []; // awslogs creates the stream when the container starts
  const definition = ecs.taskDefinitions.resolve(task.taskDefinitionArn)?.input;
  const out: StreamPlan[] = [];
  for (const def of definition?.containerDefinitions ?? []) {
    const options = def.logConfiguration?.logDriver === 'awslogs' ? def.logConfiguration.options : undefined;
    const group = options?.['awslogs-group'];
    const prefix = options?.['awslogs-stream-prefix'];
    const container = task.containers.find((c) => c.name === def.name);
    if (!group || !prefix || !def.name || !container) continue;
    const stream = `${prefix}/${def.name}/${task.id}`;
    const seed = hash(stream);
    const command =
      task.overrides?.containerOverrides?.find((o) => o.name === def.name)?.command ?? def.command;
    out.push({
      group,
      stream,
      kind: (def.portMappings ?? []).length > 0 ? 'web' : command && command.length > 0 ? 'job' : 'worker',
      port: def.portMappings?.[0]?.containerPort,
      image: container.image,
      container: def.name,
      from: running,
      until: stoppedAt(task, container, now),
      periodMs: 2000 + (seed % 5000),
      seed,
    });
  }
  return out;
}

export class TaskLogWriter {
  /** Per stream record: the time up to which its lines are written (a reset stream starts over). */
  private readonly written = new WeakMap<StreamRecord, number>();
  private readonly historyMs: number;
  private readonly maxLines: number;

  constructor(
    private readonly ecs: FakeEcs,
    private readonly logs: FakeLogs,
    options: TaskLogOptions = {},
  ) {
    this.historyMs = options.historyMs ?? 30 * MINUTE;
    this.maxLines = options.maxLinesPerCatchUp ?? 2000;
  }

  /** Writes every line due by now, for every running (or once running) task. Returns how many. */
  catchUp(): number {
    const now = this.logs.now();
    let count = 0;
    for (const tasks of this.ecs.tasks.values()) {
      for (const task of tasks.values()) {
        for (const plan of plans(this.ecs, task, now)) count += this.write(plan, now);
      }
    }
    return count;
  }

  private write(plan: StreamPlan, now: number): number {
    const known = this.logs.groups.get(plan.group)?.streams.get(plan.stream);
    const end = Math.min(now, plan.until ?? now);
    // A stream this writer has not seen but that has lines (restored from a saved demo state) goes on
    // after its last line instead of writing its history again.
    const after = known ? (this.written.get(known) ?? known.events.at(-1)?.timestamp) : undefined;
    if (after !== undefined && after >= end) return 0;
    // The first index due: after what is written, or within the history window (always the start-up line).
    const firstTime = after ?? Math.max(plan.from, now - this.historyMs);
    let k = after === undefined ? 0 : Math.floor((after - plan.from) / plan.periodMs) + 1;
    const events: EventInput[] = [];
    if (after === undefined) {
      this.logs.createGroup(plan.group, { createdAt: Math.min(plan.from, now - this.historyMs) });
      events.push({ timestamp: plan.from, message: generatedLine(plan, 0) });
      k = Math.max(1, Math.ceil((firstTime - plan.from) / plan.periodMs));
    }
    for (; plan.from + k * plan.periodMs <= end && events.length < this.maxLines; k++) {
      events.push({ timestamp: plan.from + k * plan.periodMs, message: generatedLine(plan, k) });
    }
    const stream = known ?? this.logs.createStream(plan.group, plan.stream, { createdAt: plan.from });
    const last = events.at(-1)?.timestamp ?? firstTime;
    this.written.set(stream, Math.max(last, after ?? last));
    if (events.length > 0) this.logs.ingest(this.logs.groups.get(plan.group)!, stream, events);
    return events.length;
  }
}

/**
 * Makes the fake's containers write logs: every CloudWatch Logs call first catches up (so reads
 * see the lines due by the fake's clock); with `everyMs`, a timer also catches up (for Live Tail).
 * Returns a function that stops both.
 */
export function writeTaskLogs(
  ecs: FakeEcs,
  logs: FakeLogs,
  options: TaskLogOptions & { readonly everyMs?: number } = {},
): () => void {
  const writer = new TaskLogWriter(ecs, logs, options);
  const removeFeeder = logs.addFeeder(() => writer.catchUp());
  const timer =
    options.everyMs === undefined ? undefined : setInterval(() => writer.catchUp(), options.everyMs);
  timer?.unref();
  return () => {
    removeFeeder();
    if (timer) clearInterval(timer);
  };
}
