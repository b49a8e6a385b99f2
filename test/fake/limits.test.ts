import * as assert from 'node:assert/strict';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { FakeAws } from '../fakeAws';
import { ecsClient, rejection, useFake } from './helpers';

describe('fake AWS ECS: API limits, paging and failures[]', () => {
  const ctx = useFake({ lifecycleStepMs: 0 });

  function services(cluster: string, n: number): void {
    ctx.fake.ecs.createCluster(cluster);
    for (let i = 1; i <= n; i++)
      ctx.fake.ecs.createService(cluster, `svc-${String(i).padStart(2, '0')}`, { desiredCount: 0 });
  }

  it('ListServices returns 10 per page by default, up to 100 with maxResults', async () => {
    services('default', 25);
    const first = await ctx.ecs.send(new ListServicesCommand({}));
    assert.equal(first.serviceArns?.length, 10);
    assert.ok(first.nextToken);
    const all = await ctx.ecs.send(new ListServicesCommand({ maxResults: 100 }));
    assert.equal(all.serviceArns?.length, 25);
    assert.equal(all.nextToken, undefined);
  });

  it('ListClusters and ListTasks return 100 per page by default', async () => {
    for (let i = 0; i < 120; i++) ctx.fake.ecs.createCluster(`c-${i}`);
    const clusters = await ctx.ecs.send(new ListClustersCommand({}));
    assert.equal(clusters.clusterArns?.length, 100);
    assert.ok(clusters.nextToken);
    for (let i = 0; i < 105; i++) ctx.fake.ecs.addTask('c-0');
    const tasks = await ctx.ecs.send(new ListTasksCommand({ cluster: 'c-0' }));
    assert.equal(tasks.taskArns?.length, 100);
    const rest = await ctx.ecs.send(new ListTasksCommand({ cluster: 'c-0', nextToken: tasks.nextToken }));
    assert.equal(rest.taskArns?.length, 5);
    assert.equal(rest.nextToken, undefined);
  });

  for (const maxResults of [0, 101]) {
    it(`maxResults ${maxResults} is InvalidParameterException on every List*`, async () => {
      ctx.fake.ecs.createCluster('default');
      const calls = [
        ctx.ecs.send(new ListClustersCommand({ maxResults })),
        ctx.ecs.send(new ListServicesCommand({ maxResults })),
        ctx.ecs.send(new ListTasksCommand({ maxResults })),
        ctx.ecs.send(new ListTaskDefinitionsCommand({ maxResults })),
      ];
      for (const call of calls) {
        const err = await rejection(call);
        assert.equal(err.name, 'InvalidParameterException');
        assert.equal(err.$metadata.httpStatusCode, 400);
      }
    });
  }

  it('paginateListServices collects every service across pages (3 calls for 25)', async () => {
    services('default', 25);
    const arns: string[] = [];
    for await (const page of paginateListServices({ client: ctx.ecs }, {}))
      arns.push(...(page.serviceArns ?? []));
    assert.equal(arns.length, 25);
    assert.equal(new Set(arns).size, 25);
    assert.equal(arns[0], 'arn:aws:ecs:us-east-1:123456789012:service/default/svc-01');
    assert.equal(ctx.fake.stats.calls('ListServices'), 3);
  });

  it('paginateListTasks honours pageSize', async () => {
    ctx.fake.ecs.createCluster('default');
    for (let i = 0; i < 7; i++) ctx.fake.ecs.addTask('default');
    let pages = 0;
    let count = 0;
    for await (const page of paginateListTasks({ client: ctx.ecs, pageSize: 3 }, {})) {
      pages++;
      count += page.taskArns?.length ?? 0;
    }
    assert.equal(count, 7);
    assert.equal(pages, 3);
  });

  it('a tampered, foreign-scope or foreign-server nextToken is InvalidParameterException', async () => {
    services('default', 15);
    services('other', 15);
    const { nextToken } = await ctx.ecs.send(new ListServicesCommand({}));
    assert.ok(nextToken);
    const decoded = JSON.parse(Buffer.from(nextToken, 'base64').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...decoded, o: 1 })).toString('base64');
    for (const token of [tampered, 'not-a-token', nextToken.slice(0, -4)]) {
      const err = await rejection(ctx.ecs.send(new ListServicesCommand({ nextToken: token })));
      assert.equal(err.name, 'InvalidParameterException');
    }
    const otherCluster = await rejection(
      ctx.ecs.send(new ListServicesCommand({ cluster: 'other', nextToken })),
    );
    assert.equal(otherCluster.name, 'InvalidParameterException');
    const otherFilter = await rejection(
      ctx.ecs.send(new ListServicesCommand({ launchType: 'EC2', nextToken })),
    );
    assert.equal(otherFilter.name, 'InvalidParameterException');
    const second = await FakeAws.start();
    const client = ecsClient(second);
    try {
      second.ecs.createCluster('default');
      const foreign = await rejection(client.send(new ListServicesCommand({ nextToken })));
      assert.equal(foreign.name, 'InvalidParameterException');
    } finally {
      client.destroy();
      await second.close();
    }
  });

  it('DescribeServices takes at most 10 services (11 is InvalidParameterException), and at least 1', async () => {
    services('default', 11);
    const names = Array.from({ length: 11 }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`);
    const ok = await ctx.ecs.send(new DescribeServicesCommand({ services: names.slice(0, 10) }));
    assert.equal(ok.services?.length, 10);
    const err = await rejection(ctx.ecs.send(new DescribeServicesCommand({ services: names })));
    assert.equal(err.name, 'InvalidParameterException');
    const empty = await rejection(ctx.ecs.send(new DescribeServicesCommand({ services: [] })));
    assert.equal(empty.name, 'InvalidParameterException');
  });

  it('DescribeTasks and DescribeClusters take at most 100', async () => {
    ctx.fake.ecs.createCluster('default');
    const ids = Array.from({ length: 101 }, (_, i) => `${i}`.padStart(32, '0'));
    const tasks = await ctx.ecs.send(new DescribeTasksCommand({ tasks: ids.slice(0, 100) }));
    assert.equal(tasks.failures?.length, 100);
    assert.equal(
      (await rejection(ctx.ecs.send(new DescribeTasksCommand({ tasks: ids })))).name,
      'InvalidParameterException',
    );
    const clusters = await ctx.ecs.send(new DescribeClustersCommand({ clusters: ids.slice(0, 100) }));
    assert.equal(clusters.failures?.length, 100);
    const err = await rejection(ctx.ecs.send(new DescribeClustersCommand({ clusters: ids })));
    assert.equal(err.name, 'InvalidParameterException');
  });

  it('unknown names in Describe* are failures MISSING, not errors', async () => {
    ctx.fake.ecs.createCluster('prod');
    ctx.fake.ecs.createService('prod', 'web');
    const svc = await ctx.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'ghost'] }),
    );
    assert.deepEqual(
      svc.services?.map((s) => s.serviceName),
      ['web'],
    );
    assert.deepEqual(svc.failures, [
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/ghost', reason: 'MISSING' },
    ]);
    const id = 'f'.repeat(32);
    const tasks = await ctx.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [id] }));
    assert.deepEqual(tasks.failures, [
      { arn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${id}`, reason: 'MISSING' },
    ]);
    const clusters = await ctx.ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'gone'] }));
    assert.equal(clusters.clusters?.length, 1);
    assert.deepEqual(clusters.failures, [
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/gone', reason: 'MISSING' },
    ]);
  });

  it('accepts names and full ARNs for clusters, services and tasks; "default" when cluster is omitted', async () => {
    ctx.fake.ecs.createCluster('default');
    ctx.fake.ecs.createCluster('prod');
    const web = ctx.fake.ecs.createService('prod', 'web', { desiredCount: 1 });
    ctx.fake.ecs.createService('default', 'api', { desiredCount: 0 });
    const clusterArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/prod';
    const byArn = await ctx.ecs.send(new ListServicesCommand({ cluster: clusterArn }));
    assert.deepEqual(byArn.serviceArns, [web.arn]);
    const byDefault = await ctx.ecs.send(new ListServicesCommand({}));
    assert.deepEqual(byDefault.serviceArns, ['arn:aws:ecs:us-east-1:123456789012:service/default/api']);
    const described = await ctx.ecs.send(
      new DescribeServicesCommand({ cluster: clusterArn, services: [web.arn] }),
    );
    assert.equal(described.services?.[0]?.serviceName, 'web');
    const [task] = ctx.fake.ecs.listTasks('prod');
    assert.ok(task);
    const tasks = await ctx.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: [task.arn, task.id] }),
    );
    assert.equal(tasks.tasks?.length, 2);
    assert.equal(tasks.failures?.length, 0);
  });
});
