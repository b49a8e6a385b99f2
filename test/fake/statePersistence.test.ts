// The demo's fake account survives a restart (`npm start -- --demo` keeps it in .tools/demo/):
// the CLI with --state loads what it saved, a corrupt or older file starts fresh with one line
// saying so, and --demo-reset (resetDemo) forgets it.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListTasksCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { FakeAws, ManualClock } from '../fakeAws';
import { TaskLogWriter } from '../fakeAws/logs/taskLogs';
import { buildDemoFleet } from '../fakeAws/fleet';
import { restoreState, snapshotState, STATE_VERSION, type SavedState } from '../fakeAws/persistence';
import { resetDemo } from '../host/harness/examples';
import { CREDENTIALS } from './helpers';

const CLI = path.resolve(__dirname, '../fakeAws/cli.js');
const ROLE = 'demoExecutionRole';
const CLUSTER = 'made-in-the-demo';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  notes: string[];
}

function startCli(stateFile: string): Promise<Running> {
  const child = spawn(process.execPath, [CLI, '--fleet', 'demo', '--state', stateFile], { stdio: 'pipe' });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI printed no URL in 10 s; stderr: ${err}`)), 10_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^FAKE_AWS_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        const notes = out.split('\n').filter((l) => l.startsWith('fake-aws: '));
        resolve({ child, url: match[1]!, notes });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}; stderr: ${err}`));
    });
  });
}

