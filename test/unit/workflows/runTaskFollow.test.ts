import * as assert from 'node:assert/strict';
import type { RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../../src/aws/ecsGateway';
import type { Described } from '../../../src/aws/listAndDescribe';
import {
  followTasks,
  statusSummary,
  type FollowOptions,
  type FollowProgress,
  type FollowResult,
} from '../../../src/workflows/runTask/followTasks';
import { runOutcome } from '../../../src/workflows/runTask/runTaskOutcome';
import { explainRunFailure, NoTaskStartedError, startTasks } from '../../../src/workflows/runTask/startTasks';

const A = 'arn:aws:ecs:us-east-1:1:task/prod/aaaa';
const B = 'arn:aws:ecs:us-east-1:1:task/prod/bbbb';

/** Answers each DescribeTasks with the next snapshot (the last one repeats). */
class ScriptedTasks implements Pick<EcsGateway, 'describeTasks'> {
  readonly calls: Array<readonly string[]> = [];
  constructor(private readonly snapshots: Array<Array<[string, string]>>) {}
  describeTasks(_cluster: string, arns: readonly string[]): Promise<Described<Task>> {
    this.calls.push(arns);
    const snapshot = this.snapshots[Math.min(this.calls.length - 1, this.snapshots.length - 1)]!;
    const items = snapshot.map(([taskArn, lastStatus]) => ({ taskArn, lastStatus }));
    const failures = arns
      .filter((a) => !items.some((t) => t.taskArn === a))
      .map((arn) => ({ arn, reason: 'MISSING' }));
    return Promise.resolve({ items, failures });
  }
}

function recordingSleep(): { waits: number[]; sleep: (ms: number, signal: AbortSignal) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms, signal) => {
      waits.push(ms);
      return signal.aborted ? Promise.reject(new DOMException('aborted', 'AbortError')) : Promise.resolve();
    },
  };
}

/** followTasks on task A in cluster prod until RUNNING, sleeping not at all, unless told otherwise. */
function follow(ecs: ScriptedTasks, over: Partial<FollowOptions> = {}): Promise<FollowResult> {
  return followTasks(ecs, {
    cluster: 'prod',
    taskArns: [A],
    until: 'running',
    signal: new AbortController().signal,
    sleep: recordingSleep().sleep,
    ...over,
  });
}

