import * as assert from 'node:assert/strict';
import type { Deployment, Service, ServiceEvent, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway, TaskFilter } from '../../../../src/aws/ecsGateway';
import { explainStoppedTask, formatStoppedTaskReport } from '../../../../src/workflows/stoppedTask';
import {
  POLL_BACKOFF,
  watchRollout,
  type WatchRequest,
} from '../../../../src/workflows/deploy/rolloutWatcher';
import { evaluateRollout } from '../../../../src/workflows/deploy/rolloutStatus';
import { RecordingReporter, VirtualClock } from './deployTestSupport';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const NEW_TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:12';
const OLD_TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:11';
const OURS = 'ecs-svc/1111';
const OLD = 'ecs-svc/0000';

function deployment(over: Partial<Deployment>): Deployment {
  return {
    id: OURS,
    status: 'PRIMARY',
    taskDefinition: NEW_TD,
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    createdAt: new Date(T0),
    ...over,
  };
}

function event(id: string, secondsAfter: number, message: string): ServiceEvent {
  return { id, createdAt: new Date(T0 + secondsAfter * 1000), message };
}

function service(deployments: Deployment[], events: ServiceEvent[] = []): Service {
  return {
    serviceName: 'web',
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: deployments.reduce((n, d) => n + (d.runningCount ?? 0), 0),
    deployments,
    events: [...events].sort((a, b) => Number(b.createdAt) - Number(a.createdAt)),
  };
}

/** Answers DescribeServices from a script (the last snapshot repeats) and counts every call. */
class ScriptedEcs {
  readonly calls: string[] = [];
  stopped: Task[] = [];
  constructor(private readonly script: Service[]) {}
  describeServices() {
    this.calls.push('DescribeServices');
    const next = this.script.length > 1 ? this.script.shift() : this.script[0];
    return Promise.resolve({ items: next ? [next] : [], failures: [] });
  }
  listTasks(_cluster: string, filter: TaskFilter) {
    this.calls.push(`ListTasks:${filter.desiredStatus}`);
    return Promise.resolve({ items: this.stopped, failures: [] });
  }
  asGateway(): EcsGateway {
    return this as unknown as EcsGateway;
  }
}

function request(over: Partial<WatchRequest> = {}): WatchRequest {
  return {
    cluster: 'prod',
    service: 'web',
    deploymentId: OURS,
    taskDefinitionArn: NEW_TD,
    timeoutMs: 15 * 60_000,
    ...over,
  };
}

function watch(
  ecs: ScriptedEcs,
  req: WatchRequest,
  clock = new VirtualClock(T0),
  signal = new AbortController().signal,
) {
  const reporter = new RecordingReporter();
  const deps = { ecs: ecs.asGateway(), explainStoppedTask, formatStoppedTaskReport, clock };
  return watchRollout(req, deps, reporter, signal).then((result) => ({ result, reporter, clock }));
}

