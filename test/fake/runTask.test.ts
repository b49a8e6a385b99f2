import * as assert from 'node:assert/strict';
import { ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { rejection, seedDefaultApp, useFake } from './helpers';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const } };

describe('fake AWS ECS: RunTask validation and results', () => {
  const ctx = useFake();
  beforeEach(() => seedDefaultApp(ctx.fake));

  const cases: Array<[string, Record<string, unknown>, string, RegExp?]> = [
    [
      'FARGATE without networkConfiguration',
      { launchType: 'FARGATE' },
      'InvalidParameterException',
      /^Network Configuration must be provided when networkMode 'awsvpc' is specified\.$/,
    ],
    [
      'FARGATE with empty subnets',
      { launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: [] } } },
      'InvalidParameterException',
    ],
    [
      'count 11',
      { launchType: 'FARGATE', networkConfiguration: NETWORK, count: 11 },
      'InvalidParameterException',
    ],
    [
      'count 0',
      { launchType: 'FARGATE', networkConfiguration: NETWORK, count: 0 },
      'InvalidParameterException',
    ],
    [
      'unknown task definition',
      { launchType: 'FARGATE', networkConfiguration: NETWORK, taskDefinition: 'nope' },
      'ClientException',
    ],
    [
      'unknown cluster',
      { launchType: 'FARGATE', networkConfiguration: NETWORK, cluster: 'x' },
      'ClusterNotFoundException',
    ],
    [
      'launchType and capacityProviderStrategy',
      {
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }],
      },
      'InvalidParameterException',
    ],
  ];
  for (const [title, input, name, message] of cases) {
    it(`${title} → ${name}`, async () => {
      const err = await rejection(ctx.ecs.send(new RunTaskCommand({ taskDefinition: 'app', ...input })));
      assert.equal(err.name, name);
      if (message) assert.match(err.message, message);
    });
  }

  it('count 3 returns 3 tasks with group family:app, startedBy and the subnet given', async () => {
    const out = await ctx.ecs.send(
      new RunTaskCommand({
        taskDefinition: 'app',
        count: 3,
        startedBy: 'vscode',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: NETWORK,
      }),
    );
    assert.equal(out.tasks?.length, 3);
    assert.deepEqual(out.failures, []);
    for (const t of out.tasks ?? []) {
      assert.equal(t.group, 'family:app');
      assert.equal(t.startedBy, 'vscode');
      assert.equal(t.lastStatus, 'PROVISIONING');
      assert.equal(t.desiredStatus, 'RUNNING');
      assert.equal(t.attachments?.[0]?.details?.find((d) => d.name === 'subnetId')?.value, 'subnet-aaa');
    }
    const listed = await ctx.ecs.send(new ListTasksCommand({ startedBy: 'vscode' }));
    assert.equal(listed.taskArns?.length, 3);
  });

  it('EC2 without container instances answers failures[], as ECS does', async () => {
    ctx.fake.ecs.registerTaskDefinition({
      family: 'bridge',
      containerDefinitions: [{ name: 'b', image: 'b:1' }],
    });
    const out = await ctx.ecs.send(new RunTaskCommand({ taskDefinition: 'bridge', launchType: 'EC2' }));
    assert.deepEqual(out.tasks, []);
    assert.deepEqual(out.failures, [{ reason: 'No Container Instances were found in your cluster.' }]);
  });
});
