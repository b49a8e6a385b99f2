import * as assert from 'node:assert/strict';
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { Service } from '@aws-sdk/client-ecs';
import {
  labelMatchesTargetGroup,
  resourceLabel,
  serviceTargetGroups,
  targetGroupName,
} from '../../../src/scaling/requestCount';
import {
  currentRequestLabel,
  describePlan,
  initialInput,
  planScaling,
  POLICY_NAMES,
  validateRequestCount,
  type ScalingInput,
} from '../../../src/scaling/scalingConfig';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod-alb/50dc6c495c0c9188';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/prod-nlb/a1b2c3d4e5f60718';
const LABEL = 'app/prod-alb/50dc6c495c0c9188/targetgroup/web-tg/73e2d6bc24d8a067';

const valid: ScalingInput = {
  min: '2',
  max: '10',
  cpuTarget: '',
  memoryTarget: '',
  requestTarget: '1000',
  scaleInCooldown: '',
  scaleOutCooldown: '',
};

describe('requestCount: the ResourceLabel of an ALB target group', () => {
  it('joins the ALB ARN after loadbalancer/ and the target group ARN from targetgroup/', () => {
    assert.deepEqual(resourceLabel(TG, [ALB]), { ok: true, label: LABEL });
    const china = resourceLabel(
      'arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/api/0123456789abcdef',
      ['arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/edge/fedcba9876543210'],
    );
    assert.deepEqual(china, {
      ok: true,
      label: 'app/edge/fedcba9876543210/targetgroup/api/0123456789abcdef',
    });
  });

  it('takes the Application Load Balancer among several, and refuses a group without one', () => {
    assert.deepEqual(resourceLabel(TG, [NLB, ALB]), { ok: true, label: LABEL });
    const nlb = resourceLabel(TG, [NLB]);
    assert.ok(!nlb.ok);
    assert.match(nlb.error, /web-tg is not behind an Application Load Balancer/);
    const none = resourceLabel(TG, []);
    assert.ok(!none.ok);
    assert.match(none.error, /not attached to a load balancer/);
    const bad = resourceLabel(ALB, [ALB]);
    assert.ok(!bad.ok);
    assert.match(bad.error, /Not a target group ARN/);
  });

  it('names target groups, lists a service’s distinct ones, and matches a label to its group', () => {
    assert.equal(targetGroupName(TG), 'web-tg');
    assert.equal(targetGroupName('web-tg'), 'web-tg');
    const other = TG.replace('web-tg/73e2d6bc24d8a067', 'admin-tg/0000aaaa1111bbbb');
    const service: Service = {
      loadBalancers: [
        { targetGroupArn: TG, containerName: 'web', containerPort: 8080 },
        { targetGroupArn: TG, containerName: 'web', containerPort: 8443 },
        { loadBalancerName: 'classic', containerName: 'web', containerPort: 80 },
        { targetGroupArn: other, containerName: 'admin', containerPort: 9000 },
      ],
    };
    assert.deepEqual(serviceTargetGroups(service), [TG, other]);
    assert.deepEqual(serviceTargetGroups({}), []);
    assert.equal(labelMatchesTargetGroup(LABEL, TG), true);
    assert.equal(labelMatchesTargetGroup(LABEL, other), false);
    assert.equal(labelMatchesTargetGroup(undefined, TG), false);
  });
});

describe('scalingConfig: the request-count policy', () => {
  it('checks the requests per target: blank for none, else a number above 0', () => {
    assert.equal(validateRequestCount(''), undefined);
    assert.equal(validateRequestCount(' 1000 '), undefined);
    assert.equal(validateRequestCount('12.5'), undefined);
    assert.match(validateRequestCount('0') ?? '', /greater than 0/);
    assert.match(validateRequestCount('-5') ?? '', /number of requests/);
    assert.match(validateRequestCount('lots') ?? '', /number of requests/);
    assert.match(validateRequestCount('2000000') ?? '', /at most 1,000,000/);
  });

  it('plans an ALBRequestCountPerTarget policy with the ResourceLabel', () => {
    const plan = planScaling(valid, [], LABEL);
    assert.ok(plan.ok);
    assert.deepEqual(plan.value.policies, [
      {
        policyName: POLICY_NAMES.requests,
        targetTracking: {
          TargetValue: 1000,
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'ALBRequestCountPerTarget',
            ResourceLabel: LABEL,
          },
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      },
    ]);
    assert.deepEqual(describePlan(plan.value), [
      'Tasks: 2 to 10.',
      'Keep requests 1000/target (web-tg) (cooldowns: scale in 300 s, scale out 60 s).',
    ]);
  });

  it('refuses a request count without a label, and deletes our request policy left blank', () => {
    const noLabel = planScaling(valid);
    assert.ok(!noLabel.ok);
    assert.match(noLabel.errors.join(' '), /no target group behind an Application Load Balancer/);
    const bad = planScaling({ ...valid, requestTarget: '0' }, [], LABEL);
    assert.ok(!bad.ok);
    assert.match(bad.errors.join(' '), /^Requests per target: /);
    const none = planScaling({ ...valid, requestTarget: '' }, [], LABEL);
    assert.ok(!none.ok);
    assert.match(none.errors.join(' '), /CPU, memory or request-count target/);
    const cpuOnly = planScaling(
      { ...valid, cpuTarget: '70', requestTarget: ' ' },
      [POLICY_NAMES.requests],
      LABEL,
    );
    assert.ok(cpuOnly.ok);
    assert.deepEqual(cpuOnly.value.deletePolicies, [POLICY_NAMES.requests]);
  });

  it('starts the box at the current request target and finds its label', () => {
    const policy: ScalingPolicy = {
      PolicyName: POLICY_NAMES.requests,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 500,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'ALBRequestCountPerTarget',
          ResourceLabel: LABEL,
        },
        ScaleInCooldown: 120,
        ScaleOutCooldown: 30,
      },
    } as ScalingPolicy;
    const start = initialInput({ MinCapacity: 1, MaxCapacity: 4 } as never, [policy], 2);
    assert.equal(start.requestTarget, '500');
    assert.equal(start.cpuTarget, '');
    assert.equal(start.scaleInCooldown, '120');
    assert.equal(currentRequestLabel([policy]), LABEL);
    assert.equal(currentRequestLabel([]), undefined);
  });
});
