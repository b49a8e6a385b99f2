/**
 * The local task endpoints against the real dockerd: a busybox container on a task network of its
 * own reads its task from $ECS_CONTAINER_METADATA_URI_V4/task, fetches the task role's credentials
 * (the fake AWS answers AssumeRole) with $AWS_CONTAINER_AUTHORIZATION_TOKEN, and is refused with a
 * wrong token; the REAL SDK's container credentials provider accepts the URL; nothing is left behind.
 */
import * as assert from 'node:assert/strict';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { STSClient } from '@aws-sdk/client-sts';
import { createStsGateway } from '../../../src/aws/stsGateway';
import { connectDocker, type DockerConnection } from '../../../src/docker/dockerClient';
import { nodeEndpointHost, resolveDockerEndpoint } from '../../../src/docker/dockerEndpoint';
import { endpointsNetworkGatewayOf } from '../../../src/docker/endpointsNetworkGateway';
import { containerStats } from '../../../src/docker/containers';
import type { LocalTaskSnapshot, TaskEndpoints } from '../../../src/workflows/local/localTask';
import { ENDPOINTS_HOST, ENDPOINTS_NETWORK } from '../../../src/workflows/local/endpoints/endpointAddress';
import { localTaskEndpoints } from '../../../src/workflows/local/endpoints/localTaskEndpoints';
import {
  checkTaskRole,
  roleSessionName,
  taskRoleCredentials,
  TaskRoleUnavailableError,
} from '../../../src/workflows/local/endpoints/taskCredentials';
import { createRedactor } from '../../../src/shared/redact';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';
import { requireDockerTestEnv, type DockerTestEnv } from './dockerTestEnv';

const TASK_ID = '0123456789abcdef0123456789abcdef';

function task(overrides: Partial<LocalTaskSnapshot> = {}): LocalTaskSnapshot {
  return {
    taskId: TASK_ID,
    taskArn: `arn:aws:ecs:local:000000000000:task/local/${TASK_ID}`,
    cluster: 'local',
    family: 'web',
    revision: 3,
    source: 'task-definition.json',
    status: 'RUNNING',
    desiredStatus: 'RUNNING',
    createdAt: new Date(),
    cpu: '256',
    memory: '512',
    containers: [
      {
        name: 'app',
        image: 'busybox',
        status: 'PENDING',
        health: 'UNKNOWN',
        hasHealthCheck: false,
        essential: true,
        ports: [],
      },
      {
        name: 'sidecar',
        image: 'busybox',
        status: 'PENDING',
        health: 'UNKNOWN',
        hasHealthCheck: true,
        essential: false,
        ports: [],
      },
    ],
    ...overrides,
  };
}

