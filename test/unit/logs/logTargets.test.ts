import * as assert from 'node:assert/strict';
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { taskIdOf, taskLogSources } from '../../../src/logs/logTargets';

const taskId = '0123456789abcdef0123456789abcdef';
const task: Task = {
  taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${taskId}`,
  containers: [{ name: 'ec2app', runtimeId: 'a1b2c3d4e5f6' }],
};
const awslogs = (options: Record<string, string>) => ({ logDriver: 'awslogs' as const, options });

describe('logs/logTargets', () => {
  it('builds the awslogs stream name from prefix, container and task id', () => {
    const def: TaskDefinition = {
      family: 'web',
      revision: 3,
      containerDefinitions: [
        {
          name: 'web',
          logConfiguration: awslogs({
            'awslogs-group': '/ecs/web',
            'awslogs-region': 'eu-west-1',
            'awslogs-stream-prefix': 'svc',
          }),
        },
      ],
    };
    const plan = taskLogSources(task, def, { region: 'us-east-1' });
    assert.equal(taskIdOf(task.taskArn), taskId);
    assert.deepEqual(plan.explanations, []);
    assert.deepEqual(plan.sources, [
      {
        key: `/ecs/web\u0000svc/web/${taskId}`,
        region: 'eu-west-1',
        group: '/ecs/web',
        stream: `svc/web/${taskId}`,
        container: 'web',
        taskId,
        label: 'web/01234567',
      },
    ]);
  });

  it("defaults the region to the task's, and without a prefix uses the Docker container id (EC2)", () => {
    const def: TaskDefinition = {
      containerDefinitions: [
        { name: 'ec2app', logConfiguration: awslogs({ 'awslogs-group': '/ecs/legacy' }) },
        { name: 'unknown', logConfiguration: awslogs({ 'awslogs-group': '/ecs/legacy' }) },
      ],
    };
    const plan = taskLogSources(task, def, { region: 'us-east-1' });
    assert.equal(plan.sources[0]?.stream, 'a1b2c3d4e5f6');
    assert.equal(plan.sources[0]?.region, 'us-east-1');
    assert.match(plan.explanations[0] ?? '', /unknown uses awslogs without awslogs-stream-prefix/);
  });

  it('explains every other case in one sentence', () => {
    const def: TaskDefinition = {
      containerDefinitions: [
        { name: 'nogroup', logConfiguration: awslogs({ 'awslogs-stream-prefix': 'ecs' }) },
        { name: 'router', firelensConfiguration: { type: 'fluentbit' } },
        {
          name: 'fh',
          logConfiguration: {
            logDriver: 'awsfirelens',
            options: { Name: 'firehose', delivery_stream: 'logs' },
          },
        },
        { name: 'splunk', logConfiguration: { logDriver: 'splunk', options: {} } },
        { name: 'journal', logConfiguration: { logDriver: 'journald' } },
        { name: 'none' },
      ],
    };
    const plan = taskLogSources(task, def, { region: 'us-east-1' });
    assert.equal(plan.sources.length, 0);
    assert.deepEqual(
      plan.explanations.map((e) => e.split(':')[0]),
      [
        'Container nogroup uses awslogs without awslogs-group, so its logs go nowhere',
        'Container router is the FireLens log router; it has no awslogs stream of its own to follow.',
        'Container fh sends its logs through FireLens to Kinesis Data Firehose stream logs',
        'Container splunk sends its logs to Splunk',
        'Container journal uses the journald log driver, which keeps its logs outside CloudWatch Logs',
        'Container none has no log configuration',
      ],
    );
  });

  it('can take one container only', () => {
    const def: TaskDefinition = {
      family: 'web',
      revision: 1,
      containerDefinitions: [
        { name: 'a', logConfiguration: awslogs({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }) },
        { name: 'b', logConfiguration: awslogs({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }) },
      ],
    };
    assert.deepEqual(
      taskLogSources(task, def, { region: 'r', container: 'b' }).sources.map((s) => s.container),
      ['b'],
    );
    assert.match(
      taskLogSources(task, def, { region: 'r', container: 'c' }).explanations[0] ?? '',
      /no container named c/,
    );
  });
});
