import * as assert from 'node:assert/strict';
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { raw, registerFargate, useFake } from './helpers';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const } };
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('fake AWS ECS: image behaviours (failed pulls, crashes, OOM, jobs) over ManualClock time', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => ctx.fake.ecs.createCluster('default'));

  function family(name: string, image: string, sidecar = false): void {
    registerFargate(ctx.fake, {
      family: name,
      containerDefinitions: [
        { name: 'app', image, essential: true },
        ...(sidecar ? [{ name: 'log-router', image: 'fluent-bit:3', essential: false }] : []),
      ],
    });
  }
  async function run(taskDefinition: string): Promise<string> {
    const out = await ctx.ecs.send(
      new RunTaskCommand({ taskDefinition, launchType: 'FARGATE', networkConfiguration: NETWORK }),
    );
    assert.equal(out.tasks?.length, 1, JSON.stringify(out.failures));
    return out.tasks[0]!.taskArn!;
  }
  async function task(arn: string): Promise<Task> {
    const out = await ctx.ecs.send(new DescribeTasksCommand({ tasks: [arn] }));
    assert.ok(out.tasks?.[0]);
    return out.tasks[0];
  }
  /** lastStatus/desiredStatus once a second for `seconds` seconds. */
  async function timeline(arn: string, seconds: number): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < seconds; i++) {
      const t = await task(arn);
      seen.push(`${t.lastStatus}/${t.desiredStatus}`);
      clock.advance(1000);
    }
    return seen;
  }
  const ms = (d: Date | undefined): number | undefined => d?.getTime();

  it('pullError: PROVISIONING → PENDING → STOPPED, TaskFailedToStart, CannotPullContainerError, no exit code', async () => {
    family('web', `${ECR}/web:missing`);
    ctx.fake.ecs.setImageBehavior(`${ECR}/web:missing`, { kind: 'pullError' });
    const t0 = clock.now();
    const arn = await run('web');
    assert.deepEqual(await timeline(arn, 5), [
      'PROVISIONING/RUNNING',
      'PENDING/RUNNING',
      'PENDING/STOPPED',
      'STOPPED/STOPPED',
      'STOPPED/STOPPED',
    ]);
    const t = await task(arn);
    const ref = `${ECR}/web:missing`;
    const reason = `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${ref}: ${ref}: not found`;
    assert.equal(t.stopCode, 'TaskFailedToStart');
    assert.equal(t.stoppedReason, reason);
    assert.equal(t.containers?.[0]?.reason, reason);
    assert.equal(t.containers?.[0]?.lastStatus, 'STOPPED');
    assert.equal(t.containers?.[0]?.exitCode, undefined);
    assert.equal(t.startedAt, undefined, 'it never ran');
    assert.equal(ms(t.pullStartedAt), t0 + 1000);
    assert.equal(ms(t.pullStoppedAt), t0 + 2000);
    assert.equal(ms(t.stoppingAt), t0 + 2000);
    assert.equal(ms(t.executionStoppedAt), t0 + 3000);
    assert.equal(ms(t.stoppedAt), t0 + 3000);
  });

  it('pullError on a Docker Hub short name reports the ref containerd resolved', async () => {
    family('hub', 'nginx');
    ctx.fake.ecs.setImageBehavior('nginx', { kind: 'pullError' });
    const arn = await run('hub');
    clock.advance(3000);
    assert.match(
      (await task(arn)).stoppedReason ?? '',
      /failed to resolve ref docker\.io\/library\/nginx:latest: docker\.io\/library\/nginx:latest: not found$/,
    );
  });

  it('resourceInitError: fails before any pull, with the real prefix or the given message', async () => {
    family('secrets', 'app:secrets');
    ctx.fake.ecs.setImageBehavior('app:secrets', { kind: 'resourceInitError' });
    const arn = await run('secrets');
    clock.advance(3000);
    const t = await task(arn);
    assert.equal(t.lastStatus, 'STOPPED');
    assert.equal(t.stopCode, 'TaskFailedToStart');
    assert.match(
      t.stoppedReason ?? '',
      /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: /,
    );
    assert.equal(t.pullStartedAt, undefined);
    assert.equal(t.pullStoppedAt, undefined);
    assert.equal(t.startedAt, undefined);
    ctx.fake.ecs.setImageBehavior('app:secrets', {
      kind: 'resourceInitError',
      message:
        'unable to pull secrets or registry auth: unable to retrieve secret from asm: AccessDeniedException',
    });
    const second = await run('secrets');
    clock.advance(3000);
    assert.equal(
      (await task(second)).stoppedReason,
      'ResourceInitializationError: unable to pull secrets or registry auth: unable to retrieve secret from asm: AccessDeniedException',
    );
  });

  it('crash: RUNNING, then the essential container exits after afterMs: EssentialContainerExited, exit code', async () => {
    family('api', 'api:2', true);
    ctx.fake.ecs.setImageBehavior('api:*', { kind: 'crash', exitCode: 3, afterMs: 5000, reason: 'boom' });
    const t0 = clock.now();
    const arn = await run('api');
    clock.advance(3000);
    assert.equal((await task(arn)).lastStatus, 'RUNNING');
    clock.advance(4999);
    assert.equal((await task(arn)).desiredStatus, 'RUNNING', 'not before afterMs');
    clock.advance(1);
    const stopping = await task(arn);
    assert.equal(stopping.desiredStatus, 'STOPPED');
    assert.equal(stopping.lastStatus, 'DEACTIVATING');
    const app = stopping.containers?.find((c) => c.name === 'app');
    const sidecar = stopping.containers?.find((c) => c.name === 'log-router');
    assert.deepEqual([app?.lastStatus, app?.exitCode, app?.reason], ['STOPPED', 3, 'boom']);
    assert.equal(sidecar?.lastStatus, 'RUNNING', 'the sidecar is still being stopped');
    clock.advance(3000);
    const t = await task(arn);
    assert.equal(t.lastStatus, 'STOPPED');
    assert.equal(t.stopCode, 'EssentialContainerExited');
    assert.equal(t.stoppedReason, 'Essential container in task exited');
    assert.equal(ms(t.startedAt), t0 + 3000);
    assert.equal(ms(t.stoppingAt), t0 + 8000);
    assert.equal(ms(t.executionStoppedAt), t0 + 10_000);
    assert.equal(ms(t.stoppedAt), t0 + 11_000);
    assert.ok(ms(t.pullStartedAt)! <= ms(t.pullStoppedAt)! && ms(t.pullStoppedAt)! <= ms(t.startedAt)!);
  });

  it('oom: exit code 137 and OutOfMemoryError; default afterMs is one lifecycle step', async () => {
    family('hungry', 'hungry:1');
    ctx.fake.ecs.setImageBehavior('hungry:1', { kind: 'oom' });
    const t0 = clock.now();
    const arn = await run('hungry');
    clock.advance(10_000);
    const t = await task(arn);
    assert.equal(ms(t.stoppingAt), t0 + 4000);
    assert.equal(t.stopCode, 'EssentialContainerExited');
    assert.equal(t.containers?.[0]?.exitCode, 137);
    assert.equal(t.containers?.[0]?.reason, 'OutOfMemoryError: Container killed due to memory usage');
  });

  it('complete: a job runs and exits 0 (or the given code); a clock jump still gives the planned times', async () => {
    family('job', 'jobs/report:2024');
    ctx.fake.ecs.setImageBehavior('jobs/*', { kind: 'complete', afterMs: 30_000 });
    const t0 = clock.now();
    const arn = await run('job');
    clock.advance(60 * 60 * 1000 - 1);
    const t = await task(arn);
    assert.equal(t.lastStatus, 'STOPPED');
    assert.equal(t.containers?.[0]?.exitCode, 0);
    assert.equal(ms(t.stoppingAt), t0 + 33_000);
    assert.equal(ms(t.stoppedAt), t0 + 36_000);
    ctx.fake.ecs.setImageBehavior('jobs/report:2024', { kind: 'complete', exitCode: 2 });
    const failed = await run('job');
    clock.advance(10_000);
    assert.equal((await task(failed)).containers?.[0]?.exitCode, 2, 'an exact image wins over a prefix');
  });

  it('applies to tasks started afterwards only; StopTask before the crash cancels it', async () => {
    family('api', 'api:2');
    const before = await run('api');
    ctx.fake.ecs.setImageBehavior('api:2', { kind: 'crash', exitCode: 1, afterMs: 60_000 });
    const after = await run('api');
    clock.advance(5000);
    await ctx.ecs.send(new StopTaskCommand({ task: after, reason: 'Stopped from VS Code' }));
    clock.advance(120_000);
    const stopped = await task(after);
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'Stopped from VS Code');
    assert.equal(stopped.containers?.[0]?.exitCode, 0, 'not the crash exit code');
    assert.equal((await task(before)).lastStatus, 'RUNNING');
    ctx.fake.ecs.clearImageBehaviors();
    const clean = await run('api');
    clock.advance(120_000);
    assert.equal((await task(clean)).lastStatus, 'RUNNING');
  });

  it('rejects unknown behaviours and bare wildcards', () => {
    assert.throws(() => ctx.fake.ecs.setImageBehavior('*', { kind: 'oom' }), /image or prefix/);
    assert.throws(
      () => ctx.fake.ecs.setImageBehavior('x', { kind: 'explode' } as never),
      /unknown image behaviour kind explode/,
    );
    assert.throws(() => ctx.fake.ecs.setImageBehavior('x', { kind: 'crash' } as never), /integer exitCode/);
  });

  it('POST /__fake/ecs/imageBehavior sets and clears behaviours; bad bodies are 400', async () => {
    family('web', 'web:9');
    const post = (body: unknown) =>
      raw(ctx.fake, {
        path: '/__fake/ecs/imageBehavior',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const set = await post({ image: 'web:*', behavior: { kind: 'pullError' } });
    assert.equal(set.status, 200, set.text);
    const failing = await run('web');
    clock.advance(3000);
    assert.equal((await task(failing)).stopCode, 'TaskFailedToStart');
    assert.equal((await post({ image: 'web:*', behavior: { kind: 'nope' } })).status, 400);
    assert.equal((await post({ behavior: { kind: 'oom' } })).status, 400);
    assert.equal((await post({ clear: true })).status, 200);
    const fine = await run('web');
    clock.advance(3000);
    assert.equal((await task(fine)).lastStatus, 'RUNNING');
    const listed = await ctx.ecs.send(new ListTasksCommand({ desiredStatus: 'STOPPED' }));
    assert.deepEqual(listed.taskArns, [failing]);
  });
});
