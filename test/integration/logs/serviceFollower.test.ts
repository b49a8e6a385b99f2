import * as assert from 'node:assert/strict';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { followLogs } from '../../../src/logs/serviceFollower';
import { readHistory } from '../../../src/logs/readHistory';
import { delay, FAST_FOLLOW, Recorder, registerAwslogs, streamOf, useLogsFake } from './helpers';

describe('Following a service: tasks that start are added, tasks that stop are marked (fake ECS + Logs)', function () {
  this.timeout(20_000);
  const ctx = useLogsFake();

  for (const mode of ['polling', 'auto'] as const) {
    it(`watches a rollout from one channel (${mode === 'auto' ? 'Live Tail' : 'polling'})`, async () => {
      ctx.fake.logs.liveTail.updateIntervalMs = 100;
      ctx.fake.ecs.createCluster('prod');
      registerAwslogs(ctx.fake.ecs, 'web');
      ctx.fake.ecs.createService('prod', 'web', { desiredCount: 2, taskDefinition: 'web' });
      const [first, second] = ctx.fake.ecs.serviceTasks('prod', 'web');
      ctx.fake.logs.putEvents('/ecs/web', streamOf(first!, 'web'), ['first: history']);
      ctx.fake.logs.putEvents('/ecs/web', streamOf(second!, 'web'), ['second: history']);

      const recorder = new Recorder();
      const controller = ctx.controller();
      const streams: number[] = [];
      const done = followLogs(
        { kind: 'service', cluster: 'prod', service: 'web' },
        ctx.deps,
        recorder.sink,
        { ...FAST_FOLLOW, mode, onStreams: (n) => streams.push(n) },
        controller.signal,
      );
      await recorder.until('both histories', () => recorder.messages.length === 2);
      assert.match(recorder.notices('target')[0]!.text, /service web in cluster prod: 2 running tasks/);
      assert.equal(
        recorder.items[0]?.kind === 'notice' && recorder.items[0].code,
        'target',
        'what is followed comes first',
      );

      // Scale out: the scheduler starts a third task, whose container then writes.
      await createEcsGateway(ctx.ecsClient, { concurrency: () => 4 }).updateService('prod', 'web', {
        desiredCount: 3,
      });
      await recorder.until('the new task', () => recorder.notices('taskStarted').length === 1, 3000);
      const third = ctx.fake.ecs.serviceTasks('prod', 'web').find((t) => t !== first && t !== second)!;
      assert.match(
        recorder.notices('taskStarted')[0]!.text,
        new RegExp(`Task ${third.id.slice(0, 8)} started \\(web:1\\)`),
      );
      ctx.fake.logs.putEvents('/ecs/web', streamOf(third, 'web'), ['third: hello']);
      await recorder.until("the new task's line", () => recorder.messages.includes('third: hello'), 3000);

      // Stop the first: marked with its reason; its last line still shows during the grace period.
      ctx.fake.ecs.stopTask('prod', first!.arn, 'Deployment replaced this task');
      ctx.fake.logs.putEvents('/ecs/web', streamOf(first!, 'web'), ['first: shutting down']);
      await recorder.until('the stop', () => recorder.notices('taskStopped').length >= 1, 3000);
      assert.match(
        recorder.notices('taskStopped')[0]!.text,
        new RegExp(`Task ${first!.id.slice(0, 8)} stopped: Deployment replaced this task`),
      );
      await recorder.until('its last line', () => recorder.messages.includes('first: shutting down'), 3000);
      await recorder.until(
        'the stopped task to be dropped',
        () => streams.at(-1)! < Math.max(...streams),
        3000,
      );
      ctx.fake.logs.putEvents('/ecs/web', streamOf(first!, 'web'), ['first: after the grace period']);
      ctx.fake.logs.putEvents('/ecs/web', streamOf(second!, 'web'), ['second: still here']);
      await recorder.until('the running task', () => recorder.messages.includes('second: still here'), 3000);
      await delay(300);
      controller.abort();
      await done;
      assert.ok(
        !recorder.messages.includes('first: after the grace period'),
        'a stopped task is dropped after the grace',
      );
      assert.equal(new Set(recorder.messages).size, recorder.messages.length, 'no duplicate');
    });
  }

  it('explains the containers whose logs are elsewhere, and follows the others', async () => {
    ctx.fake.ecs.createCluster('prod');
    ctx.fake.ecs.registerTaskDefinition({
      family: 'mixed',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      containerDefinitions: [
        {
          name: 'app',
          image: 'app',
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/mixed',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
        },
        {
          name: 'log-router',
          image: 'fluent-bit',
          essential: false,
          firelensConfiguration: { type: 'fluentbit' },
        },
        {
          name: 'shipper',
          image: 'shipper',
          logConfiguration: {
            logDriver: 'awsfirelens',
            options: { Name: 'cloudwatch_logs', log_group_name: '/firelens/shipper', region: 'us-east-1' },
          },
        },
        {
          name: 'audit',
          image: 'audit',
          logConfiguration: {
            logDriver: 'splunk',
            options: { 'splunk-url': 'https://splunk.example.com:8088' },
          },
        },
        { name: 'quiet', image: 'quiet' },
        {
          name: 'elsewhere',
          image: 'elsewhere',
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/mixed',
              'awslogs-region': 'eu-west-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
        },
      ],
    });
    const record = ctx.fake.ecs.addTask('prod', { taskDefinition: 'mixed' });
    ctx.fake.logs.putEvents('/ecs/mixed', streamOf(record, 'app'), ['app line']);
    const task = (await ctx.deps.ecs.describeTasks('prod', [record.arn])).items[0]!;
    const recorder = new Recorder();
    const result = await readHistory(
      { kind: 'task', cluster: 'prod', task },
      ctx.deps,
      recorder.sink,
      {},
      new AbortController().signal,
    );
    assert.deepEqual(recorder.messages, ['app line']);
    assert.equal(result.streams, 1);
    const explained = recorder.notices('explain').map((n) => n.text);
    assert.equal(explained.length, 5, explained.join('\n'));
    assert.match(explained.join('\n'), /log-router is the FireLens log router/);
    assert.match(
      explained.join('\n'),
      /shipper sends its logs through FireLens to CloudWatch Logs group \/firelens\/shipper/,
    );
    assert.match(
      explained.join('\n'),
      /audit sends its logs to Splunk at https:\/\/splunk\.example\.com:8088/,
    );
    assert.match(explained.join('\n'), /quiet has no log configuration/);
    assert.match(
      explained.join('\n'),
      /elsewhere writes to log group \/ecs\/mixed in eu-west-1.*switch the region/,
    );
  });
});
