import * as assert from 'node:assert/strict';
import type { Service } from '@aws-sdk/client-ecs';
import {
  deploymentConfigurationFor,
  describePlannedStrategy,
  expectedBakeMinutes,
  strategyFacts,
  strategyLabel,
  validateStrategy,
} from '../../../../src/workflows/deployments/strategy';

const lb = {
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef',
};

describe('deployment strategy', () => {
  it('names each way a service deploys, short', () => {
    const of = (s: Partial<Service>) => strategyLabel(s);
    assert.equal(of({}), 'rolling');
    assert.equal(
      of({ deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 15 } }),
      'blue/green, bake 15 min',
    );
    assert.equal(
      of({
        deploymentConfiguration: {
          strategy: 'LINEAR',
          linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 5 },
        },
      }),
      'linear 20 % every 5 min',
    );
    assert.equal(
      of({
        deploymentConfiguration: {
          strategy: 'CANARY',
          canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 15 },
        },
      }),
      'canary 10 % then bake 15 min',
    );
    assert.equal(of({ deploymentController: { type: 'CODE_DEPLOY' } }), 'CodeDeploy');
    assert.equal(of({ deploymentController: { type: 'EXTERNAL' } }), 'external');
  });

  it('lists alarms, circuit breaker and hooks for the tooltip', () => {
    const facts = new Map(
      strategyFacts({
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 10,
          alarms: { alarmNames: ['web-5xx', 'web-latency'], enable: true, rollback: true },
          deploymentCircuitBreaker: { enable: true, rollback: true },
          lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
        },
      }),
    );
    assert.equal(facts.get('Alarms'), 'web-5xx, web-latency (roll back when one fires)');
    assert.equal(facts.get('Circuit breaker'), 'on, rolls back');
    assert.equal(facts.get('Lifecycle hooks'), 'pause at POST_TEST_TRAFFIC_SHIFT');
    assert.equal(facts.get('Bake time'), '10 min after all traffic moved');
    assert.match(
      new Map(strategyFacts({ deploymentController: { type: 'CODE_DEPLOY' } })).get('Deploys') ?? '',
      /CodeDeploy/,
    );
  });

  it('says how long a deploy bakes (linear: steps minus one, plus the bake)', () => {
    assert.equal(
      expectedBakeMinutes({
        strategy: 'LINEAR',
        bakeTimeInMinutes: 10,
        linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 5 },
      }),
      4 * 5 + 10,
    );
    assert.equal(
      expectedBakeMinutes({
        strategy: 'CANARY',
        bakeTimeInMinutes: 5,
        canaryConfiguration: { canaryBakeTimeInMinutes: 15 },
      }),
      20,
    );
    assert.equal(expectedBakeMinutes({ strategy: 'ROLLING' }), 0);
    assert.match(
      describePlannedStrategy({ deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 15 } }),
      /blue\/green, bake 15 min; bakes about 15 min/,
    );
  });

  it('rejects impossible settings with what to write', () => {
    const fields = (p: ReturnType<typeof validateStrategy>) => p.map((x) => x.field);
    assert.deepEqual(fields(validateStrategy({ strategy: 'LINEAR', stepPercent: 2 })), ['stepPercent']);
    assert.match(validateStrategy({ strategy: 'LINEAR', stepPercent: 2 })[0]!.message, /from 3 to 100/);
    assert.deepEqual(
      validateStrategy({ strategy: 'LINEAR', stepPercent: 3, stepBakeTimeInMinutes: 1440 }),
      [],
    );
    assert.match(
      validateStrategy({ strategy: 'LINEAR', stepPercent: 12.55 })[0]!.message,
      /multiple of 0\.1/,
    );
    assert.deepEqual(fields(validateStrategy({ strategy: 'CANARY', canaryPercent: 0.05 })), [
      'canaryPercent',
    ]);
    assert.deepEqual(fields(validateStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1441 })), [
      'bakeTimeInMinutes',
    ]);
    assert.deepEqual(
      fields(validateStrategy({ strategy: 'ROLLING', minimumHealthyPercent: 100, maximumPercent: 100 })),
      ['maximumPercent'],
    );
  });

  it('refuses BLUE_GREEN on a load balancer without an alternate target group', () => {
    const problems = validateStrategy(
      { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
      { loadBalancers: [lb] },
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /web-blue has no alternate target group/);
    const ready = {
      loadBalancers: [
        {
          ...lb,
          advancedConfiguration: {
            alternateTargetGroupArn: 'arn:tg/green',
            productionListenerRule: 'arn:rule/1',
          },
        },
      ],
    };
    assert.deepEqual(validateStrategy({ strategy: 'BLUE_GREEN' }, ready), []);
    assert.match(
      validateStrategy({ strategy: 'LINEAR' }, { deploymentController: { type: 'CODE_DEPLOY' } })[0]!.message,
      /CODE_DEPLOY/,
    );
  });

  it('builds the configuration UpdateService gets, keeping the circuit breaker and hooks', () => {
    const config = deploymentConfigurationFor(
      {
        strategy: 'CANARY',
        canaryPercent: 10,
        canaryBakeTimeInMinutes: 15,
        bakeTimeInMinutes: 5,
        alarms: ['web-5xx'],
      },
      {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        lifecycleHooks: [{ targetType: 'PAUSE' }],
      },
    );
    assert.deepEqual(config, {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      lifecycleHooks: [{ targetType: 'PAUSE' }],
      strategy: 'CANARY',
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
      bakeTimeInMinutes: 5,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 15 },
    });
  });
});
