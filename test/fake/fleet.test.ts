import * as assert from 'node:assert/strict';
import {
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListTasksCommand,
  paginateListServices,
  type Service,
} from '@aws-sdk/client-ecs';
import { buildDemoFleet, buildFleet } from '../fakeAws';
import { useFake } from './helpers';

describe('fake AWS: fleet generators', () => {
  const ctx = useFake({ lifecycleStepMs: 0 });

  async function allServices(cluster: string): Promise<Service[]> {
    const arns: string[] = [];
    for await (const page of paginateListServices({ client: ctx.ecs }, { cluster, maxResults: 100 })) {
      arns.push(...(page.serviceArns ?? []));
    }
    const services: Service[] = [];
    for (let i = 0; i < arns.length; i += 10) {
      const out = await ctx.ecs.send(
        new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }),
      );
      services.push(...(out.services ?? []));
    }
    return services;
  }

  it('buildFleet: deterministic names, sizes and realistic variety', async () => {
    const summary = buildFleet(ctx.fake.ecs, {
      clusters: 3,
      servicesPerCluster: 20,
      tasksPerService: 2,
      standaloneTasksPerCluster: 2,
      stoppedTasksPerCluster: 6,
    });
    assert.deepEqual(summary.clusters, ['cluster-01', 'cluster-02', 'cluster-03']);
    assert.equal(summary.services, 60);
    assert.equal(summary.stoppedTasks, 18);
    const clusters = await ctx.ecs.send(new ListClustersCommand({}));
    assert.equal(clusters.clusterArns?.length, 3);
    const services = await allServices('cluster-01');
    assert.equal(services.length, 20);
    assert.equal(services[0]?.serviceName, 'svc-0001');
    assert.equal(services[19]?.serviceName, 'svc-0020');
    const rollouts = services.map((s) => s.deployments?.[0]?.rolloutState);
    assert.ok(rollouts.includes('FAILED'));
    assert.ok(rollouts.includes('IN_PROGRESS'));
    assert.ok(rollouts.includes('COMPLETED'));
    assert.ok(services.some((s) => (s.runningCount ?? 0) < (s.desiredCount ?? 0)));
    const inProgress = services.find((s) => s.deployments?.[0]?.rolloutState === 'IN_PROGRESS');
    assert.equal(inProgress?.deployments?.length, 2);
    assert.ok(summary.taskDefinitions >= 2 * 20, 'a couple of revisions per family');

    const running = await ctx.ecs.send(new ListTasksCommand({ cluster: 'cluster-01' }));
    const runningTasks = await ctx.ecs.send(
      new DescribeTasksCommand({ cluster: 'cluster-01', tasks: running.taskArns }),
    );
    assert.ok(
      runningTasks.tasks?.some((t) => t.healthStatus === 'UNHEALTHY'),
      'a task with an unhealthy container',
    );
    assert.ok(
      runningTasks.tasks?.some((t) => t.group?.startsWith('family:')),
      'standalone tasks',
    );
    const stopped = await ctx.ecs.send(
      new ListTasksCommand({ cluster: 'cluster-01', desiredStatus: 'STOPPED' }),
    );
    assert.equal(stopped.taskArns?.length, 6);
    const tasks = await ctx.ecs.send(
      new DescribeTasksCommand({ cluster: 'cluster-01', tasks: stopped.taskArns }),
    );
    const reasons = tasks.tasks?.map((t) => t.stoppedReason ?? '') ?? [];
    assert.ok(reasons.some((r) => r.startsWith('CannotPullContainerError:')));
    const exited = tasks.tasks?.find((t) => t.stoppedReason === 'Essential container in task exited');
    assert.equal(exited?.containers?.[0]?.exitCode, 1);
    assert.ok(tasks.tasks?.every((t) => t.lastStatus === 'STOPPED' && t.stoppedAt instanceof Date));
  });

  it('buildFleet is deterministic: the same options give the same task ids after a reset', () => {
    const options = { clusters: 1, servicesPerCluster: 5, tasksPerService: 2 };
    buildFleet(ctx.fake.ecs, options);
    const first = ctx.fake.ecs.listTasks('cluster-01').map((t) => t.arn);
    ctx.fake.ecs.reset();
    buildFleet(ctx.fake.ecs, options);
    assert.deepEqual(
      ctx.fake.ecs.listTasks('cluster-01').map((t) => t.arn),
      first,
    );
  });

  // How fast the fake builds a fleet is a figure of `npm run bench:explorer`, not an assertion here.
  it('2,000 services × 2 tasks: every service and its tasks are there', () => {
    const summary = buildFleet(ctx.fake.ecs, { clusters: 4, servicesPerCluster: 500, tasksPerService: 2 });
    assert.equal(summary.services, 2000);
    assert.ok(summary.runningTasks >= 3700, `running tasks: ${summary.runningTasks}`);
    assert.equal(ctx.fake.ecs.listServices('cluster-04').length, 500);
  });

  it('services with load balancers: the fixture option and CreateService keep them', async () => {
    const targetGroupArn =
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
    ctx.fake.ecs.createCluster('prod');
    ctx.fake.ecs.createService('prod', 'web', {
      loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
    });
    ctx.fake.ecs.createService('prod', 'plain');
    const created = await ctx.ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'api',
        taskDefinition: 'web',
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
        loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 80 }],
      }),
    );
    assert.deepEqual(created.service?.loadBalancers, [
      { targetGroupArn, containerName: 'web', containerPort: 80 },
    ]);
    const described = await ctx.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'plain', 'api'] }),
    );
    assert.deepEqual(
      described.services?.map((s) => s.loadBalancers?.map((lb) => lb.containerPort)),
      [[8080], [], [80]],
    );
  });

  it('buildDemoFleet: production, staging and batch-jobs as the screenshots need them', async () => {
    buildDemoFleet(ctx.fake.ecs, ctx.fake.autoScaling, ctx.fake.elb);
    const clusters = await ctx.ecs.send(
      new DescribeClustersCommand({
        clusters: ['production', 'staging', 'batch-jobs'],
        include: ['SETTINGS'],
      }),
    );
    assert.deepEqual(
      clusters.clusters?.map((c) => [c.clusterName, c.settings?.[0]?.value, c.activeServicesCount]),
      [
        ['production', 'enabled', 4],
        ['staging', 'disabled', 1],
        ['batch-jobs', 'disabled', 0],
      ],
    );
    const prod = Object.fromEntries(
      (await allServices('production')).map((s): [string, Service] => [s.serviceName ?? '', s]),
    );
    const shape = (s: Service | undefined) => [
      s?.runningCount,
      s?.desiredCount,
      s?.deployments?.[0]?.rolloutState,
    ];
    assert.deepEqual(shape(prod['web-frontend']), [3, 3, 'COMPLETED']);
    // web-frontend is the auto scaled one (tooltip and chart): 2–6 tasks, CPU at 60%.
    const scaled = ctx.fake.autoScaling.ecsTarget('production', 'web-frontend');
    assert.deepEqual([scaled?.min, scaled?.max], [2, 6]);
    assert.deepEqual(
      ctx.fake.autoScaling
        .ecsPolicies('production', 'web-frontend')
        .map((p) => [p.name, p.targetTracking?.['TargetValue']]),
      [['ecs-fargate-cpu', 60]],
    );
    assert.equal(ctx.fake.autoScaling.ecsTarget('production', 'orders-api'), undefined);
    assert.deepEqual(shape(prod['orders-api']), [2, 3, 'IN_PROGRESS']);
    // orders-api is behind an ALB's target group (the request-count scaling policy); the others are not.
    const [ordersLb] = prod['orders-api']?.loadBalancers ?? [];
    const group = ctx.fake.elb.targetGroups.get(ordersLb?.targetGroupArn ?? '');
    assert.deepEqual(
      [group?.name, ordersLb?.containerName, ordersLb?.containerPort],
      ['orders-api', 'orders-api', 3000],
    );
    const alb = ctx.fake.elb.loadBalancers.get(group?.loadBalancerArns[0] ?? '');
    assert.deepEqual([alb?.name, alb?.type], ['production-alb', 'application']);
    assert.deepEqual(prod['web-frontend']?.loadBalancers, []);
    assert.deepEqual(shape(prod['payments-worker']), [1, 1, 'COMPLETED']);
    assert.deepEqual(shape(prod['email-sender']), [0, 1, 'FAILED']);
    const failed = await ctx.ecs.send(
      new ListTasksCommand({ cluster: 'production', serviceName: 'email-sender', desiredStatus: 'STOPPED' }),
    );
    const failedTasks = await ctx.ecs.send(
      new DescribeTasksCommand({ cluster: 'production', tasks: failed.taskArns }),
    );
    assert.ok((failedTasks.tasks?.length ?? 0) >= 2);
    assert.ok(failedTasks.tasks?.every((t) => t.stoppedReason?.startsWith('CannotPullContainerError')));

    const staging = await allServices('staging');
    assert.deepEqual(staging.map(shape), [[1, 1, 'COMPLETED']]);
    const stagingTasks = await ctx.ecs.send(
      new ListTasksCommand({ cluster: 'staging', family: 'db-migrate' }),
    );
    assert.equal(stagingTasks.taskArns?.length, 1);
    const job = await ctx.ecs.send(new ListTasksCommand({ cluster: 'staging', desiredStatus: 'STOPPED' }));
    const jobTask = (
      await ctx.ecs.send(new DescribeTasksCommand({ cluster: 'staging', tasks: job.taskArns }))
    ).tasks?.[0];
    assert.equal(jobTask?.containers?.[0]?.exitCode, 0);
    const batch = await ctx.ecs.send(new ListTasksCommand({ cluster: 'batch-jobs' }));
    assert.equal(batch.taskArns?.length, 2);

    const web = await ctx.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web-frontend' }));
    assert.equal(web.taskDefinition?.revision, 7);
    const container = web.taskDefinition?.containerDefinitions?.[0];
    assert.equal(container?.image, '123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend:1.4.2');
    assert.equal(container?.logConfiguration?.logDriver, 'awslogs');
    assert.equal(container?.logConfiguration?.options?.['awslogs-group'], '/ecs/web-frontend');
  });
});