describe('deploy/rolloutWatcher', () => {
  it('completes when our deployment is COMPLETED with running = desired, one DescribeServices per poll', async () => {
    const ecs = new ScriptedEcs([
      service([
        deployment({ pendingCount: 2 }),
        deployment({
          id: OLD,
          status: 'ACTIVE',
          taskDefinition: OLD_TD,
          runningCount: 2,
          rolloutState: 'COMPLETED',
        }),
      ]),
      service([
        deployment({ runningCount: 1, pendingCount: 1 }),
        deployment({ id: OLD, status: 'ACTIVE', taskDefinition: OLD_TD, runningCount: 2 }),
      ]),
      service([deployment({ runningCount: 2, rolloutState: 'COMPLETED' })]),
    ]);
    const { result, clock, reporter } = await watch(ecs, request());
    assert.equal(result.outcome, 'completed');
    assert.match(result.message, /web:12 is rolled out: 2 of 2 tasks running/);
    assert.equal(result.polls, 3);
    assert.deepEqual(ecs.calls, ['DescribeServices', 'DescribeServices', 'DescribeServices']);
    assert.equal(clock.sleeps.length, 2, 'the first poll is at once, then one sleep before each');
    assert.ok(
      reporter.statuses.some((s) => /0 of 2 tasks running, 2 pending; web:11 still has 2 running/.test(s)),
    );
  });

  it('backs off 3 s × 1.5 up to 15 s while nothing changes, back to 3 s when something does', async () => {
    const pending = service([deployment({ pendingCount: 2 })]);
    const script = Array.from({ length: 9 }, () => pending);
    script.push(service([deployment({ runningCount: 1, pendingCount: 1 })]));
    script.push(service([deployment({ runningCount: 1, pendingCount: 1 })]));
    script.push(service([deployment({ runningCount: 2, rolloutState: 'COMPLETED' })]));
    const { result, clock } = await watch(new ScriptedEcs(script), request());
    assert.equal(result.outcome, 'completed');
    assert.equal(clock.sleeps[0], POLL_BACKOFF.initialMs);
    assert.deepEqual(clock.sleeps.slice(0, 7), [3000, 4500, 6750, 10125, 15000, 15000, 15000]);
    const afterChange = clock.sleeps[9];
    assert.equal(afterChange, 3000, 'a change resets the delay');
    assert.ok(clock.sleeps.every((ms) => ms <= POLL_BACKOFF.maxMs));
  });

  it('prints new events oldest first, once each, none from before the update', async () => {
    const before = event('e0', -60, '(service web) has reached a steady state.');
    const a = event('e1', 1, '(service web) has started 2 tasks: (task a) (task b).');
    const b = event('e2', 40, '(service web) has stopped 2 running tasks: (task x) (task y).');
    const c = event('e3', 70, '(service web) (deployment ecs-svc/1111) deployment completed.');
    const ecs = new ScriptedEcs([
      service([deployment({ pendingCount: 2 })], [before, a]),
      service([deployment({ runningCount: 2 })], [before, b, a]),
      service([deployment({ runningCount: 2, rolloutState: 'COMPLETED' })], [c, before, b, a]),
    ]);
    const { reporter } = await watch(ecs, request());
    const printed = reporter.lines.filter((l) => /\(service web\)/.test(l));
    assert.equal(printed.length, 3);
    assert.match(printed[0] ?? '', /started 2 tasks/);
    assert.match(printed[1] ?? '', /stopped 2 running tasks/);
    assert.match(printed[2] ?? '', /deployment completed/);
    assert.ok(!reporter.text().includes('steady state'), 'an event from before the update is not printed');
  });

  it('fetches stopped tasks only when failedTasks grows, and explains each once', async () => {
    const crashed: Task = {
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/abc',
      startedBy: OURS,
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'app', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
      ],
    };
    const otherDeployment: Task = {
      ...crashed,
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/old',
      startedBy: OLD,
    };
    const ecs = new ScriptedEcs([
      service([deployment({ pendingCount: 2 })]),
      service([deployment({ pendingCount: 2, failedTasks: 1 })]),
      service([deployment({ pendingCount: 2, failedTasks: 1 })]),
      service([deployment({ runningCount: 2, failedTasks: 1, rolloutState: 'COMPLETED' })]),
    ]);
    ecs.stopped = [crashed, otherDeployment];
    const { result, reporter } = await watch(ecs, request());
    assert.equal(
      ecs.calls.filter((c) => c.startsWith('ListTasks')).length,
      1,
      'listed once, when the count grew',
    );
    assert.deepEqual(
      ecs.calls.filter((c) => c.startsWith('ListTasks')),
      ['ListTasks:STOPPED'],
    );
    assert.deepEqual(
      result.stoppedTasks.map((t) => t.taskArn),
      [crashed.taskArn],
    );
    assert.match(reporter.text(), /abc/);
    assert.ok(!reporter.text().includes('task/prod/old'), 'a task of the old deployment is not ours');
  });

  it('a circuit-breaker rollback is a failure (a NEW primary with the old revision), never a success', async () => {
    const rolledBack = service(
      [
        deployment({
          id: 'ecs-svc/2222',
          taskDefinition: OLD_TD,
          runningCount: 2,
          rolloutState: 'COMPLETED',
        }),
        deployment({
          status: 'ACTIVE',
          rolloutState: 'FAILED',
          failedTasks: 3,
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        }),
      ],
      [event('e9', 90, '(service web) rolling back to deployment ecs-svc/0000.')],
    );
    const { result, reporter } = await watch(
      new ScriptedEcs([service([deployment({ pendingCount: 2 })]), rolledBack]),
      request(),
    );
    assert.equal(result.outcome, 'failed');
    assert.match(
      result.message,
      /circuit breaker rolled the service back to web:11: ECS deployment circuit breaker: tasks failed to start/,
    );
    assert.match(reporter.text(), /rolling back to deployment/);
  });

  it('without the circuit breaker (no rolloutState): done when ours is the only deployment, fully running', () => {
    const noBreaker = (d: Partial<Deployment>) => {
      const { rolloutState: _unused, ...rest } = deployment(d);
      return rest;
    };
    const two = service([
      noBreaker({ runningCount: 2 }),
      noBreaker({ id: OLD, status: 'ACTIVE', taskDefinition: OLD_TD, runningCount: 1 }),
    ]);
    assert.equal(evaluateRollout(two, OURS).kind, 'pending', 'the old deployment is still draining');
    const one = service([noBreaker({ runningCount: 2 })]);
    assert.equal(evaluateRollout(one, OURS).kind, 'completed');
    const primaryOther = service([
      noBreaker({ id: 'ecs-svc/9', runningCount: 2 }),
      noBreaker({ status: 'ACTIVE' }),
    ]);
    const verdict = evaluateRollout(primaryOther, OURS);
    assert.equal(verdict.kind, 'failed', 'someone else deployed over ours');
  });

  it('times out saying what is pending and the last event', async () => {
    const stuck = service(
      [deployment({ runningCount: 1, pendingCount: 1 })],
      [event('e1', 5, '(service web) has started 2 tasks: (task a) (task b).')],
    );
    const { result } = await watch(new ScriptedEcs([stuck]), request({ timeoutMs: 60_000 }));
    assert.equal(result.outcome, 'timedOut');
    assert.match(result.message, /within 1 minute/);
    assert.match(
      result.message,
      /1 of 2 tasks running, 1 pending; last event: \(service web\) has started 2 tasks/,
    );
    assert.match(result.message, /nothing was rolled back/);
  });

  it('cancelling stops polling at once and says nothing was rolled back', async () => {
    const controller = new AbortController();
    const clock = new VirtualClock(T0);
    clock.onSleep = (_ms, n) => {
      if (n === 1) controller.abort();
    };
    const ecs = new ScriptedEcs([service([deployment({ runningCount: 1, pendingCount: 1 })])]);
    const { result } = await watch(ecs, request(), clock, controller.signal);
    assert.equal(result.outcome, 'cancelled');
    assert.match(
      result.message,
      /Stopped waiting; nothing was rolled back: ECS carries on rolling out web:12 \(1 of 2 tasks running, 1 pending\)/,
    );
    assert.equal(ecs.calls.length, 1, 'no call after the cancellation');
  });

  it('the service deleted during the wait is a failure', async () => {
    const gone = { ...service([deployment({})]), status: 'DRAINING' };
    const { result } = await watch(new ScriptedEcs([gone]), request());
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /DRAINING/);
  });
});