/** Runs `script` in a busybox container on `network` with `env`; resolves with its output once it exits. */
async function runScript(
  connection: DockerConnection,
  env: DockerTestEnv,
  options: {
    name: string;
    network: string;
    label: string;
    env: Record<string, string>;
    script: string;
    onCreated?: (id: string) => void;
  },
): Promise<string> {
  const container = await connection.docker.createContainer({
    name: options.name,
    Image: env.baseImage,
    Cmd: ['sh', '-c', options.script],
    Env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`),
    Labels: { [options.label]: '1' },
    HostConfig: { NetworkMode: options.network },
  });
  options.onCreated?.(container.id);
  await container.start();
  await container.wait();
  const logs = await container.logs({ stdout: true, stderr: true });
  await container.remove({ force: true });
  // Docker's multiplexed log frames: an 8-byte header before each chunk.
  let out = '';
  for (let i = 0; i + 8 <= logs.length;) {
    const size = logs.readUInt32BE(i + 4);
    out += logs.subarray(i + 8, i + 8 + size).toString();
    i += 8 + size;
  }
  return out;
}

describe('Local task endpoints (real dockerd, fake AWS)', function () {
  this.timeout(60_000);
  let env: DockerTestEnv;
  let connection: DockerConnection;
  let fake: FakeAws;
  const run = `lep${process.pid}${Date.now().toString(36)}`;
  const label = `ecsfargate.test.${run}`;
  const taskNetwork = `${run}-task`;

  before(async function () {
    env = await requireDockerTestEnv(this);
    connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    fake = await FakeAws.start();
    fake.iam.createRole('web-task', {
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${fake.accountId}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
    fake.iam.createRole('ecs-only'); // trusts ecs-tasks.amazonaws.com only, like most task roles
    await connection.docker.createNetwork({ Name: taskNetwork, Labels: { [label]: '1' } });
  });

  after(async function () {
    if (!connection) return;
    const containers = await connection.docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [label] }),
    });
    for (const c of containers) await connection.docker.getContainer(c.Id).remove({ force: true });
    await connection.docker
      .getNetwork(taskNetwork)
      .remove()
      .catch(() => undefined);
    await fake?.close();
  });

  it('serves a container its task, the task role credentials with the token, and refuses a wrong token', async function () {
    const redact = createRedactor({});
    const sts = createStsGateway(new STSClient(fakeSdkConfig(fake, 'AKIDLOCALEP')));
    const roleArn = `arn:aws:iam::${fake.accountId}:role/web-task`;
    const credentials = await checkTaskRole(
      taskRoleCredentials({
        roleArn,
        sessionName: roleSessionName(TASK_ID),
        assumeRole: (request) => sts.assumeRole(request),
        onSecret: (s) => redact.registerSecret(s),
      }),
      roleArn,
    );
    const networkGateway = endpointsNetworkGatewayOf(connection, label);
    let current = task();
    const controller = new AbortController();
    const start = localTaskEndpoints({
      network: networkGateway,
      region: fake.region,
      credentials,
      onSecret: (s) => redact.registerSecret(s),
    });
    const endpoints: TaskEndpoints = await start({
      task: () => current,
      hostAddressFromContainers: '',
      stats: (id) => containerStats(connection, id),
      signal: controller.signal,
    });
    try {
      const appEnv = endpoints.envFor('app');
      assert.match(
        appEnv.ECS_CONTAINER_METADATA_URI_V4 ?? '',
        new RegExp(`^http://${ENDPOINTS_HOST.replace(/\./g, '\\.')}:\\d+/v4/[0-9a-f]{32}-\\d+$`),
      );
      assert.equal(appEnv.AWS_REGION, fake.region);

      // The REAL SDK provider accepts the URL (http is allowed on 169.254.170.2 only, or loopback).
      const sdkCredentials = await fromHttp({
        awsContainerCredentialsFullUri: appEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI,
        awsContainerAuthorizationToken: appEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN,
      })();
      assert.equal(sdkCredentials.accessKeyId, fake.sts.sessions[0]?.accessKeyId);

      const output = await runScript(connection, env, {
        name: `${run}-app`,
        network: taskNetwork,
        label,
        env: appEnv,
        onCreated: (id) => {
          current = task({
            containers: current.containers.map((c) =>
              c.name === 'app' ? { ...c, dockerId: id, dockerName: `${run}-app`, status: 'RUNNING' } : c,
            ),
          });
        },
        script: [
          'wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/task"; echo; echo ===',
          'wget -qO- "$ECS_CONTAINER_METADATA_URI_V4"; echo; echo ===',
          'wget -qO- --header "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"; echo; echo ===',
          'wget -qO- --header "Authorization: not-the-token" "$AWS_CONTAINER_CREDENTIALS_FULL_URI"; echo "wrong=$?"; echo ===',
          'wget -qO- "$AWS_CONTAINER_CREDENTIALS_FULL_URI"; echo "missing=$?"',
        ].join('\n'),
      });
      const [taskJson, containerJson, credentialsJson, wrong, missing] = output.split('===\n');
      const seenTask = JSON.parse(taskJson ?? '') as {
        TaskARN: string;
        LaunchType: string;
        Containers: Array<{ Name: string; DockerId: string; KnownStatus: string }>;
      };
      assert.equal(seenTask.TaskARN, current.taskArn);
      assert.equal(seenTask.LaunchType, 'FARGATE');
      assert.deepEqual(
        seenTask.Containers.map((c) => c.Name),
        ['app', 'sidecar'],
      );
      const app = current.containers.find((c) => c.name === 'app');
      assert.equal(seenTask.Containers[0]?.DockerId, app?.dockerId);
      assert.equal(seenTask.Containers[0]?.KnownStatus, 'RUNNING');
      const seenContainer = JSON.parse(containerJson ?? '') as { Name: string; DockerId: string };
      assert.equal(seenContainer.Name, 'app');
      assert.equal(seenContainer.DockerId, app?.dockerId);
      const seenCredentials = JSON.parse(credentialsJson ?? '') as Record<string, string>;
      assert.equal(seenCredentials.RoleArn, roleArn);
      assert.equal(seenCredentials.AccessKeyId, fake.sts.sessions[0]?.accessKeyId);
      assert.ok(seenCredentials.Token && seenCredentials.Expiration);
      assert.match(wrong ?? '', /wrong=1/);
      assert.match(missing ?? '', /missing=1/);
      assert.ok(!(wrong ?? '').includes(seenCredentials.AccessKeyId ?? 'none'));
      // The token and the secret parts are known to the redactor, so no log can show them.
      assert.equal(
        redact(`${appEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN} ${seenCredentials.SecretAccessKey}`),
        '*** ***',
      );
      assert.equal(fake.sts.sessions.length, 1, 'one AssumeRole served every request');
      assert.equal(fake.sts.sessions[0]?.sessionName, `ecs-local-${TASK_ID}`);
    } finally {
      await endpoints.close();
    }
    const networks = await connection.docker.listNetworks({
      filters: JSON.stringify({ name: [ENDPOINTS_NETWORK] }),
    });
    assert.deepEqual(
      networks.filter((n) => n.Name === ENDPOINTS_NETWORK),
      [],
      'the endpoints network is removed with the last task',
    );
  });

  it('explains a task role whose trust policy does not let the user assume it', async function () {
    const sts = createStsGateway(new STSClient(fakeSdkConfig(fake, 'AKIDLOCALEP')));
    const roleArn = `arn:aws:iam::${fake.accountId}:role/ecs-only`;
    const source = taskRoleCredentials({
      roleArn,
      sessionName: 'ecs-local-x1',
      assumeRole: (r) => sts.assumeRole(r),
    });
    const error = await checkTaskRole(source, roleArn).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TaskRoleUnavailableError);
    assert.equal(error.reason, 'accessDenied');
    assert.match(error.message, /may not assume arn:aws:iam::\d+:role\/ecs-only/);
    assert.match(error.message, /trust policy/);
    assert.match(error.message, /own credentials/);
  });
});
