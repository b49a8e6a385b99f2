// The demo fleet's containers write logs (test/fakeAws/logs/taskLogs.ts): following a demo service
// or a task started in the demo shows lines, read with the REAL SDK clients against the fake.
import * as assert from 'node:assert/strict';
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { createLogsGateway } from '../../../src/aws/logsGateway';
import { createTaskDefinitionGateway } from '../../../src/aws/taskDefinitionGateway';
import { followLogs, type FollowDeps } from '../../../src/logs/serviceFollower';
import { buildDemoFleet, FakeAws, ManualClock } from '../../fakeAws';
import { writeTaskLogs } from '../../fakeAws/logs/taskLogs';
import { CREDENTIALS, FAST_FOLLOW, logsClient, Recorder } from './helpers';

/** A generated line: an access-log, job or worker line (taskLogs.ts). */
const GENERATED = /^(INFO|WARN|ERROR) |^Listening on |^Starting /;

describe('The demo fleet writes logs (fake ECS + Logs, real SDK)', function () {
  this.timeout(30_000);
  let fake: FakeAws;
  let stopWriting: () => void;
  let ecsClient: ECSClient;
  let cwl: CloudWatchLogsClient;
  let deps: FollowDeps;
  const controllers: AbortController[] = [];

  before(async () => {
    fake = await FakeAws.start({ lifecycleStepMs: 50 });
    buildDemoFleet(fake.ecs, fake.autoScaling, fake.elb);
    fake.logs.liveTail.updateIntervalMs = 100;
    stopWriting = writeTaskLogs(fake.ecs, fake.logs, { everyMs: 100 });
    ecsClient = new ECSClient({ region: fake.region, endpoint: fake.url, credentials: CREDENTIALS });
    cwl = logsClient(fake);
    const logs = createLogsGateway(cwl, { region: fake.region });
    deps = {
      ecs: createEcsGateway(ecsClient, { concurrency: () => 8 }),
      taskDefinitions: createTaskDefinitionGateway(ecsClient),
      logs: (region) => (region === fake.region ? logs : undefined),
      region: fake.region,
    };
  });
  afterEach(() => {
    for (const c of controllers.splice(0)) c.abort();
  });
  after(async () => {
    stopWriting();
    ecsClient.destroy();
    cwl.destroy();
    await fake.close();
  });

  for (const mode of ['polling', 'liveTail'] as const) {
    it(`following production/orders-api shows its history and new lines (${mode})`, async () => {
      const recorder = new Recorder();
      const controller = new AbortController();
      controllers.push(controller);
      const started = Date.now();
      const done = followLogs(
        { kind: 'service', cluster: 'production', service: 'orders-api' },
        deps,
        recorder.sink,
        { ...FAST_FOLLOW, mode },
        controller.signal,
      );
      await recorder.until('history lines', () => recorder.events.some((e) => e.timestamp < started));
      await recorder.until(
        'a line written while following',
        () => recorder.events.some((e) => e.timestamp > started + 500),
        10_000,
      );
      assert.ok(
        recorder.messages.every((m) => GENERATED.test(m)),
        recorder.messages.slice(0, 3).join(' | '),
      );
      assert.ok(
        recorder.events.every(
          (e) => e.source.group === '/ecs/orders-api' && e.source.container === 'orders-api',
        ),
        'the lines come from the awslogs container, in the group its task definition names',
      );
      const complaints = recorder
        .notices()
        .filter((n) => /running for|has written no logs|does not exist/.test(n.text));
      assert.deepEqual(complaints, [], 'no running task without its stream, no missing group');
      controller.abort();
      await done;
    });
  }

  it('a task started in the demo gets its stream once RUNNING, and its lines are followed', async () => {
    const run = await ecsClient.send(
      new RunTaskCommand({
        cluster: 'batch-jobs',
        taskDefinition: 'nightly-etl:3',
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' } },
      }),
    );
    const task = run.tasks?.[0];
    assert.ok(task?.taskArn, 'RunTask started a task');
    const recorder = new Recorder();
    const controller = new AbortController();
    controllers.push(controller);
    const done = followLogs(
      { kind: 'task', cluster: 'batch-jobs', task },
      deps,
      recorder.sink,
      FAST_FOLLOW,
      controller.signal,
    );
    await recorder.until('its start-up line', () =>
      recorder.messages.some((m) => /^Starting nightly-etl:1\.3/.test(m)),
    );
    await recorder.until('a job line', () => recorder.messages.some((m) => /^(INFO|WARN) /.test(m)), 10_000);
    const id = task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1);
    assert.ok(recorder.events.every((e) => e.source.stream === `ecs/nightly-etl/${id}`));
    controller.abort();
    await done;
  });
});

describe('Task logs follow the fake clock (manual clock, real SDK)', () => {
  it('writes the last 30 minutes of a long-running task, then new lines as the clock moves; none after it stops', async () => {
    const clock = new ManualClock();
    const fake = await FakeAws.start({ clock, lifecycleStepMs: 0 });
    const cwl = logsClient(fake);
    try {
      buildDemoFleet(fake.ecs, fake.autoScaling, fake.elb);
      const stop = writeTaskLogs(fake.ecs, fake.logs);
      const [task] = fake.ecs.serviceTasks('production', 'payments-worker');
      assert.ok(task, 'payments-worker has a task');
      const read = async () =>
        (
          await cwl.send(
            new FilterLogEventsCommand({
              logGroupName: '/ecs/payments-worker',
              logStreamNames: [`ecs/payments-worker/${task.id}`],
            }),
          )
        ).events ?? [];
      const history = await read();
      const now = clock.now();
      assert.ok(history.length > 100, `${history.length} lines of history`);
      assert.ok(
        history.slice(1).every((e) => (e.timestamp ?? 0) >= now - 30 * 60_000 && (e.timestamp ?? 0) <= now),
        'the history is the last 30 minutes',
      );
      assert.match(history[0]!.message ?? '', /^Starting payments-worker:0\.9\.3/);

      clock.advance(60_000);
      const later = await read();
      const fresh = later.filter((e) => (e.timestamp ?? 0) > now);
      assert.ok(fresh.length >= 8, `${fresh.length} new lines in a minute`);
      assert.equal(new Set(later.map((e) => e.eventId)).size, later.length, 'no line written twice');

      fake.ecs.stopTask('production', task.arn, 'Demo: stopped');
      clock.advance(5 * 60_000);
      const afterStop = await read();
      const stoppedAt = clock.now() - 5 * 60_000;
      assert.ok(
        afterStop.every((e) => (e.timestamp ?? 0) <= stoppedAt),
        'no line after the task began to stop',
      );
      stop();
    } finally {
      cwl.destroy();
      await fake.close();
    }
  });
});
