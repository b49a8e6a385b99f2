import * as assert from 'node:assert/strict';
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { Service } from '@aws-sdk/client-ecs';
import type { ScalingGateway } from '../../../src/aws/scalingGateway';
import { createScalingDecorator } from '../../../src/scaling/decorateScaling';
import type { Logger } from '../../../src/shared/logger';

const services: Service[] = [{ serviceName: 'web' }, { serviceName: 'worker' }, { serviceName: 'cron' }];

function target(service: string, min: number, max: number): ScalableTarget {
  return {
    ServiceNamespace: 'ecs',
    ResourceId: `service/prod/${service}`,
    ScalableDimension: 'ecs:service:DesiredCount',
    MinCapacity: min,
    MaxCapacity: max,
    RoleARN: 'arn:role',
    CreationTime: new Date(0),
  };
}

function policy(name: string, metric: string, value: number): ScalingPolicy {
  return {
    PolicyName: name,
    PolicyARN: `arn:${name}`,
    ServiceNamespace: 'ecs',
    ResourceId: 'service/prod/web',
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: 'TargetTrackingScaling',
    CreationTime: new Date(0),
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: value,
      PredefinedMetricSpecification: { PredefinedMetricType: metric as 'ECSServiceAverageCPUUtilization' },
    },
  };
}

function gatewayWith(overrides: Partial<ScalingGateway>): ScalingGateway {
  const unexpected = () => Promise.reject(new Error('not expected'));
  return {
    describeTargets: unexpected,
    describeTarget: unexpected,
    isAutoScaled: unexpected,
    describePolicies: unexpected,
    describePoliciesOf: unexpected,
    describeActivities: unexpected,
    registerTarget: unexpected,
    putPolicy: unexpected,
    deletePolicy: unexpected,
    deregisterTarget: unexpected,
    ...overrides,
  };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

describe('decorateScaling', () => {
  it('fills the range and the policies of the auto scaled services only', async () => {
    const asked: string[][] = [];
    const decorate = createScalingDecorator(() =>
      gatewayWith({
        describeTargets: (_cluster, names) => {
          asked.push([...names]);
          return Promise.resolve(
            new Map([
              ['web', target('web', 2, 10)],
              ['worker', target('worker', 1, 3)],
            ]),
          );
        },
        describePoliciesOf: (_cluster, names) => {
          asked.push([...names]);
          return Promise.resolve(
            new Map([
              [
                'web',
                [
                  policy('ecs-fargate-cpu', 'ECSServiceAverageCPUUtilization', 70),
                  policy('ecs-fargate-memory', 'ECSServiceAverageMemoryUtilization', 80),
                ],
              ],
            ]),
          );
        },
      }),
    );
    const out = await decorate('prod', services);
    assert.deepEqual(asked, [
      ['web', 'worker', 'cron'],
      ['web', 'worker'],
    ]);
    assert.deepEqual(out.get('web')?.scaling, { min: 2, max: 10, policies: ['CPU 70%', 'memory 80%'] });
    assert.deepEqual(out.get('worker')?.scaling, { min: 1, max: 3, policies: [] });
    assert.equal(out.has('cron'), false);
  });

  it('leaves scaling out on AccessDenied, without logging a warning', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: () => undefined,
    };
    const decorate = createScalingDecorator(
      () =>
        gatewayWith({
          describeTargets: () =>
            Promise.reject(
              awsError(
                'AccessDeniedException',
                'User: arn:aws:iam::1:user/x is not authorized to perform: application-autoscaling:DescribeScalableTargets',
              ),
            ),
        }),
      logger,
    );
    const out = await decorate('prod', services);
    assert.equal(out.size, 0);
    assert.deepEqual(warnings, []);
  });

  it('never throws: other failures leave scaling out and are logged; failed policies keep the range', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: () => undefined,
    };
    const failing = createScalingDecorator(
      () =>
        gatewayWith({ describeTargets: () => Promise.reject(awsError('InternalServiceException', 'boom')) }),
      logger,
    );
    assert.equal((await failing('prod', services)).size, 0);
    assert.equal(warnings.length, 1);
    const noClient = createScalingDecorator(() => {
      throw new Error('no connection');
    });
    assert.equal((await noClient('prod', services)).size, 0);
    const policiesFail = createScalingDecorator(() =>
      gatewayWith({
        describeTargets: () => Promise.resolve(new Map([['web', target('web', 1, 4)]])),
        describePoliciesOf: () => Promise.reject(awsError('AccessDeniedException', 'denied')),
      }),
    );
    assert.deepEqual((await policiesFail('prod', services)).get('web')?.scaling, {
      min: 1,
      max: 4,
      policies: [],
    });
  });
});
