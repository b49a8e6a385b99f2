import * as assert from 'node:assert/strict';
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { BLUE_TG, NETWORK, createWeb, deploy, describe1, follow, registerWeb } from './deploymentHelpers';
import { rejection, useFake } from './helpers';

describe('fake AWS ECS: service deployment limits, paging, error shapes and the circuit breaker (ManualClock)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => {
    ctx.fake.ecs.createCluster('default');
    registerWeb(ctx.fake);
  });

  async function refused(
    deploymentConfiguration: DeploymentConfiguration,
    loadBalancers = [{ targetGroupArn: BLUE_TG, containerName: 'web', containerPort: 8080 }],
  ): Promise<string> {
    const err = await rejection(
      ctx.ecs.send(
        new CreateServiceCommand({
          serviceName: 'bad',
          taskDefinition: 'web:1',
          launchType: 'FARGATE',
          networkConfiguration: NETWORK,
          loadBalancers,
          deploymentConfiguration,
        }),
      ),
    );
    assert.equal(err.name, 'InvalidParameterException');
    return err.message;
  }

  it('refuses impossible strategy settings with InvalidParameterException, saying which', async () => {
    assert.match(
      await refused({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 2 } }, []),
      /stepPercent .*3\.0 and 100\.0/,
    );
    assert.match(
      await refused({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 10.05 } }, []),
      /multiple of 0\.1/,
    );
    assert.match(
      await refused({ strategy: 'CANARY', canaryConfiguration: { canaryBakeTimeInMinutes: 1441 } }, []),
      /canaryBakeTimeInMinutes .*0 and 1440/,
    );
    assert.match(await refused({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: -1 }, []), /bakeTimeInMinutes/);
    assert.match(
      await refused({ strategy: 'ROLLING', linearConfiguration: { stepPercent: 10 } }, []),
      /only valid when the deployment strategy is LINEAR/,
    );
    assert.match(
      await refused({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }),
      /advancedConfiguration with alternateTargetGroupArn/,
    );
    assert.match(
      await refused(
        {
          strategy: 'BLUE_GREEN',
          lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT'] }],
        },
        [],
      ),
      /PAUSE hooks cannot be configured at the PRODUCTION_TRAFFIC_SHIFT/,
    );
    assert.match(
      await refused({ strategy: 'BLUE_GREEN', lifecycleHooks: [{ lifecycleStages: ['POST_SCALE_UP'] }] }, []),
      /hookTargetArn and roleArn/,
    );
    // The same checks on UpdateService, and a refused update changes nothing.
    await createWeb(ctx.ecs, clock, {}, [
      { targetGroupArn: BLUE_TG, containerName: 'web', containerPort: 8080 },
    ]);
    const err = await rejection(
      ctx.ecs.send(
        new UpdateServiceCommand({
          service: 'web',
          taskDefinition: 'web:2',
          deploymentConfiguration: { strategy: 'CANARY' },
        }),
      ),
    );
    assert.equal(err.name, 'InvalidParameterException');
    const s = (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0];
    assert.equal(s?.taskDefinition?.split('/').pop(), 'web:1');
    assert.equal(s?.deploymentConfiguration?.strategy, undefined);
  });

  it('echoes the strategy settings on DescribeServices and in the deployment record', async () => {
    const config: DeploymentConfiguration = {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 12.5, stepBakeTimeInMinutes: 3 },
      bakeTimeInMinutes: 7,
    };
    const created = await createWeb(ctx.ecs, clock, config);
    assert.equal(created.deploymentConfiguration?.strategy, 'LINEAR');
    assert.deepEqual(created.deploymentConfiguration?.linearConfiguration, config.linearConfiguration);
    assert.equal(created.deploymentConfiguration?.bakeTimeInMinutes, 7);
    assert.equal(created.deploymentController?.type, 'ECS');
    const d = await describe1(ctx.ecs, await deploy(ctx.ecs));
    assert.deepEqual(d.deploymentConfiguration?.linearConfiguration, config.linearConfiguration);
  });

  it('ListServiceDeployments: newest first, 20 a page by default, 1–100, status and createdAt filters', async () => {
    await createWeb(ctx.ecs, clock, {}, []);
    const started = clock.now();
    for (let i = 0; i < 24; i++) {
      clock.advance(1000);
      await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', forceNewDeployment: true }));
    }
    await follow(ctx.ecs, clock, await deploy(ctx.ecs), 1000, 100);
    const first = await ctx.ecs.send(new ListServiceDeploymentsCommand({ service: 'web' }));
    assert.equal(first.serviceDeployments?.length, 20);
    assert.ok(first.nextToken);
    const second = await ctx.ecs.send(
      new ListServiceDeploymentsCommand({ service: 'web', nextToken: first.nextToken }),
    );
    assert.equal(second.serviceDeployments?.length, 6);
    assert.equal(second.nextToken, undefined);
    const all = [...first.serviceDeployments, ...second.serviceDeployments];
    const times = all.map((d) => d.createdAt!.getTime());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    assert.equal(all[0]?.status, 'SUCCESSFUL');
    assert.equal(all.filter((d) => d.status === 'STOPPED').length, 24, 'each superseded by the next');
    const successful = await ctx.ecs.send(
      new ListServiceDeploymentsCommand({ service: 'web', status: ['SUCCESSFUL'] }),
    );
    assert.equal(successful.serviceDeployments?.length, 2);
    const recent = await ctx.ecs.send(
      new ListServiceDeploymentsCommand({ service: 'web', createdAt: { after: new Date(started + 20_500) } }),
    );
    assert.equal(recent.serviceDeployments?.length, 5);
    const tooMany = await rejection(
      ctx.ecs.send(new ListServiceDeploymentsCommand({ service: 'web', maxResults: 101 })),
    );
    assert.equal(tooMany.name, 'InvalidParameterException');
    const noService = await rejection(ctx.ecs.send(new ListServiceDeploymentsCommand({ service: 'nope' })));
    assert.equal(noService.name, 'ServiceNotFoundException');
    const arns = all.slice(0, 21).map((d) => d.serviceDeploymentArn!);
    const batch = await rejection(
      ctx.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns })),
    );
    assert.equal(batch.name, 'InvalidParameterException');
    const missing = await ctx.ecs.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [`${arns[0]!.slice(0, -3)}zzz`] }),
    );
    assert.equal(missing.failures?.[0]?.reason, 'MISSING');
  });

  it('a circuit-breaker rollback is recorded on the deployment (failure count, TRIGGERED, ROLLBACK_SUCCESSFUL)', async () => {
    ctx.fake.ecs.setImageBehavior('web:3', { kind: 'crash', exitCode: 1, afterMs: 5000 });
    await createWeb(ctx.ecs, clock, { deploymentCircuitBreaker: { enable: true, rollback: true } }, []);
    const arn = await deploy(ctx.ecs, 'web:3');
    const { lines, last } = await follow(ctx.ecs, clock, arn, 1000, 300);
    assert.deepEqual(
      lines.map((l) => l.split(' ')[0]),
      ['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL'],
    );
    assert.deepEqual(last.deploymentCircuitBreaker, { status: 'TRIGGERED', failureCount: 3, threshold: 3 });
    assert.equal(
      last.rollback?.reason,
      'ECS deployment circuit breaker: rolling back to deploymentId ' +
        last.rollback?.reason?.split(' ').pop(),
    );
    assert.equal(last.rollback?.serviceRevisionArn, last.sourceServiceRevisions?.[0]?.arn);
  });

  it('without rollback the breaker leaves the deployment STOPPED', async () => {
    ctx.fake.ecs.setImageBehavior('web:3', { kind: 'crash', exitCode: 1, afterMs: 5000 });
    await createWeb(ctx.ecs, clock, { deploymentCircuitBreaker: { enable: true, rollback: false } }, []);
    const { last } = await follow(ctx.ecs, clock, await deploy(ctx.ecs, 'web:3'), 1000, 300);
    assert.equal(last.status, 'STOPPED');
    assert.equal(last.statusReason, 'ECS deployment circuit breaker: tasks failed to start.');
  });
});
