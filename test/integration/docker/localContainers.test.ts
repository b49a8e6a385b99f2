import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { dockerGatewayOf, type DockerGateway } from '../../../src/docker/dockerGateway';
import { connectDocker } from '../../../src/docker/dockerClient';
import { resolveDockerEndpoint, nodeEndpointHost } from '../../../src/docker/dockerEndpoint';
import { PullError } from '../../../src/docker/images';
import type { ContainerEvent } from '../../../src/docker/containerStreams';
import { requireDockerTestEnv, type DockerTestEnv } from './dockerTestEnv';

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

/** Collects events until `until` matches one (or the signal aborts). */
async function eventsUntil(
  docker: DockerGateway,
  label: string,
  until: (e: ContainerEvent) => boolean,
  started: () => Promise<void>,
): Promise<ContainerEvent[]> {
  const controller = new AbortController();
  const seen: ContainerEvent[] = [];
  const iterator = docker.containerEvents(label, controller.signal)[Symbol.asyncIterator]();
  const first = iterator.next();
  await new Promise((r) => setTimeout(r, 200)); // the events request is open before the action
  await started();
  let next = await first;
  while (!next.done) {
    seen.push(next.value);
    if (until(next.value)) break;
    next = await iterator.next();
  }
  controller.abort();
  await iterator.return?.();
  return seen;
}