describe('runTask follow loop', () => {
  it("polls all the run's tasks in one DescribeTasks per poll, with backoff, until every one is RUNNING", async () => {
    const ecs = new ScriptedTasks([
      [
        [A, 'PROVISIONING'],
        [B, 'PROVISIONING'],
      ],
      [
        [A, 'PENDING'],
        [B, 'PROVISIONING'],
      ],
      [
        [A, 'RUNNING'],
        [B, 'PENDING'],
      ],
      [
        [A, 'RUNNING'],
        [B, 'RUNNING'],
      ],
    ]);
    const { waits, sleep } = recordingSleep();
    const seen: FollowProgress[] = [];
    const result = await follow(ecs, {
      taskArns: [A, B],
      onProgress: (p) => seen.push(p),
      sleep,
      backoff: { initialMs: 2000, factor: 1.5, maxMs: 4000 },
    });
    assert.equal(result.reached, true);
    assert.equal(result.polls, 4);
    assert.deepEqual(
      ecs.calls,
      [
        [A, B],
        [A, B],
        [A, B],
        [A, B],
      ],
      'one call per poll, both tasks in it',
    );
    assert.deepEqual(waits, [2000, 3000, 4000], 'backoff grows and is capped');
    assert.deepEqual(
      seen.map((p) => p.summary),
      ['2 PROVISIONING', '1 PROVISIONING, 1 PENDING', '1 PENDING, 1 RUNNING', '2 RUNNING'],
    );
  });

  it('a task that STOPPED settles the RUNNING goal (it will never run)', async () => {
    const ecs = new ScriptedTasks([[[A, 'PENDING']], [[A, 'STOPPED']]]);
    const result = await follow(ecs);
    assert.equal(result.reached, true);
    assert.equal(result.tasks[0]?.lastStatus, 'STOPPED');
  });

  it('until "stopped" follows a job past RUNNING to STOPPED', async () => {
    const ecs = new ScriptedTasks([[[A, 'RUNNING']], [[A, 'DEACTIVATING']], [[A, 'STOPPED']]]);
    const result = await follow(ecs, { until: 'stopped' });
    assert.equal(result.polls, 3);
    assert.equal(result.tasks[0]?.lastStatus, 'STOPPED');
  });

  it('aborting stops polling at once', async () => {
    const ecs = new ScriptedTasks([[[A, 'PENDING']]]);
    const controller = new AbortController();
    const sleep = (_ms: number, signal: AbortSignal) => {
      controller.abort();
      return signal.aborted ? Promise.reject(new DOMException('aborted', 'AbortError')) : Promise.resolve();
    };
    await assert.rejects(follow(ecs, { signal: controller.signal, sleep }), { name: 'AbortError' });
    assert.equal(ecs.calls.length, 1, 'no DescribeTasks after the abort');
  });

  it('gives up at the timeout without reaching the goal', async () => {
    let now = 0;
    const ecs = new ScriptedTasks([[[A, 'RUNNING']]]);
    const result = await follow(ecs, {
      until: 'stopped',
      timeoutMs: 10_000,
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    });
    assert.equal(result.reached, false);
    assert.equal(result.tasks[0]?.lastStatus, 'RUNNING');
  });

  it('tasks DescribeTasks no longer knows are reported as missing', async () => {
    const ecs = new ScriptedTasks([[]]);
    const result = await follow(ecs);
    assert.equal(result.reached, false);
    assert.deepEqual(result.missing, [{ arn: A, reason: 'MISSING' }]);
  });

  it('statusSummary orders by lifecycle', () => {
    assert.equal(
      statusSummary([{ lastStatus: 'STOPPED' }, { lastStatus: 'RUNNING' }, { lastStatus: 'PROVISIONING' }]),
      '1 PROVISIONING, 1 RUNNING, 1 STOPPED',
    );
  });
});

describe('runTask start and outcome', () => {
  it('RunTask failures are explained, and a run that started nothing throws with every failure', async () => {
    const ecs: Pick<EcsGateway, 'runTask'> = {
      runTask: (_input: RunTaskCommandInput) =>
        Promise.resolve({
          tasks: [],
          failures: [
            {
              reason:
                'Capacity is unavailable at this time. Please try again later or in a different availability zone',
            },
          ],
        }),
    };
    const started = await startTasks(ecs, { taskDefinition: 'web:1' });
    assert.equal(started.failures.length, 1);
    assert.match(
      started.failures[0]!.text,
      /Capacity is unavailable.*add subnets in other Availability Zones/,
    );
    const error = new NoTaskStartedError(started.failures);
    assert.match(error.message, /^RunTask started no task\. RunTask failure: Capacity is unavailable/);
    assert.match(
      explainRunFailure({ arn: 'x', reason: 'MISSING' }).text,
      /\(x\): MISSING\. The resource does not exist/,
    );
  });

  it('a job that exited 0 succeeded; a crash failed; a running task is neither', () => {
    const definition = { containerDefinitions: [{ name: 'job', essential: true }] };
    const done: Task = {
      taskArn: A,
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'job', exitCode: 0 }],
    };
    assert.equal(runOutcome([done], definition).succeeded, true);
    const crashed = runOutcome([{ ...done, containers: [{ name: 'job', exitCode: 3 }] }], definition);
    assert.equal(crashed.succeeded, false);
    assert.equal(crashed.failed, true);
    assert.match(crashed.stopped[0]!.report.causes[0]!.title, /exited with code 3/);
    const running = runOutcome([{ taskArn: B, lastStatus: 'RUNNING' }], definition);
    assert.deepEqual([running.succeeded, running.failed, running.running.length], [false, false, 1]);
  });
});
