import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import * as net from 'node:net';
import { connectDocker } from '../../../src/docker/dockerClient';
import { dockerGatewayOf, type DockerGateway } from '../../../src/docker/dockerGateway';
import { nodeEndpointHost, resolveDockerEndpoint } from '../../../src/docker/dockerEndpoint';
import type { JsonObject } from '../../../src/taskdef/normalize';
import type { LogEvent } from '../../../src/logs/types';
import type { LocalTaskSnapshot } from '../../../src/workflows/local/localTask';
import {
  findLeftovers,
  isEmpty,
  LOCAL_TASK_LABEL,
  localLabels,
  removeLeftovers,
} from '../../../src/workflows/local/localLabels';
import { LocalRunError, runLocalTask, type LocalTaskHandle } from '../../../src/workflows/local/runLocalTask';
import { endpointsNetworkGatewayOf } from '../../../src/docker/endpointsNetworkGateway';
import { localTaskEndpoints } from '../../../src/workflows/local/endpoints/localTaskEndpoints';
import { buildLocalTarget } from '../../../src/workflows/local/deployTargetSource';
import { requireDockerTestEnv, type DockerTestEnv } from './dockerTestEnv';
import { threeContainerTask } from '../../support/localTasks';

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** A port nobody uses now (the kernel picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

describe('Run Locally on the real dockerd', function () {
  this.timeout(90_000);
  let env: DockerTestEnv;
  let docker: DockerGateway;
  const handles: LocalTaskHandle[] = [];
  const owner = `test-${process.pid}`;

  before(async function () {
    env = await requireDockerTestEnv(this);
    docker = dockerGatewayOf(connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))));
  });

  after(async function () {
    for (const h of handles) await h.stop().catch(() => undefined);
  });

  it('starts the three-container task in dependsOn order, app reaches the sidecar on localhost, ports on 127.0.0.1 only, nothing left after Stop', async () => {
    const port = await freePort();
    const order: string[] = [];
    const seen = new Map<string, string>();
    const logs: LogEvent[] = [];
    const statuses: string[] = [];
    const onTask = (task: LocalTaskSnapshot) => {
      if (statuses.at(-1) !== task.status) statuses.push(task.status);
      for (const c of task.containers) {
        const key = `${c.name}:${c.status}:${c.health}`;
        if (seen.get(c.name) !== key) {
          seen.set(c.name, key);
          order.push(key);
        }
      }
    };
    const handle = await runLocalTask(
      { docker, owner },
      {
        taskDefinition: threeContainerTask(env.baseImage, port),
        source: 'test',
        healthCheckIntervalSeconds: 1,
      },
      { onTask, onLog: (e) => logs.push(e) },
    );
    handles.push(handle);
    const running = await handle.running;
    assert.equal(running.status, 'RUNNING', `stopped instead: ${running.stoppedReason ?? ''}`);
    const index = (key: string) => order.indexOf(key);
    assert.ok(index('init:STOPPED:UNKNOWN') >= 0, order.join(' '));
    assert.ok(index('init:STOPPED:UNKNOWN') < index('sidecar:RUNNING:UNKNOWN'), order.join(' '));
    assert.ok(index('sidecar:RUNNING:HEALTHY') < index('app:RUNNING:UNKNOWN'), order.join(' '));
    assert.deepEqual(statuses.slice(0, 3), ['PROVISIONING', 'PENDING', 'RUNNING']);
    assert.equal(running.containers.find((c) => c.name === 'init')?.exitCode, 0);

    // The page is served on 127.0.0.1:<port>, and it is what the app fetched from the sidecar on localhost.
    let body = '';
    for (let i = 0; i < 50 && !body.includes('sidecar'); i++) {
      body = await httpGet(`http://127.0.0.1:${port}/`).catch(() => '');
      if (!body.includes('sidecar')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(body.trim(), 'hello from the sidecar');
    const app = running.containers.find((c) => c.name === 'app');
    assert.deepEqual(app?.ports, [
      { containerPort: port, hostPort: port, protocol: 'tcp', hostIp: '127.0.0.1' },
    ]);
    const raw = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))).docker;
    const pauseInfo = await raw.getContainer(running.pauseContainerId ?? '').inspect();
    const bindings = Object.values(pauseInfo.NetworkSettings.Ports).flatMap((b) => b ?? []);
    assert.ok(bindings.length > 0);
    assert.ok(
      bindings.every((b) => b.HostIp === '127.0.0.1'),
      JSON.stringify(bindings),
    );
    for (const name of ['init', 'sidecar', 'app']) {
      const id = running.containers.find((c) => c.name === name)?.dockerId ?? '';
      const info = await raw.getContainer(id).inspect();
      assert.equal(info.HostConfig.NetworkMode, `container:${running.pauseContainerId}`);
    }
    assert.ok(logs.some((e) => e.source.container === 'init' && e.message === 'init done'));
    assert.match(logs[0]?.source.label ?? '', /^(init|sidecar|app)\/[0-9a-f]+$/);

    const stopped = await handle.stop();
    assert.equal(stopped.status, 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    const left = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${handle.taskId}`);
    assert.deepEqual(left, { containers: [], networks: [] });
  });

  it('an essential container that exits stops the task with ECS reason and its exit code', async () => {
    const td = {
      family: 'local-essential',
      containerDefinitions: [
        {
          name: 'worker',
          image: env.baseImage,
          essential: true,
          command: ['sh', '-c', 'echo working; sleep 1; exit 3'],
        },
        { name: 'idle', image: env.baseImage, essential: true, command: ['sleep', '600'], stopTimeout: 2 },
      ],
    } as unknown as JsonObject;
    const handle = await runLocalTask({ docker, owner }, { taskDefinition: td, source: 'test' });
    handles.push(handle);
    const stopped = await handle.stopped;
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.equal(stopped.containers.find((c) => c.name === 'worker')?.exitCode, 3);
    // sleep as PID 1 ignores SIGTERM: it was killed after its stopTimeout (137 = SIGKILL).
    assert.equal(stopped.containers.find((c) => c.name === 'idle')?.exitCode, 137);
    const { lines } = handle.report();
    assert.match(lines[0] ?? '', /stopped \(EssentialContainerExited\): Essential container in task exited/);
    assert.ok(
      lines.some((l) => l.includes('Container worker: exit code 3')),
      lines.join('\n'),
    );
    const left = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${handle.taskId}`);
    assert.deepEqual(left, { containers: [], networks: [] });
  });

  it('refuses before creating anything: blocking errors, a missing image, a taken hostPort', async () => {
    const before = await docker.listByLabel(LOCAL_TASK_LABEL);
    await assert.rejects(
      runLocalTask(
        { docker, owner },
        { taskDefinition: {}, text: '{"family": "x", "containerDefinitions": [}', source: 'test' },
      ),
      (e: unknown) => e instanceof LocalRunError && e.step === 'validate' && /Line 1/.test(e.message),
    );
    await assert.rejects(
      runLocalTask(
        { docker, owner },
        {
          taskDefinition: {
            family: 'x',
            containerDefinitions: [{ name: 'a', image: '127.0.0.1:1/missing/image:v1' }],
          },
          source: 'test',
        },
      ),
      (e: unknown) =>
        e instanceof LocalRunError &&
        e.step === 'image' &&
        e.message.includes('127.0.0.1:1/missing/image:v1'),
    );
    const server = net.createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
    try {
      await assert.rejects(
        runLocalTask(
          { docker, owner },
          {
            taskDefinition: {
              family: 'x',
              containerDefinitions: [
                { name: 'a', image: env.baseImage, portMappings: [{ containerPort: port, hostPort: port }] },
              ],
            },
            source: 'test',
          },
        ),
        (e: unknown) =>
          e instanceof LocalRunError && e.step === 'ports' && e.message.includes(`Port ${port}`),
      );
    } finally {
      server.close();
    }
    const after = await docker.listByLabel(LOCAL_TASK_LABEL);
    assert.equal(after.containers.length, before.containers.length);
    assert.equal(after.networks.length, before.networks.length);
  });

  it('finds what a crash left behind (by label) and removes it; an active task is not a leftover', async () => {
    const taskId = `leftover${process.pid}${Date.now().toString(16)}`.padEnd(32, '0').slice(0, 32);
    const net1 = await docker.createNetwork(
      `ecs-local-leftover-${taskId.slice(0, 8)}`,
      localLabels(taskId, 'gone', 'dead@host', 'network'),
    );
    const id = await docker.createContainer({
      name: `ecs-local-leftover-${taskId.slice(0, 12)}`,
      image: env.baseImage,
      labels: localLabels(taskId, 'gone', 'dead@host', 'container', 'app'),
      command: ['sleep', '600'],
    });
    await docker.startContainer(id);
    const active = await findLeftovers(docker, new Set([taskId]));
    assert.ok(!active.taskIds.includes(taskId));
    const found = await findLeftovers(docker);
    assert.ok(found.taskIds.includes(taskId));
    assert.ok(found.containers.some((c) => c.id === id));
    assert.ok(found.networks.some((n) => n.id === net1.id));
    const mine = {
      taskIds: [taskId],
      containers: found.containers.filter((c) => c.id === id),
      networks: found.networks.filter((n) => n.id === net1.id),
    };
    await removeLeftovers(docker, mine);
    const left = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${taskId}`);
    assert.ok(isEmpty({ taskIds: [], ...left }));
  });
});

describe('Run Locally with the task endpoints (real dockerd)', function () {
  this.timeout(90_000);
  let env: DockerTestEnv;
  let docker: DockerGateway;

  before(async function () {
    env = await requireDockerTestEnv(this);
    docker = dockerGatewayOf(connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))));
  });

  it('a container reads $ECS_CONTAINER_METADATA_URI_V4/task and gets its own task, with the real Docker ids', async () => {
    const connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    const startEndpoints = localTaskEndpoints({
      network: endpointsNetworkGatewayOf(connection, LOCAL_TASK_LABEL),
      region: 'us-east-1',
    });
    const td = {
      family: 'local-metadata',
      containerDefinitions: [
        {
          name: 'reader',
          image: env.baseImage,
          command: ['sh', '-c', 'wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/task"; echo; sleep 600'],
          stopTimeout: 2,
        },
        { name: 'other', image: env.baseImage, essential: false, command: ['sleep', '600'], stopTimeout: 2 },
      ],
    } as unknown as JsonObject;
    const lines: string[] = [];
    const handle = await runLocalTask(
      { docker, owner: `test-${process.pid}`, startEndpoints },
      { taskDefinition: td, source: 'test' },
      { onLog: (e) => lines.push(e.message) },
    );
    try {
      assert.equal((await handle.running).status, 'RUNNING');
      let json: { TaskARN?: string; Containers?: Array<{ Name?: string; DockerId?: string }> } | undefined;
      for (let i = 0; i < 100 && !json; i++) {
        const line = lines.find((l) => l.startsWith('{'));
        if (line) json = JSON.parse(line) as typeof json;
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(json, `no metadata in the logs: ${lines.join('\n')}`);
      const task = handle.snapshot();
      assert.equal(json.TaskARN, task.taskArn);
      const names = (json.Containers ?? []).map((c) => c.Name).sort();
      assert.deepEqual(names, ['other', 'reader']);
      const reader = json.Containers?.find((c) => c.Name === 'reader');
      assert.equal(reader?.DockerId, task.containers.find((c) => c.name === 'reader')?.dockerId);
    } finally {
      await handle.stop();
    }
    const left = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${handle.taskId}`);
    assert.deepEqual(left, { containers: [], networks: [] });
  });
});

