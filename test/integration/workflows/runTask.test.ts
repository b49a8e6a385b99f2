/**
 * Run Task's workflow (input builder → RunTask → follow → stopped-task report) with the REAL ECS
 * and EC2 SDK clients against the fake AWS endpoint. The fake's clock is manual: the follow loop's
 * waits move it, so a task's lifecycle plays out without real time passing.
 */
import * as assert from 'node:assert/strict';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEc2Gateway } from '../../../src/aws/ec2Gateway';
import { createEcsGateway, type EcsGateway } from '../../../src/aws/ecsGateway';
import { abortError } from '../../../src/shared/abort';
import { followTasks, type FollowGoal } from '../../../src/workflows/runTask/followTasks';
import {
  buildRunTaskInput,
  STARTED_BY,
  type RunTaskChoices,
} from '../../../src/workflows/runTask/runTaskInput';
import { defaultVpcNetwork } from '../../../src/workflows/runTask/runTaskNetwork';
import { runOutcome } from '../../../src/workflows/runTask/runTaskOutcome';
import { startTasks } from '../../../src/workflows/runTask/startTasks';
import { formatStoppedTaskReport } from '../../../src/workflows/stoppedTask';
import { FakeAws, ManualClock } from '../../fakeAws';
import { DEFAULT_SUBNET_IDS } from '../../fakeAws/ec2/fakeEc2';

const CLUSTER = 'jobs';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1';
const CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  maxAttempts: 1,
};

