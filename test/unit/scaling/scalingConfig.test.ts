import * as assert from 'node:assert/strict';
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { ScalingGateway } from '../../../src/aws/scalingGateway';
import {
  applyScaling,
  describeConfiguration,
  describePlan,
  formatActivity,
  initialInput,
  manualScaleWarning,
  planScaling,
  POLICY_NAMES,
  validateCooldown,
  validateMax,
  validateMin,
  validateTargetPercent,
  type ScalingInput,
} from '../../../src/scaling/scalingConfig';

const valid: ScalingInput = {
  min: '2',
  max: '10',
  cpuTarget: '70',
  memoryTarget: '',
  scaleInCooldown: '',
  scaleOutCooldown: '',
};

/** A gateway that records every call (none may happen before the input is valid). */
function recordingGateway(): { gateway: ScalingGateway; calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push(`${name} ${JSON.stringify(args)}`);
      return Promise.resolve(undefined as never);
    };
  const gateway: ScalingGateway = {
    describeTargets: record('describeTargets'),
    describeTarget: record('describeTarget'),
    isAutoScaled: record('isAutoScaled'),
    describePolicies: record('describePolicies'),
    describePoliciesOf: record('describePoliciesOf'),
    describeActivities: record('describeActivities'),
    registerTarget: record('registerTarget'),
    putPolicy: record('putPolicy'),
    deletePolicy: record('deletePolicy'),
    deregisterTarget: record('deregisterTarget'),
  };
  return { gateway, calls };
}

describe('scalingConfig: the input boxes', () => {
  it('accepts a minimum from 0 to 5000 and refuses anything else with a reason', () => {
    assert.equal(validateMin('0'), undefined);
    assert.equal(validateMin(' 12 '), undefined);
    assert.match(validateMin('-1') ?? '', /whole number, 0 or more/);
    assert.match(validateMin('1.5') ?? '', /whole number/);
    assert.match(validateMin('5001') ?? '', /cannot exceed 5000/);
  });

  it('refuses a maximum below the minimum, above 5000, or 0', () => {
    assert.equal(validateMax('10', 2), undefined);
    assert.equal(validateMax('2', 2), undefined);
    assert.equal(validateMax('1', 2), 'The maximum must be at least the minimum (2).');
    assert.match(validateMax('5001', 0) ?? '', /at most 5000 tasks/);
    assert.match(validateMax('0', 0) ?? '', /at least 1 task/);
    assert.match(validateMax('ten', 0) ?? '', /whole number/);
  });

  it('takes targets from 1 to 100 percent, blank for none', () => {
    for (const ok of ['', '  ', '1', '100', '55.5', '70%'])
      assert.equal(validateTargetPercent(ok), undefined, ok);
    assert.match(validateTargetPercent('0') ?? '', /1 to 100 percent/);
    assert.match(validateTargetPercent('101') ?? '', /1 to 100 percent/);
    assert.match(validateTargetPercent('-5') ?? '', /1 to 100/);
    assert.match(validateTargetPercent('high') ?? '', /1 to 100/);
  });

  it('takes cooldowns of 0 seconds or more, blank for the default', () => {
    for (const ok of ['', '0', '300', '60s']) assert.equal(validateCooldown(ok), undefined, ok);
    assert.match(validateCooldown('-1') ?? '', /whole seconds, 0 or more/);
    assert.match(validateCooldown('1.5') ?? '', /whole seconds/);
    assert.match(validateCooldown('99999999') ?? '', /at most 31536000/);
  });
});

