import * as assert from 'node:assert/strict';
import type { JsonObject } from '../../../../src/taskdef/normalize';
import { LocalTaskNode } from '../../../../src/explorer/nodes/localNodes';
import { LOCAL_TASK_LABEL } from '../../../../src/workflows/local/localLabels';
import type { LocalTaskSnapshot } from '../../../../src/workflows/local/localTask';
import { LocalTaskRegistry } from '../../../../src/workflows/local/localTaskRegistry';
import { runLocalTask } from '../../../../src/workflows/local/runLocalTask';
import { FakeDockerGateway } from '../../../fakes/fakeDockerGateway';

const td = (containers: object[]) =>
  ({ family: 'fam', containerDefinitions: containers }) as unknown as JsonObject;

/** Waits until `check` holds on the latest snapshot (the fake engine reacts synchronously). */
async function until(
  get: () => LocalTaskSnapshot,
  check: (t: LocalTaskSnapshot) => boolean,
): Promise<LocalTaskSnapshot> {
  for (let i = 0; i < 200; i++) {
    const t = get();
    if (check(t)) return t;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never: ${JSON.stringify(get().containers.map((c) => [c.name, c.status, c.health]))}`);
}

function fakeEngine(images: string[]): FakeDockerGateway {
  const docker = new FakeDockerGateway();
  for (const image of images)
    docker.images.set(image, { id: `sha256:${image}`, os: 'linux', architecture: 'amd64' });
  return docker;
}

const deps = (docker: FakeDockerGateway) => ({
  docker,
  owner: 'unit',
  isPortFree: () => Promise.resolve(true),
});

describe('local task run (in-memory engine)', () => {
  it('starts a HEALTHY dependent only after the health event, then RUNNING', async () => {
    const docker = fakeEngine(['img']);
    const handle = await runLocalTask(deps(docker), {
      source: 'unit',
      reconcileMs: 60_000,
      taskDefinition: td([
        { name: 'side', image: 'img', essential: false, healthCheck: { command: ['CMD', 'true'] } },
        { name: 'app', image: 'img', dependsOn: [{ containerName: 'side', condition: 'HEALTHY' }] },
      ]),
    });
    const pending = await until(
      () => handle.snapshot(),
      (t) => t.containers[0]?.status === 'RUNNING',
    );
    assert.equal(pending.status, 'PENDING');
    assert.equal(pending.containers[1]?.status, 'PENDING', 'app waits for HEALTHY');
    docker.setHealth(pending.containers[0]?.dockerId ?? '', 'healthy');
    const running = await handle.running;
    assert.equal(running.status, 'RUNNING');
    assert.deepEqual(
      running.containers.map((c) => [c.name, c.status, c.health]),
      [
        ['side', 'RUNNING', 'HEALTHY'],
        ['app', 'RUNNING', 'UNKNOWN'],
      ],
    );
    const stopped = await handle.stop();
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(docker.containers.size, 0, 'containers removed');
    assert.equal(docker.networks.size, 0, 'network removed');
  });

  it('stops the task as TaskFailedToStart when a SUCCESS dependency exits non-zero', async () => {
    const docker = fakeEngine(['img']);
    const handle = await runLocalTask(deps(docker), {
      source: 'unit',
      reconcileMs: 60_000,
      taskDefinition: td([
        { name: 'init', image: 'img', essential: false },
        { name: 'app', image: 'img', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
      ]),
    });
    const started = await until(
      () => handle.snapshot(),
      (t) => t.containers[0]?.status === 'RUNNING',
    );
    docker.exit(started.containers[0]?.dockerId ?? '', 2);
    const stopped = await handle.stopped;
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.match(stopped.stoppedReason ?? '', /app depends on init SUCCESS: init exited with code 2/);
    assert.equal(stopped.containers[1]?.status, 'STOPPED');
    assert.equal(stopped.containers[1]?.exitCode, undefined, 'app never started');
  });

  it('an essential exit stops the others with their stopTimeout, dependents first', async () => {
    const docker = fakeEngine(['img']);
    const handle = await runLocalTask(deps(docker), {
      source: 'unit',
      reconcileMs: 60_000,
      taskDefinition: td([
        { name: 'db', image: 'img', essential: false, stopTimeout: 7 },
        {
          name: 'api',
          image: 'img',
          stopTimeout: 9,
          dependsOn: [{ containerName: 'db', condition: 'START' }],
        },
        { name: 'job', image: 'img' },
      ]),
    });
    const running = await handle.running;
    const stoppedWith: string[] = [];
    const original = docker.stopContainer.bind(docker);
    docker.stopContainer = (id, timeout) => {
      stoppedWith.push(
        `${docker.containers.get(id)?.spec.labels['ecs-fargate.local.container'] ?? '?'}:${timeout}`,
      );
      return original(id, timeout);
    };
    docker.exit(running.containers.find((c) => c.name === 'job')?.dockerId ?? '', 0);
    const stopped = await handle.stopped;
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.deepEqual(stoppedWith, ['api:9', 'db:7']);
    assert.ok(stopped.stoppedAt && stopped.stoppingAt);
  });

  it('labels everything with the task id, and the Local view shows status, health, exit code and ports', async () => {
    const docker = fakeEngine(['img']);
    const registry = new LocalTaskRegistry();
    const handle = await runLocalTask(
      deps(docker),
      {
        source: 'unit',
        reconcileMs: 60_000,
        taskDefinition: td([{ name: 'web', image: 'img', portMappings: [{ containerPort: 8080 }] }]),
      },
      { onTask: (t) => registry.update(t) },
    );
    registry.add(handle);
    await handle.running;
    const labelled = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${handle.taskId}`);
    assert.equal(labelled.containers.length, 2, 'the pause container and web');
    assert.equal(labelled.networks.length, 1);
    const [task] = registry.tasks();
    assert.ok(task);
    const node = new LocalTaskNode(task);
    assert.equal(node.view().description, 'RUNNING');
    const [web] = await node.getChildren();
    assert.equal(web?.view().description, 'RUNNING · 127.0.0.1:8080→8080');
    await registry.stopAll();
    const [after] = registry.tasks();
    assert.ok(after);
    assert.equal(new LocalTaskNode(after).view().description, 'STOPPED · Task stopped by user');
    const [stoppedWeb] = await new LocalTaskNode(after).getChildren();
    assert.equal(stoppedWeb?.view().description, 'STOPPED · exit 143 · 127.0.0.1:8080→8080');
  });
});