describe('Docker gateway for Run Locally (real dockerd)', function () {
  this.timeout(60_000);
  let env: DockerTestEnv;
  let docker: DockerGateway;
  const run = `lc${process.pid}${Date.now().toString(36)}`;
  const label = `ecsfargate.test.${run}`;

  before(async function () {
    env = await requireDockerTestEnv(this);
    docker = dockerGatewayOf(connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))));
  });

  after(async function () {
    if (!docker) return;
    const left = await docker.listByLabel(label);
    for (const c of left.containers) await docker.removeContainer(c.id);
    for (const n of left.networks) await docker.removeNetwork(n.id);
  });

  it('imports the pause image offline, and a pause container keeps running until removed', async () => {
    const pause = await docker.ensurePauseImage(label);
    assert.match(pause.ref, /^ecs-fargate-local\/pause:1-(amd64|arm64)$/);
    assert.equal(pause.architecture, (await docker.enginePlatform()).architecture);
    const id = await docker.createContainer({
      name: `${run}-pause`,
      image: pause.ref,
      labels: { [label]: 'pause' },
    });
    await docker.startContainer(id);
    await new Promise((r) => setTimeout(r, 300));
    const state = await docker.inspectContainer(id);
    assert.equal(state.running, true, 'the pause binary waits instead of exiting');
    await docker.removeContainer(id);
    assert.equal((await docker.listByLabel(`${label}=pause`)).containers.length, 0);
  });

  it('shares one network namespace, publishes on 127.0.0.1 only, and lists by label', async () => {
    const network = await docker.createNetwork(`${run}-net`, { [label]: 'net' });
    assert.ok(network.gateway, 'the network has a gateway address (the host, seen from the containers)');
    const pause = await docker.ensurePauseImage(label);
    const pauseId = await docker.createContainer({
      name: `${run}-ns`,
      image: pause.ref,
      labels: { [label]: 'ns' },
      networkMode: `${run}-net`,
      publish: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 }],
    });
    await docker.startContainer(pauseId);
    const web = await docker.createContainer({
      name: `${run}-web`,
      image: env.baseImage,
      labels: { [label]: 'web' },
      networkMode: `container:${pauseId}`,
      entrypoint: ['sh', '-c'],
      command: ['mkdir -p /w && echo "hello $WHO" > /w/index.html && exec httpd -f -p 8080 -h /w'],
      env: { WHO: 'local' },
    });
    await docker.startContainer(web);
    const info = await docker.inspectContainer(pauseId);
    assert.ok(info.networks[`${run}-net`]?.ip, 'the pause container owns the address');
    const connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    const ports = (await connection.docker.getContainer(pauseId).inspect()).NetworkSettings.Ports;
    const binding = ports['8080/tcp']?.[0];
    assert.equal(binding?.HostIp, '127.0.0.1');
    let body = '';
    for (let i = 0; i < 50 && !body.includes('hello'); i++) {
      body = await httpGet(`http://127.0.0.1:${binding?.HostPort}/`).catch(() => '');
      if (!body) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(body.trim(), 'hello local');
    const listed = await docker.listByLabel(label);
    assert.ok(listed.containers.some((c) => c.id === web));
    assert.ok(listed.networks.some((n) => n.id === network.id));
    await docker.stopContainer(web, 1);
    assert.equal((await docker.inspectContainer(web)).running, false);
    for (const id of [web, pauseId]) await docker.removeContainer(id);
    await docker.removeNetwork(network.id);
    const after = await docker.listByLabel(label);
    assert.ok(!after.networks.some((n) => n.id === network.id));
  });

  it('reports health_status and die events, the exit code and the logs in order', async () => {
    const name = `${run}-health`;
    let id = '';
    const events = await eventsUntil(
      docker,
      `${label}=health`,
      (e) => e.action === 'die',
      async () => {
        id = await docker.createContainer({
          name,
          image: env.baseImage,
          labels: { [label]: 'health' },
          entrypoint: ['sh', '-c'],
          command: ['echo one; echo two >&2; touch /tmp/ok; sleep 2; echo three; exit 7'],
          healthCheck: {
            test: ['CMD-SHELL', 'test -f /tmp/ok'],
            intervalSeconds: 1,
            timeoutSeconds: 1,
            retries: 3,
            startPeriodSeconds: 0,
          },
        });
        await docker.startContainer(id);
      },
    );
    const actions = events.map((e) => e.action);
    assert.ok(actions.includes('start'));
    assert.ok(actions.includes('health_status: healthy'), actions.join(', '));
    assert.ok(actions.indexOf('health_status: healthy') < actions.indexOf('die'));
    assert.equal(await docker.waitContainer(id), 7);
    const state = await docker.inspectContainer(id);
    assert.equal(state.exitCode, 7);
    assert.ok(state.finishedAt);
    const lines = [];
    for await (const line of docker.followLogs(id, new AbortController().signal)) lines.push(line);
    assert.deepEqual(lines.map((l) => `${l.stream}:${l.message}`).sort(), [
      'stderr:two',
      'stdout:one',
      'stdout:three',
    ]);
    assert.ok(lines.every((l) => l.timestamp > Date.now() - 60_000));
    await docker.removeContainer(id);
  });

  it('a pull from an unreachable registry is a PullError naming the image', async () => {
    await assert.rejects(
      docker.pullImage('127.0.0.1:1/nothing/here:v1'),
      (error: unknown) => error instanceof PullError && error.image === '127.0.0.1:1/nothing/here:v1',
    );
  });

  it('pulls from the authenticated registry with registry auth (as ECR gives it)', async () => {
    const repo = `${env.registry}/local-pull-${run}`;
    const connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    await connection.docker.getImage(env.baseImage).tag({ repo, tag: 'v1' });
    const auth = { username: env.user, password: env.password, serveraddress: `https://${env.registry}` };
    await docker.push({ source: `${repo}:v1`, repository: repo, tags: ['v1'], auth });
    await connection.docker.getImage(`${repo}:v1`).remove();
    assert.equal(await docker.inspectImage(`${repo}:v1`), undefined);
    await assert.rejects(
      docker.pullImage(`${repo}:v1`, { ...auth, password: 'wrong' }),
      (e: unknown) => e instanceof PullError,
    );
    const pulled = await docker.pullImage(`${repo}:v1`, auth);
    assert.match(pulled.id, /^sha256:/);
    await connection.docker.getImage(`${repo}:v1`).remove();
  });
});