async function stop(running: Running): Promise<void> {
  if (running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.on('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

const config = (url: string) => ({
  region: 'us-east-1',
  endpoint: url,
  credentials: CREDENTIALS,
  maxAttempts: 1,
});

async function clusterNames(url: string): Promise<string[]> {
  const ecs = new ECSClient(config(url));
  try {
    const arns = (await ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
    return arns.map((a) => a.split('/').pop()!).sort();
  } finally {
    ecs.destroy();
  }
}

async function roleExists(url: string): Promise<boolean> {
  const iam = new IAMClient(config(url));
  try {
    await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException' || (e as Error).name === 'NoSuchEntity') return false;
    throw e;
  } finally {
    iam.destroy();
  }
}

describe('fake AWS: the demo state kept across restarts (--state FILE)', function () {
  this.timeout(30_000);
  let dir: string;
  let stateFile: string;
  const started: Running[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-state-'));
    stateFile = path.join(dir, 'demo', 'fake-aws-state.json');
  });

  afterEach(async () => {
    for (const r of started.splice(0)) await stop(r);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async (): Promise<Running> => {
    const r = await startCli(stateFile);
    started.push(r);
    return r;
  };

  it('a role, a cluster, a repository and a log group made before a restart are there after it; a reset forgets them', async () => {
    const first = await start();
    assert.match(first.notes.join('\n'), /starting fresh: no saved state/);
    const fleetClusters = await clusterNames(first.url);
    const iam = new IAMClient(config(first.url));
    const ecs = new ECSClient(config(first.url));
    const ecr = new ECRClient(config(first.url));
    const logs = new CloudWatchLogsClient(config(first.url));
    try {
      await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: TRUST }));
      await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'demo/web' }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/made-in-the-demo' }));
    } finally {
      for (const c of [iam, ecs, ecr, logs]) c.destroy();
    }
    await stop(first);

    const second = await start();
    assert.match(second.notes.join('\n'), /state loaded from/);
    assert.ok(await roleExists(second.url), 'the role is still there');
    assert.deepEqual(await clusterNames(second.url), [...fleetClusters, CLUSTER].sort());
    const ecr2 = new ECRClient(config(second.url));
    const logs2 = new CloudWatchLogsClient(config(second.url));
    try {
      const repos = await ecr2.send(new DescribeRepositoriesCommand({}));
      assert.ok(repos.repositories?.some((r) => r.repositoryName === 'demo/web'));
      const groups = await logs2.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/made-in' }));
      assert.deepEqual(
        groups.logGroups?.map((g) => g.logGroupName),
        ['/ecs/made-in-the-demo'],
      );
    } finally {
      ecr2.destroy();
      logs2.destroy();
    }
    await stop(second);

    resetDemo(path.dirname(stateFile)); // what npm start -- --demo-reset does
    const third = await start();
    assert.match(third.notes.join('\n'), /starting fresh/);
    assert.equal(await roleExists(third.url), false);
    assert.deepEqual(await clusterNames(third.url), fleetClusters);
  });

  it('a corrupt or older state file starts fresh, saying so on one line', async () => {
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, '{"version": 1, "services": {');
    const corrupt = await start();
    assert.equal(corrupt.notes.length, 1);
    assert.match(corrupt.notes[0]!, /starting fresh: .* is not valid JSON/);
    assert.equal((await clusterNames(corrupt.url)).length, 4, 'the demo fleet');
    await stop(corrupt);

    fs.writeFileSync(stateFile, JSON.stringify({ version: STATE_VERSION - 1, services: {} }));
    const older = await start();
    assert.equal(older.notes.length, 1);
    assert.match(
      older.notes[0]!,
      new RegExp(
        `starting fresh: .*cannot be loaded \\(version ${STATE_VERSION - 1}, this fake reads version ${STATE_VERSION}\\)`,
      ),
    );
    assert.equal((await clusterNames(older.url)).length, 4);
  });

  it('a running task keeps its id and status, and new tasks get ids of their own', async () => {
    const before = await FakeAws.start({ lifecycleStepMs: 0 });
    const after = await FakeAws.start({ lifecycleStepMs: 0 });
    const c1 = new ECSClient(config(before.url));
    const c2 = new ECSClient(config(after.url));
    try {
      buildDemoFleet(before.ecs, before.autoScaling, before.elb);
      buildDemoFleet(after.ecs, after.autoScaling, after.elb);
      const run = await c1.send(
        new RunTaskCommand({
          cluster: 'batch-jobs',
          taskDefinition: 'flask-app',
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        }),
      );
      const taskArn = run.tasks?.[0]?.taskArn;
      assert.ok(taskArn, `RunTask failed: ${JSON.stringify(run.failures)}`);

      restoreState(after, JSON.parse(JSON.stringify(snapshotState(before))) as SavedState);
      const described = await c2.send(new DescribeTasksCommand({ cluster: 'batch-jobs', tasks: [taskArn] }));
      assert.equal(described.tasks?.[0]?.taskArn, taskArn);
      assert.equal(described.tasks?.[0]?.lastStatus, 'RUNNING');
      const clusters = await c2.send(new DescribeClustersCommand({ clusters: ['batch-jobs'] }));
      assert.equal(clusters.clusters?.[0]?.runningTasksCount, (await runningIn(c1, 'batch-jobs')).length);

      const again = await c2.send(
        new RunTaskCommand({
          cluster: 'batch-jobs',
          taskDefinition: 'flask-app',
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
        }),
      );
      assert.notEqual(again.tasks?.[0]?.taskArn, taskArn, 'the id generator went on from where it was');
    } finally {
      c1.destroy();
      c2.destroy();
      await before.close();
      await after.close();
    }
  });
  it("a restored stream of the demo's containers goes on after its last line (no history written twice)", async () => {
    const clock = new ManualClock();
    const before = await FakeAws.start({ clock, lifecycleStepMs: 0 });
    const after = await FakeAws.start({ clock, lifecycleStepMs: 0 });
    try {
      buildDemoFleet(before.ecs, before.autoScaling, before.elb);
      new TaskLogWriter(before.ecs, before.logs).catchUp();
      restoreState(after, JSON.parse(JSON.stringify(snapshotState(before))) as SavedState);
      const restored = [...after.logs.groups.values()].flatMap((g) => [...g.streams.values()]);
      assert.ok(restored.length > 0, 'the demo has streams to restore');
      const linesBefore = restored.map((s) => s.events.length);

      clock.advance(60_000);
      const written = new TaskLogWriter(after.ecs, after.logs).catchUp();
      assert.ok(written > 0, 'new lines are written after the restart');
      for (const [i, stream] of restored.entries()) {
        const stamps = stream.events.map((e) => e.timestamp);
        assert.equal(new Set(stamps).size, stamps.length, `${stream.name}: no line written twice`);
        assert.ok(stream.events.length >= linesBefore[i]!, `${stream.name}: kept its lines`);
      }
    } finally {
      await before.close();
      await after.close();
    }
  });
});

async function runningIn(client: ECSClient, cluster: string): Promise<string[]> {
  return (await client.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING' }))).taskArns ?? [];
}