describe('Run Locally on a deploy target (real dockerd)', function () {
  this.timeout(90_000);

  it('builds the target Dockerfile, then runs its task definition with the local image', async function () {
    const env = await requireDockerTestEnv(this);
    const docker = dockerGatewayOf(connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-target-'));
    fs.writeFileSync(
      path.join(root, 'Dockerfile'),
      `FROM ${env.baseImage}\nRUN echo built-for-local > /marker\nCMD ["sh", "-c", "cat /marker; sleep 600"]\n`,
    );
    fs.writeFileSync(
      path.join(root, 'task-definition.json'),
      JSON.stringify({
        family: 'local-target',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
        containerDefinitions: [
          { name: 'web', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:latest', stopTimeout: 2 },
        ],
      }),
    );
    const target = {
      name: 'web service',
      dockerfile: 'Dockerfile',
      taskDefinitionFile: 'task-definition.json',
      container: 'web',
      repository: `local-target-${process.pid}`,
      cluster: 'c',
    };
    const built = await buildLocalTarget(docker, root, target);
    const lines: string[] = [];
    const handle = await runLocalTask(
      { docker, owner: `test-${process.pid}` },
      { taskDefinition: built.taskDefinition, text: built.text, source: target.name, baseDir: built.baseDir },
      { onLog: (e) => lines.push(e.message) },
    );
    try {
      const running = await handle.running;
      assert.equal(running.status, 'RUNNING');
      assert.equal(running.containers[0]?.image, `ecs-fargate-local/local-target-${process.pid}:local`);
      for (let i = 0; i < 50 && !lines.includes('built-for-local'); i++)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(lines.includes('built-for-local'), lines.join('\n'));
    } finally {
      await handle.stop();
      fs.rmSync(root, { recursive: true, force: true });
      const raw = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))).docker;
      await raw
        .getImage(`ecs-fargate-local/local-target-${process.pid}:local`)
        .remove()
        .catch(() => undefined);
    }
  });
});
