import * as assert from 'node:assert/strict';
import type { ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import {
  followServiceDeployment,
  type HookAwaiting,
} from '../../../../src/workflows/deployments/followServiceDeployment';
import { explainStoppedTask, formatStoppedTaskReport } from '../../../../src/workflows/stoppedTask';
import { FakeEcsGateway } from '../../../fakes/fakeEcsGateway';
import { FakeServiceDeploymentsGateway } from '../../../fakes/fakeServiceDeploymentsGateway';
import { RecordingReporter, VirtualClock } from '../deploy/deployTestSupport';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/AbC';
const shift = (target: number): ServiceDeployment => ({
  status: 'IN_PROGRESS',
  lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
  targetServiceRevision: { arn: 'arn:rev/new', requestedProductionTrafficWeight: target },
  sourceServiceRevisions: [{ arn: 'arn:rev/old', requestedProductionTrafficWeight: 100 - target }],
});

function setup() {
  const deployments = new FakeServiceDeploymentsGateway();
  const ecs = new FakeEcsGateway();
  const clock = new VirtualClock();
  const reporter = new RecordingReporter();
  const deps = { deployments, ecs, clock, explainStoppedTask, formatStoppedTaskReport };
  return { deployments, ecs, clock, reporter, deps };
}

const request = {
  cluster: 'prod',
  service: 'web',
  serviceDeploymentArn: ARN,
  deploymentId: 'ecs-svc/1',
  timeoutMs: 3_600_000,
};

describe('followServiceDeployment', () => {
  it('prints each stage change once, one DescribeServiceDeployments per poll, to SUCCESSFUL', async () => {
    const { deployments, reporter, deps } = setup();
    deployments.script(
      ARN,
      { status: 'PENDING' },
      { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' },
      shift(20),
      shift(20),
      shift(20),
      shift(40),
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME',
        deploymentConfiguration: { bakeTimeInMinutes: 5 },
      },
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'BAKE_TIME',
        deploymentConfiguration: { bakeTimeInMinutes: 5 },
      },
      { status: 'SUCCESSFUL', deploymentConfiguration: { strategy: 'LINEAR' } },
    );
    const result = await followServiceDeployment(request, deps, reporter, new AbortController().signal);
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(result.stages, [
      'pending',
      'scaling up the new revision',
      'shifting production traffic: new 20 % / old 80 %',
      'shifting production traffic: new 40 % / old 60 %',
      'bake time: 5 min left of 5',
      'successful',
    ]);
    assert.equal(result.polls, 9);
    assert.equal(deployments.callsTo('describeServiceDeployments').length, result.polls);
    assert.equal(new Set(result.stages).size, result.stages.length, 'no duplicate stage lines');
    assert.match(reporter.text(), /^ {2}\d\d:\d\d:\d\d {2}shifting production traffic: new 20 %/m);
  });

  it('fails naming the alarm that rolled a linear deployment back', async () => {
    const { deployments, reporter, deps } = setup();
    deployments.script(ARN, shift(10), {
      status: 'ROLLBACK_IN_PROGRESS',
      rollback: { reason: 'Alarm web-5xx is in ALARM state', startedAt: new Date() },
      alarms: { status: 'TRIGGERED', alarmNames: ['web-5xx'], triggeredAlarmNames: ['web-5xx'] },
    });
    const result = await followServiceDeployment(request, deps, reporter, new AbortController().signal);
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /ROLLBACK_IN_PROGRESS/);
    assert.match(result.message, /alarm fired: web-5xx/);
  });

  it('announces a paused hook once and keeps following until it is continued', async () => {
    const { deployments, reporter, deps } = setup();
    const paused: ServiceDeployment = {
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      lifecycleHookDetails: [{ hookId: 'hook-1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
    };
    deployments.script(ARN, paused, paused, paused, { status: 'SUCCESSFUL' });
    const hooks: HookAwaiting[] = [];
    const result = await followServiceDeployment(
      { ...request, onHookAwaiting: (h) => hooks.push(h) },
      deps,
      reporter,
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(hooks, [
      { serviceDeploymentArn: ARN, hookId: 'hook-1', stage: 'POST_TEST_TRAFFIC_SHIFT' },
    ]);
    assert.equal(result.stages.filter((s) => s.startsWith('paused')).length, 1);
  });

  it('explains the stopped tasks of the deployment when the circuit breaker counts a failure', async () => {
    const { deployments, ecs, reporter, deps } = setup();
    const stopped: Task = {
      taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/aaaaaaaa000000000000000000000000',
      group: 'service:web',
      startedBy: 'ecs-svc/1',
      desiredStatus: 'STOPPED',
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      containers: [],
    };
    ecs.tasks.set('prod', [stopped, { ...stopped, taskArn: 'arn:other', startedBy: 'ecs-svc/0' }]);
    deployments.script(
      ARN,
      {
        status: 'IN_PROGRESS',
        lifecycleStage: 'SCALE_UP',
        deploymentCircuitBreaker: { failureCount: 1, threshold: 3 },
      },
      {
        status: 'ROLLBACK_SUCCESSFUL',
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      },
    );
    const result = await followServiceDeployment(request, deps, reporter, new AbortController().signal);
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(
      result.stoppedTasks.map((t) => t.taskArn),
      [stopped.taskArn],
    );
    assert.match(reporter.text(), /CannotPullContainerError|pull/i);
    assert.match(result.message, /circuit breaker: 3 failed tasks of 3 allowed \(triggered\)/);
  });

  it('backs off while nothing changes and times out saying where it stands', async () => {
    const { deployments, clock, reporter, deps } = setup();
    deployments.script(ARN, shift(50));
    const result = await followServiceDeployment(
      { ...request, timeoutMs: 60_000 },
      deps,
      reporter,
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'timedOut');
    assert.match(result.message, /new 50 % \/ old 50 %/);
    assert.deepEqual(clock.sleeps.slice(0, 4), [3000, 4500, 6750, 10125]);
  });

  it('a cancel stops following without rolling back', async () => {
    const { deployments, clock, reporter, deps } = setup();
    deployments.script(ARN, shift(50));
    const controller = new AbortController();
    clock.onSleep = () => controller.abort();
    const result = await followServiceDeployment(request, deps, reporter, controller.signal);
    assert.equal(result.outcome, 'cancelled');
    assert.match(result.message, /nothing was rolled back/);
    assert.equal(deployments.callsTo('stopServiceDeployment').length, 0);
  });
});