describe('Run Task workflow against the fake AWS (real SDK clients)', () => {
  let fake: FakeAws;
  let clock: ManualClock;
  let ecsClient: ECSClient;
  let ec2Client: EC2Client;
  let ecs: EcsGateway;

  before(async () => {
    clock = new ManualClock();
    fake = await FakeAws.start({ clock });
    ecsClient = new ECSClient({ ...CONFIG, endpoint: fake.url });
    ec2Client = new EC2Client({ ...CONFIG, endpoint: fake.url });
    ecs = createEcsGateway(ecsClient, { concurrency: () => 4 });
  });
  after(async () => {
    ecsClient.destroy();
    ec2Client.destroy();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.ecs.lifecycleStepMs = 5000;
    fake.ecs.createCluster(CLUSTER);
    fake.ecs.registerTaskDefinition({
      family: 'job',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'job', image: IMAGE, essential: true }],
    });
  });

  /** The default VPC's networking from the fake EC2, FARGATE, as the command's defaults would choose. */
  async function choices(over: Partial<RunTaskChoices> = {}): Promise<RunTaskChoices> {
    const network = await defaultVpcNetwork(createEc2Gateway(ec2Client));
    assert.ok(network, 'the fake account has a default VPC');
    return {
      cluster: CLUSTER,
      taskDefinition: 'job:1',
      network,
      capacity: { launchType: 'FARGATE' },
      count: 1,
      enableExecuteCommand: false,
      ...over,
    };
  }

  const sleepOnFakeClock = (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return Promise.reject(abortError(signal));
    clock.advance(ms);
    return Promise.resolve();
  };

  async function runAndFollow(over: Partial<RunTaskChoices>, until: FollowGoal) {
    const started = await startTasks(ecs, buildRunTaskInput(await choices(over)));
    const summaries: string[] = [];
    const result = await followTasks(ecs, {
      cluster: CLUSTER,
      taskArns: started.tasks.map((t) => t.taskArn ?? ''),
      until,
      signal: new AbortController().signal,
      sleep: sleepOnFakeClock,
      onProgress: (p) => summaries.push(p.summary),
    });
    return { started, result, summaries };
  }

  it('runs two tasks on the default VPC and follows them PROVISIONING → RUNNING, one DescribeTasks per poll', async () => {
    const before = fake.stats.snapshot().byOperation['DescribeTasks'] ?? 0;
    const { started, result, summaries } = await runAndFollow({ count: 2 }, 'running');
    assert.equal(started.tasks.length, 2);
    assert.deepEqual(started.failures, []);
    assert.equal(result.reached, true);
    assert.deepEqual(
      result.tasks.map((t) => t.lastStatus),
      ['RUNNING', 'RUNNING'],
    );
    assert.equal(summaries[0], '2 PROVISIONING');
    assert.equal(summaries.at(-1), '2 RUNNING');
    assert.equal((fake.stats.snapshot().byOperation['DescribeTasks'] ?? 0) - before, result.polls);
    const [task] = fake.ecs.listTasks(CLUSTER);
    assert.equal(task?.startedBy, STARTED_BY);
    assert.ok(
      (DEFAULT_SUBNET_IDS as readonly string[]).includes(task?.network.subnetId ?? ''),
      `placed in one of the default VPC's subnets: ${task?.network.subnetId}`,
    );
  });

  it("a crashing image ends STOPPED with the essential container's exit code explained", async () => {
    fake.ecs.setImageBehavior(IMAGE, { kind: 'crash', exitCode: 3, afterMs: 60_000 });
    const { result } = await runAndFollow({}, 'stopped');
    const outcome = runOutcome(result.tasks, { containerDefinitions: [{ name: 'job', essential: true }] });
    assert.equal(outcome.failed, true);
    const report = outcome.stopped[0]!.report;
    assert.equal(report.stopCode, 'EssentialContainerExited');
    assert.deepEqual(
      report.containers.map((c) => [c.name, c.exitCode]),
      [['job', 3]],
    );
    assert.equal(report.causes[0]?.title, 'Essential container job exited with code 3');
  });

  it('a pull error never reaches RUNNING and is explained as CannotPullContainerError (image first for "not found")', async () => {
    fake.ecs.setImageBehavior(IMAGE, { kind: 'pullError' });
    const { result, summaries } = await runAndFollow({}, 'running');
    assert.ok(!summaries.some((s) => s.includes('RUNNING')), `never RUNNING: ${summaries.join(' | ')}`);
    const outcome = runOutcome(result.tasks, undefined);
    const report = outcome.stopped[0]!.report;
    assert.equal(report.stopCode, 'TaskFailedToStart');
    assert.match(report.causes[0]!.title, /CannotPullContainerError/);
    assert.match(report.causes[0]!.nextSteps[0]!, /image URI and that the tag exists/);
    assert.match(formatStoppedTaskReport(report).join('\n'), /Why: The image could not be pulled/);
  });

  it('a ResourceInitializationError timeout puts networking first', async () => {
    fake.ecs.setImageBehavior(IMAGE, { kind: 'resourceInitError' });
    const { result } = await runAndFollow({}, 'running');
    const report = runOutcome(result.tasks, undefined).stopped[0]!.report;
    assert.match(report.causes[0]!.title, /ResourceInitializationError/);
    assert.match(report.causes[0]!.nextSteps[0]!, /Public IP/);
  });

  it('an OOM-killed container is explained as OutOfMemoryError', async () => {
    fake.ecs.setImageBehavior(IMAGE, { kind: 'oom', afterMs: 30_000 });
    const { result } = await runAndFollow({}, 'stopped');
    const report = runOutcome(result.tasks, undefined).stopped[0]!.report;
    assert.match(report.causes[0]!.title, /job ran out of memory/);
  });

  it('a run-to-completion job that exits 0 succeeds (FARGATE_SPOT)', async () => {
    fake.ecs.setImageBehavior(IMAGE, { kind: 'complete', afterMs: 20_000 });
    const { result } = await runAndFollow({ capacity: { capacityProvider: 'FARGATE_SPOT' } }, 'stopped');
    const outcome = runOutcome(result.tasks, { containerDefinitions: [{ name: 'job', essential: true }] });
    assert.equal(outcome.succeeded, true);
    assert.deepEqual(
      outcome.stopped[0]!.report.containers.map((c) => c.exitCode),
      [0],
    );
  });

  it('RunTask failures[] come back explained and no task is started', async () => {
    fake.ecs.queueRunTaskFailures([
      {
        reason:
          'Capacity is unavailable at this time. Please try again later or in a different availability zone',
      },
    ]);
    const started = await startTasks(ecs, buildRunTaskInput(await choices()));
    assert.equal(started.tasks.length, 0);
    assert.equal(started.failures.length, 1);
    assert.match(started.failures[0]!.text, /Capacity is unavailable.*other Availability Zones/);
    assert.equal(fake.ecs.listTasks(CLUSTER).length, 0);
  });

  it('cancelling stops following at once; the task keeps running', async () => {
    const started = await startTasks(ecs, buildRunTaskInput(await choices()));
    const controller = new AbortController();
    let polls = 0;
    await assert.rejects(
      followTasks(ecs, {
        cluster: CLUSTER,
        taskArns: started.tasks.map((t) => t.taskArn ?? ''),
        until: 'running',
        signal: controller.signal,
        onProgress: () => {
          polls++;
          controller.abort();
        },
        sleep: sleepOnFakeClock,
      }),
      { name: 'AbortError' },
    );
    assert.equal(polls, 1);
    clock.advance(60_000);
    const [task] = fake.ecs.listTasks(CLUSTER);
    assert.ok(task, 'the task exists');
    assert.equal(task.desiredStatus, 'RUNNING', 'nothing stopped the task');
    assert.equal(fake.ecs.taskStatus(task), 'RUNNING');
  });
});
