import * as assert from 'node:assert/strict';
import {
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateClusterSettingsCommand,
  CreateClusterCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import { ECS_TARGET_PREFIX } from '../fakeAws/ecs/module';
import { raw, rejection, useFake } from './helpers';

const ACCT = '123456789012';

describe('fake AWS ECS: realistic objects, filters, task definitions, tags', () => {
  const ctx = useFake({ lifecycleStepMs: 0 });

  it('DescribeClusters: live counts; settings, statistics and tags only when included', async () => {
    ctx.fake.ecs.createCluster('prod', { containerInsights: true, tags: { team: 'web' } });
    ctx.fake.ecs.createService('prod', 'web', { desiredCount: 2 });
    ctx.fake.ecs.createService('prod', 'api', { desiredCount: 3, runningCount: 1, pendingCount: 2 });
    const plain = (await ctx.ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters?.[0];
    assert.equal(plain?.clusterArn, `arn:aws:ecs:us-east-1:${ACCT}:cluster/prod`);
    assert.equal(plain?.status, 'ACTIVE');
    assert.equal(plain?.runningTasksCount, 3);
    assert.equal(plain?.pendingTasksCount, 2);
    assert.equal(plain?.activeServicesCount, 2);
    assert.deepEqual(plain?.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
    assert.equal(plain?.settings, undefined);
    assert.equal(plain?.statistics, undefined);
    assert.equal(plain?.tags, undefined);
    const full = (
      await ctx.ecs.send(
        new DescribeClustersCommand({ clusters: ['prod'], include: ['SETTINGS', 'STATISTICS', 'TAGS'] }),
      )
    ).clusters?.[0];
    assert.deepEqual(full?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
    assert.equal(full?.statistics?.find((s) => s.name === 'runningFargateTasksCount')?.value, '3');
    assert.deepEqual(full?.tags, [{ key: 'team', value: 'web' }]);
  });

  it('CreateCluster and UpdateClusterSettings toggle Container Insights', async () => {
    const created = await ctx.ecs.send(
      new CreateClusterCommand({
        clusterName: 'new',
        settings: [{ name: 'containerInsights', value: 'disabled' }],
      }),
    );
    assert.deepEqual(created.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
    const updated = await ctx.ecs.send(
      new UpdateClusterSettingsCommand({
        cluster: 'new',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
      }),
    );
    assert.deepEqual(updated.cluster?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
    assert.equal(ctx.fake.ecs.getCluster('new')?.containerInsights, true);
  });

  it('DescribeServices: counts from tasks, deployments, events newest first, network configuration, Dates', async () => {
    ctx.fake.ecs.createCluster('prod');
    ctx.fake.ecs.createService('prod', 'web', { desiredCount: 3, runningCount: 2, rolloutState: 'FAILED' });
    const s = (await ctx.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })))
      .services?.[0];
    assert.ok(s);
    assert.equal(s.serviceArn, `arn:aws:ecs:us-east-1:${ACCT}:service/prod/web`);
    assert.equal(s.clusterArn, `arn:aws:ecs:us-east-1:${ACCT}:cluster/prod`);
    assert.equal(s.status, 'ACTIVE');
    assert.deepEqual([s.desiredCount, s.runningCount, s.pendingCount], [3, 2, 0]);
    assert.equal(s.launchType, 'FARGATE');
    assert.equal(s.taskDefinition, `arn:aws:ecs:us-east-1:${ACCT}:task-definition/web:1`);
    assert.ok(s.createdAt instanceof Date);
    const primary = s.deployments?.[0];
    assert.equal(primary?.status, 'PRIMARY');
    assert.equal(primary?.rolloutState, 'FAILED');
    assert.match(primary?.rolloutStateReason ?? '', /circuit breaker/);
    assert.ok(primary?.updatedAt instanceof Date);
    assert.ok((s.events?.length ?? 0) >= 2);
    const times = s.events?.map((e) => e.createdAt!.getTime()) ?? [];
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'events are newest first',
    );
    assert.match(s.events?.[0]?.message ?? '', /deployment failed: tasks failed to start/);
    assert.ok(s.networkConfiguration?.awsvpcConfiguration?.subnets?.length);
  });

  it('DescribeTasks: ARNs, group, startedBy, ENI attachment, containers, health, stop details', async () => {
    ctx.fake.ecs.createCluster('prod');
    ctx.fake.ecs.createService('prod', 'web', { desiredCount: 0 });
    const stopped = ctx.fake.ecs.addTask('prod', {
      service: 'web',
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: not found',
      containers: [{ reason: 'CannotPullContainerError: not found' }],
    });
    const sick = ctx.fake.ecs.addTask('prod', { taskDefinition: 'web', healthStatus: 'UNHEALTHY' });
    const out = await ctx.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: [stopped.id, sick.arn] }),
    );
    const [a, b] = out.tasks ?? [];
    assert.match(a?.taskArn ?? '', new RegExp(`^arn:aws:ecs:us-east-1:${ACCT}:task/prod/[0-9a-f]{32}$`));
    assert.equal(a?.group, 'service:web');
    assert.match(a?.startedBy ?? '', /^ecs-svc\/\d{19}$/);
    assert.equal(a?.lastStatus, 'STOPPED');
    assert.equal(a?.stopCode, 'TaskFailedToStart');
    assert.equal(a?.startedAt, undefined, 'a task that failed to start never started');
    assert.equal(a?.containers?.[0]?.exitCode, undefined);
    assert.equal(a?.containers?.[0]?.reason, 'CannotPullContainerError: not found');
    assert.match(a?.containers?.[0]?.containerArn ?? '', /:container\/prod\/[0-9a-f]{32}\/[0-9a-f-]{36}$/);
    assert.equal(b?.group, 'family:web');
    assert.equal(b?.healthStatus, 'UNHEALTHY');
    assert.equal(b?.containers?.[0]?.healthStatus, 'UNHEALTHY');
    assert.deepEqual(
      [b?.cpu, b?.memory, b?.platformVersion, b?.launchType],
      ['256', '512', '1.4.0', 'FARGATE'],
    );
    assert.equal(b?.attachments?.[0]?.type, 'ElasticNetworkInterface');
    assert.ok(b?.attachments?.[0]?.details?.some((d) => d.name === 'privateIPv4Address'));
    assert.match(b?.availabilityZone ?? '', /^us-east-1[abc]$/);
  });

  it('ListTasks filters: serviceName, family, launchType, desiredStatus, startedBy (alone)', async () => {
    ctx.fake.ecs.createCluster('default');
    ctx.fake.ecs.createService('default', 'web', { desiredCount: 2 });
    ctx.fake.ecs.createService('default', 'legacy', { desiredCount: 1, launchType: 'EC2' });
    ctx.fake.ecs.addTask('default', { taskDefinition: 'web', startedBy: 'me' });
    ctx.fake.ecs.addTask('default', { service: 'web', lastStatus: 'STOPPED' });
    const count = async (input: object): Promise<number> =>
      (await ctx.ecs.send(new ListTasksCommand(input))).taskArns?.length ?? -1;
    assert.equal(await count({}), 4);
    assert.equal(await count({ serviceName: 'web' }), 2);
    assert.equal(await count({ serviceName: 'web', desiredStatus: 'STOPPED' }), 1);
    assert.equal(await count({ family: 'web' }), 3);
    assert.equal(await count({ launchType: 'EC2' }), 1);
    assert.equal(await count({ startedBy: 'me' }), 1);
    const combined = await rejection(ctx.ecs.send(new ListTasksCommand({ startedBy: 'me', family: 'web' })));
    assert.equal(combined.name, 'InvalidParameterException');
    const unknown = await rejection(ctx.ecs.send(new ListTasksCommand({ serviceName: 'ghost' })));
    assert.equal(unknown.name, 'ServiceNotFoundException');
    const ec2 = await ctx.ecs.send(new ListServicesCommand({ launchType: 'EC2' }));
    assert.deepEqual(ec2.serviceArns, [`arn:aws:ecs:us-east-1:${ACCT}:service/default/legacy`]);
  });

  it('task definitions: register revisions, describe by family/revision/ARN, list, deregister', async () => {
    const input = {
      family: 'web',
      networkMode: 'awsvpc' as const,
      requiresCompatibilities: ['FARGATE' as const],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'web:1' }],
      tags: [{ key: 'app', value: 'web' }],
    };
    const r1 = await ctx.ecs.send(new RegisterTaskDefinitionCommand(input));
    assert.equal(r1.taskDefinition?.taskDefinitionArn, `arn:aws:ecs:us-east-1:${ACCT}:task-definition/web:1`);
    assert.ok(r1.taskDefinition?.registeredAt instanceof Date);
    await ctx.ecs.send(new RegisterTaskDefinitionCommand({ ...input, cpu: '512', memory: '1024' }));
    await ctx.ecs.send(new RegisterTaskDefinitionCommand({ ...input, family: 'worker' }));
    const latest = await ctx.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }),
    );
    assert.equal(latest.taskDefinition?.revision, 2);
    assert.equal(latest.taskDefinition?.cpu, '512');
    assert.deepEqual(latest.tags, [{ key: 'app', value: 'web' }]);
    const byArn = await ctx.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: r1.taskDefinition.taskDefinitionArn }),
    );
    assert.equal(byArn.taskDefinition?.revision, 1);
    const missing = await rejection(
      ctx.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:9' })),
    );
    assert.equal(missing.name, 'ClientException');
    const desc = await ctx.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', sort: 'DESC' }));
    assert.deepEqual(
      desc.taskDefinitionArns?.map((a) => a.split('/')[1]),
      ['web:2', 'web:1'],
    );
    await ctx.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    const active = await ctx.ecs.send(new ListTaskDefinitionsCommand({}));
    assert.deepEqual(
      active.taskDefinitionArns?.map((a) => a.split('/')[1]),
      ['web:2', 'worker:1'],
    );
    const inactive = await ctx.ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
    assert.deepEqual(
      inactive.taskDefinitionArns?.map((a) => a.split('/')[1]),
      ['web:1'],
    );
    const families = await ctx.ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'w' }));
    assert.deepEqual(families.families, ['web', 'worker']);
    const fargateWithoutCpu = await rejection(
      ctx.ecs.send(new RegisterTaskDefinitionCommand({ ...input, cpu: undefined })),
    );
    assert.equal(fargateWithoutCpu.name, 'ClientException');
  });

  it('on the wire, timestamps are epoch seconds with fractions (awsJson1_1)', async () => {
    ctx.fake.ecs.createCluster('default');
    const record = ctx.fake.ecs.createService('default', 'web', {
      createdAt: Date.UTC(2025, 0, 15, 12, 0, 0, 250),
    });
    const res = await raw(ctx.fake, {
      headers: {
        'x-amz-target': `${ECS_TARGET_PREFIX}.DescribeServices`,
        'content-type': 'application/x-amz-json-1.1',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=abc123',
      },
      body: JSON.stringify({ services: ['web'] }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    const body = JSON.parse(res.text);
    assert.equal(body.services[0].createdAt, 1736942400.25);
    assert.equal(typeof body.services[0].deployments[0].updatedAt, 'number');
    const sdk = await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }));
    assert.equal(sdk.services?.[0]?.createdAt?.getTime(), record.createdAt);
  });

  it('TagResource and ListTagsForResource', async () => {
    const cluster = ctx.fake.ecs.createCluster('prod');
    await ctx.ecs.send(
      new TagResourceCommand({ resourceArn: cluster.arn, tags: [{ key: 'owner', value: 'me' }] }),
    );
    const tags = await ctx.ecs.send(new ListTagsForResourceCommand({ resourceArn: cluster.arn }));
    assert.deepEqual(tags.tags, [{ key: 'owner', value: 'me' }]);
  });

  it('AWS_ENDPOINT_URL reaches the fake with no endpoint in the client config', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: ctx.fake.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    const client = new ECSClient({ maxAttempts: 1 });
    try {
      ctx.fake.ecs.createCluster('from-env');
      ctx.fake.faults.denyOperation('DescribeClusters', 'AKIDENV');
      const out = await client.send(new ListServicesCommand({ cluster: 'from-env' }));
      assert.deepEqual(out.serviceArns, []);
      const denied = await rejection(client.send(new DescribeClustersCommand({ clusters: ['from-env'] })));
      assert.equal(denied.name, 'AccessDeniedException', 'the env access key reached the fake');
    } finally {
      client.destroy();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