describe('scalingConfig: planning the calls', () => {
  it('turns a valid input into a range and target-tracking policies with the default cooldowns', () => {
    const plan = planScaling({ ...valid, memoryTarget: '80' });
    assert.ok(plan.ok);
    assert.equal(plan.value.min, 2);
    assert.equal(plan.value.max, 10);
    assert.deepEqual(plan.value.policies, [
      {
        policyName: POLICY_NAMES.cpu,
        targetTracking: {
          TargetValue: 70,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      },
      {
        policyName: POLICY_NAMES.memory,
        targetTracking: {
          TargetValue: 80,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      },
    ]);
    assert.deepEqual(plan.value.deletePolicies, []);
  });

  it('uses the typed cooldowns', () => {
    const plan = planScaling({ ...valid, scaleInCooldown: '120', scaleOutCooldown: '0' });
    assert.ok(plan.ok);
    assert.equal(plan.value.policies[0]?.targetTracking.ScaleInCooldown, 120);
    assert.equal(plan.value.policies[0]?.targetTracking.ScaleOutCooldown, 0);
  });

  it('deletes our policy the user left blank, and never another one', () => {
    const plan = planScaling(valid, ['ecs-fargate-cpu', 'ecs-fargate-memory', 'team-step-policy']);
    assert.ok(plan.ok);
    assert.deepEqual(plan.value.deletePolicies, ['ecs-fargate-memory']);
  });

  it('refuses invalid input with every reason, before any call', async () => {
    const { gateway, calls } = recordingGateway();
    const cases: Array<[Partial<ScalingInput>, RegExp]> = [
      [{ min: '5', max: '3' }, /maximum must be at least the minimum \(5\)/],
      [{ min: '-1' }, /minimum number of tasks/],
      [{ max: '6000' }, /at most 5000 tasks/],
      [{ cpuTarget: '0' }, /CPU: The target utilization must be from 1 to 100 percent/],
      [{ memoryTarget: '150' }, /Memory: The target utilization must be from 1 to 100 percent/],
      [{ scaleInCooldown: '-30' }, /Scale-in cooldown: Enter a cooldown/],
      [{ cpuTarget: '', memoryTarget: '' }, /Give a CPU or a memory target/],
    ];
    for (const [change, message] of cases) {
      const plan = planScaling({ ...valid, ...change });
      assert.equal(plan.ok, false, JSON.stringify(change));
      if (plan.ok) continue;
      assert.match(plan.errors.join(' '), message);
    }
    const both = planScaling({ ...valid, min: 'x', cpuTarget: '101' });
    assert.ok(!both.ok);
    assert.equal(both.errors.length, 2, 'every reason at once');
    assert.equal(calls.length, 0, 'no call before the input is valid');
    // A valid plan is then applied in order: the target first, the policies after it.
    const plan = planScaling({ ...valid, memoryTarget: '75' }, ['ecs-fargate-cpu']);
    assert.ok(plan.ok);
    await applyScaling(gateway, 'prod', 'web', plan.value);
    assert.deepEqual(
      calls.map((c) => c.split(' ')[0]),
      ['registerTarget', 'putPolicy', 'putPolicy'],
    );
  });
});

describe('scalingConfig: in words', () => {
  const cpuPolicy: ScalingPolicy = {
    PolicyName: 'ecs-fargate-cpu',
    PolicyARN: 'arn',
    ServiceNamespace: 'ecs',
    ResourceId: 'service/prod/web',
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: 'TargetTrackingScaling',
    CreationTime: new Date(0),
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      ScaleInCooldown: 300,
      ScaleOutCooldown: 60,
    },
  };
  const target = {
    ServiceNamespace: 'ecs' as const,
    ResourceId: 'service/prod/web',
    ScalableDimension: 'ecs:service:DesiredCount' as const,
    MinCapacity: 2,
    MaxCapacity: 8,
    RoleARN: 'arn:role',
    CreationTime: new Date(0),
  };

  it('describes the current configuration, or says it is off', () => {
    assert.deepEqual(describeConfiguration(undefined, []), [
      'Auto scaling is off: the desired count stays where it is set.',
    ]);
    assert.deepEqual(describeConfiguration(target, [cpuPolicy]), [
      'Tasks: 2 to 8.',
      'Keep CPU 60% (cooldowns: scale in 300 s, scale out 60 s) — ecs-fargate-cpu.',
    ]);
  });

  it('starts the input boxes at the current configuration, or at defaults', () => {
    assert.deepEqual(initialInput(target, [cpuPolicy], 3), {
      min: '2',
      max: '8',
      cpuTarget: '60',
      memoryTarget: '',
      requestTarget: '',
      scaleInCooldown: '300',
      scaleOutCooldown: '60',
    });
    assert.deepEqual(initialInput(undefined, [], 3), {
      min: '3',
      max: '12',
      cpuTarget: '70',
      memoryTarget: '',
      requestTarget: '',
      scaleInCooldown: '300',
      scaleOutCooldown: '60',
    });
  });

  it('summarizes the plan, including a desired count the range will move', () => {
    const plan = planScaling({ ...valid, min: '4' }, ['ecs-fargate-memory']);
    assert.ok(plan.ok);
    assert.deepEqual(describePlan(plan.value, 1), [
      'Tasks: 4 to 10.',
      'Keep CPU 70% (cooldowns: scale in 300 s, scale out 60 s).',
      'Delete the policy ecs-fargate-memory.',
      'The desired count (1) will rise to 4.',
    ]);
  });

  it('formats an activity with its time, status, description and cause', () => {
    const line = formatActivity({
      ActivityId: 'a',
      ServiceNamespace: 'ecs',
      ResourceId: 'service/prod/web',
      ScalableDimension: 'ecs:service:DesiredCount',
      Description: 'Setting desired count to 4.',
      Cause: 'monitor alarm X in state ALARM triggered policy ecs-fargate-cpu',
      StartTime: new Date('2026-11-27T10:00:05Z'),
      StatusCode: 'Successful',
      StatusMessage: 'Successfully set desired count to 4.',
    });
    assert.equal(
      line,
      '2026-11-27 10:00:05  Successful  Setting desired count to 4.\n' +
        '      Cause: monitor alarm X in state ALARM triggered policy ecs-fargate-cpu\n' +
        '      Successfully set desired count to 4.',
    );
  });

  it('warns a manual scale of an auto scaled service, saying whether the range overrides it', () => {
    assert.equal(manualScaleWarning('web', undefined, 5), undefined);
    assert.equal(
      manualScaleWarning('web', target, 20),
      'web is auto scaled (2–8 tasks): Application Auto Scaling will move 20 back into that range. Change the range with Configure Auto Scaling instead.',
    );
    assert.match(
      manualScaleWarning('web', target, 4) ?? '',
      /^web is auto scaled \(2–8 tasks\): its scaling policies may change 4 again/,
    );
  });
});
