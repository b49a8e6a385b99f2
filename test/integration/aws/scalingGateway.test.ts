import * as assert from 'node:assert/strict';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import { createScalingGateway, ecsResourceId } from '../../../src/aws/scalingGateway';
import { createScalingDecorator } from '../../../src/scaling/decorateScaling';
import { applyScaling, planScaling } from '../../../src/scaling/scalingConfig';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';

describe('ScalingGateway against the fake Application Auto Scaling endpoint (real SDK client)', function () {
  let fake: FakeAws;
  let clock: ManualClock;
  let client: ApplicationAutoScalingClient;

  beforeEach(async () => {
    clock = new ManualClock();
    fake = await FakeAws.start({ clock });
    client = new ApplicationAutoScalingClient({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDSCALING', secretAccessKey: 'scaling-secret' },
    });
    fake.ecs.createCluster('prod');
    fake.ecs.createService('prod', 'web', { desiredCount: 1 });
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  const gateway = () => createScalingGateway(client, { concurrency: () => 4 });

  it('configures a service: the fake holds the target and two target-tracking policies', async () => {
    const plan = planScaling({
      min: '2',
      max: '8',
      cpuTarget: '60',
      memoryTarget: '75',
      scaleInCooldown: '',
      scaleOutCooldown: '30',
    });
    assert.ok(plan.ok);
    await applyScaling(gateway(), 'prod', 'web', plan.value);

    const target = fake.autoScaling.ecsTarget('prod', 'web');
    assert.equal(target?.min, 2);
    assert.equal(target?.max, 8);
    const policies = fake.autoScaling.ecsPolicies('prod', 'web');
    assert.deepEqual(
      policies.map((p) => [p.name, p.type, p.targetTracking]),
      [
        [
          'ecs-fargate-cpu',
          'TargetTrackingScaling',
          {
            TargetValue: 60,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
            ScaleInCooldown: 300,
            ScaleOutCooldown: 30,
          },
        ],
        [
          'ecs-fargate-memory',
          'TargetTrackingScaling',
          {
            TargetValue: 75,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
            ScaleInCooldown: 300,
            ScaleOutCooldown: 30,
          },
        ],
      ],
    );
    // Registering a range above the desired count moves it, as the real service does.
    assert.equal(fake.ecs.getService('prod', 'web')?.desiredCount, 2);
    assert.equal(await gateway().isAutoScaled('prod', 'web'), true);
    const read = await gateway().describePolicies('prod', 'web');
    assert.deepEqual(read.map((p) => p.PolicyName).sort(), ['ecs-fargate-cpu', 'ecs-fargate-memory']);

    // Reconfigured with the memory target blank: our memory policy goes, the CPU one is updated.
    const again = planScaling(
      { min: '1', max: '4', cpuTarget: '50', memoryTarget: '', scaleInCooldown: '', scaleOutCooldown: '' },
      read.map((p) => p.PolicyName ?? ''),
    );
    assert.ok(again.ok);
    await applyScaling(gateway(), 'prod', 'web', again.value);
    assert.deepEqual(
      fake.autoScaling.ecsPolicies('prod', 'web').map((p) => [p.name, p.targetTracking?.['TargetValue']]),
      [['ecs-fargate-cpu', 50]],
    );
  });

  it('removes auto scaling: the target and its policies are gone', async () => {
    const g = gateway();
    await g.registerTarget('prod', 'web', 1, 3);
    await g.putPolicy('prod', 'web', {
      policyName: 'ecs-fargate-cpu',
      targetTracking: {
        TargetValue: 70,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
    await g.deregisterTarget('prod', 'web');
    assert.equal(fake.autoScaling.ecsTarget('prod', 'web'), undefined);
    assert.deepEqual(fake.autoScaling.ecsPolicies('prod', 'web'), []);
    assert.equal(await g.isAutoScaled('prod', 'web'), false);
    assert.equal(await g.describeTarget('prod', 'web'), undefined);
    await assert.rejects(g.deregisterTarget('prod', 'web'), (err: unknown) => {
      assert.ok(err instanceof ObjectNotFoundException);
      assert.match(
        err.message,
        /No scalable target found for service namespace: ecs, resource ID: service\/prod\/web/,
      );
      return true;
    });
  });

  it('describes the targets of 120 services in 3 DescribeScalableTargets calls (50 ResourceIds each at most)', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
    for (const name of names) fake.ecs.createService('prod', name, { desiredCount: 1 });
    for (const name of names.filter((_, i) => i % 3 === 0)) {
      fake.autoScaling.registerTarget({
        namespace: 'ecs',
        resourceId: ecsResourceId('prod', name),
        dimension: 'ecs:service:DesiredCount',
        min: 1,
        max: 5,
      });
    }
    fake.stats.reset();
    const targets = await gateway().describeTargets('prod', names);
    assert.equal(fake.stats.calls('DescribeScalableTargets'), 3);
    assert.equal(targets.size, 40);
    assert.equal(targets.get('svc-000')?.MaxCapacity, 5);
    assert.equal(targets.has('svc-001'), false);
  });

  it('the decorator fills scaling for the explorer from the fake', async () => {
    const g = gateway();
    await g.registerTarget('prod', 'web', 1, 6);
    await g.putPolicy('prod', 'web', {
      policyName: 'ecs-fargate-cpu',
      targetTracking: {
        TargetValue: 65,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
    fake.ecs.createService('prod', 'api', { desiredCount: 1 });
    const decorations = await createScalingDecorator(() => g)('prod', [
      { serviceName: 'web' },
      { serviceName: 'api' },
    ]);
    assert.deepEqual(decorations.get('web')?.scaling, { min: 1, max: 6, policies: ['CPU 65%'] });
    assert.equal(decorations.has('api'), false);
    fake.faults.inject('DescribeScalableTargets', 'accessDenied');
    assert.equal((await createScalingDecorator(() => g)('prod', [{ serviceName: 'web' }])).size, 0);
  });

  it('lists activities newest last, across pages', async () => {
    const resourceId = ecsResourceId('prod', 'web');
    for (let i = 0; i < 60; i++) {
      fake.autoScaling.addActivity({
        resourceId,
        description: `Setting desired count to ${i}.`,
        cause: `monitor alarm high in state ALARM triggered policy ecs-fargate-cpu (${i})`,
        statusCode: i === 59 ? 'InProgress' : 'Successful',
        startTime: Date.UTC(2026, 10, 27, 10, i),
      });
    }
    fake.autoScaling.addActivity({
      resourceId: ecsResourceId('prod', 'other'),
      description: 'not ours',
      cause: 'x',
      statusCode: 'Successful',
    });
    const all = await gateway().describeActivities('prod', 'web', { limit: 100 });
    assert.equal(all.length, 60);
    assert.equal(fake.stats.calls('DescribeScalingActivities'), 2, 'pages of 50');
    assert.equal(all[0]?.Description, 'Setting desired count to 0.');
    assert.equal(all.at(-1)?.Description, 'Setting desired count to 59.');
    assert.equal(all.at(-1)?.StatusCode, 'InProgress');
    assert.match(all.at(-1)?.Cause ?? '', /triggered policy ecs-fargate-cpu/);
    const recent = await gateway().describeActivities('prod', 'web', { limit: 10 });
    assert.deepEqual(
      recent.map((a) => a.Description),
      Array.from({ length: 10 }, (_, i) => `Setting desired count to ${50 + i}.`),
      'the 10 newest, newest last',
    );
  });

  it('enforces the real limits and error shapes', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `service/prod/s${i}`);
    await assert.rejects(
      client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: ids })),
      (err: unknown) => {
        assert.ok(err instanceof ValidationException);
        assert.match(
          err.message,
          /at 'resourceIds' failed to satisfy constraint: Member must have length less than or equal to 50/,
        );
        return true;
      },
    );
    await assert.rejects(
      client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', MaxResults: 51 })),
      ValidationException,
    );
    await assert.rejects(
      gateway().registerTarget('prod', 'web', 5, 2),
      /Minimum capacity cannot be greater than maximum capacity/,
    );
    await assert.rejects(
      gateway().registerTarget('prod', 'ghost', 1, 2),
      /ECS service doesn't exist: service\/prod\/ghost/,
    );
    await assert.rejects(
      client.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/prod/web',
          ScalableDimension: 'ecs:service:DesiredCount',
        }),
      ),
      /MinCapacity and MaxCapacity are required/,
    );
    await assert.rejects(
      gateway().putPolicy('prod', 'web', {
        policyName: 'ecs-fargate-cpu',
        targetTracking: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        },
      }),
      (err: unknown) => {
        assert.ok(err instanceof ObjectNotFoundException);
        assert.match(err.message, /No scalable target registered for service namespace: ecs/);
        return true;
      },
    );
    await gateway().registerTarget('prod', 'web', 1, 2);
    await assert.rejects(
      client.send(
        new PutScalingPolicyCommand({
          ServiceNamespace: 'ecs',
          ResourceId: 'service/prod/web',
          ScalableDimension: 'ecs:service:DesiredCount',
          PolicyName: 'requests',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 1000,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' },
          },
        }),
      ),
      /ResourceLabel is required for ALBRequestCountPerTarget/,
    );
  });
});
