// Run Task's follow-up, now a workflow (it used to live in the command): the outcome with the logs
// of a failed task as evidence, and the background watch of a task still running until it stops.
import * as assert from 'node:assert/strict';
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { outcomeOf, watchUntilStopped, type WatchTasksDeps } from '../../../src/workflows/runTask/watchTasks';
import { aStoppedTask, aTask } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

const DEFINITION: TaskDefinition = {
  family: 'job',
  revision: 1,
  runtimePlatform: { cpuArchitecture: 'X86_64' },
};
const noWait = (_ms: number, signal: AbortSignal) =>
  signal.aborted
    ? Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
    : Promise.resolve();

function deps(
  ecs: FakeEcsGateway,
  over: Partial<WatchTasksDeps> = {},
): WatchTasksDeps & { warnings: string[] } {
  const warnings: string[] = [];
  return { ecs, logger: { warn: (m) => warnings.push(m) }, sleep: noWait, warnings, ...over };
}

describe('Run Task follow-up (workflows/runTask/watchTasks.ts)', () => {
  it('reads the last log lines of a task that failed, and finds the architecture in them', async () => {
    const failed = aStoppedTask('f00d');
    const asked: Task[] = [];
    const d = deps(new FakeEcsGateway(), {
      recentLogLines: (_cluster, task) => {
        asked.push(task);
        return Promise.resolve(['exec /app: exec format error']);
      },
    });
    const outcome = await outcomeOf(
      d,
      'production',
      [failed, aTask('beef')],
      DEFINITION,
      new AbortController().signal,
    );
    assert.deepEqual(asked, [failed], 'only the failed task’s logs are read');
    assert.equal(outcome.running.length, 1);
    assert.equal(outcome.failed, true);
    assert.match(outcome.stopped[0]?.report.causes.map((c) => c.title).join('\n') ?? '', /exec format error/);
  });

  it('a log read that fails is logged, and the outcome still comes', async () => {
    const d = deps(new FakeEcsGateway(), {
      recentLogLines: () => Promise.reject(new Error('AccessDenied: logs:FilterLogEvents')),
    });
    const outcome = await outcomeOf(
      d,
      'production',
      [aStoppedTask('f00d')],
      DEFINITION,
      new AbortController().signal,
    );
    assert.equal(outcome.failed, true);
    assert.match(d.warnings.join('\n'), /Reading the logs of task f00d failed: .*AccessDenied/);
  });

  it('watches a running task until it stops, then reports its outcome', async () => {
    const ecs = new FakeEcsGateway();
    const running = aTask('cafe');
    ecs.tasks.set('production', [running]);
    let polls = 0;
    const d = deps(ecs, {
      sleep: (_ms, signal) => {
        // The task stops after the second wait.
        if (++polls === 2) ecs.tasks.set('production', [aStoppedTask('cafe', { containers: [] })]);
        return noWait(0, signal);
      },
    });
    const outcome = await watchUntilStopped(
      d,
      'production',
      [running],
      DEFINITION,
      new AbortController().signal,
    );
    assert.equal(outcome?.running.length, 0);
    assert.equal(outcome?.stopped.length, 1);
    assert.ok(ecs.callsTo('describeTasks').length >= 2, 'polled until STOPPED');
  });

  it('an aborted watch rejects (the extension is shutting down) instead of reporting', async () => {
    const ecs = new FakeEcsGateway();
    ecs.tasks.set('production', [aTask('cafe')]);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      watchUntilStopped(deps(ecs), 'production', [aTask('cafe')], DEFINITION, controller.signal),
      { name: 'AbortError' },
    );
  });
});
