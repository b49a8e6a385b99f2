/**
 * Run Locally end to end with the endpoints and secrets plugged into the real runner, on the real
 * dockerd and the fake AWS: a container reads its task from the metadata endpoint, gets the task
 * role's credentials with the token (a wrong one is refused), and receives its secrets from Secrets
 * Manager and Parameter Store; no secret value appears in the task's logs, the run's notices or the
 * extension's log; the endpoints network is gone after the task stopped.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { createParameterStoreGateway } from '../../../src/aws/parameterStoreGateway';
import { createSecretsManagerGateway } from '../../../src/aws/secretsManagerGateway';
import { createStsGateway } from '../../../src/aws/stsGateway';
import { connectDocker } from '../../../src/docker/dockerClient';
import { dockerGatewayOf } from '../../../src/docker/dockerGateway';
import { nodeEndpointHost, resolveDockerEndpoint } from '../../../src/docker/dockerEndpoint';
import { endpointsNetworkGatewayOf } from '../../../src/docker/endpointsNetworkGateway';
import type { LogEvent } from '../../../src/logs/types';
import { createRedactor } from '../../../src/shared/redact';
import { ENDPOINTS_NETWORK } from '../../../src/workflows/local/endpoints/endpointAddress';
import { localTaskEndpoints } from '../../../src/workflows/local/endpoints/localTaskEndpoints';
import { roleSessionName, taskRoleCredentials } from '../../../src/workflows/local/endpoints/taskCredentials';
import { LOCAL_TASK_LABEL } from '../../../src/workflows/local/localLabels';
import { localSecretsResolver } from '../../../src/workflows/local/secrets/localSecretsResolver';
import { runLocalTask } from '../../../src/workflows/local/runLocalTask';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';
import { requireDockerTestEnv, type DockerTestEnv } from './dockerTestEnv';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Run Locally with task endpoints and secrets (real dockerd, fake AWS)', function () {
  this.timeout(90_000);
  let env: DockerTestEnv;
  let fake: FakeAws;

  before(async function () {
    env = await requireDockerTestEnv(this);
    fake = await FakeAws.start();
  });
  after(async () => {
    await fake?.close();
  });

  it('the container sees its task, its role credentials and its secrets; no secret reaches a log', async () => {
    const password = 'correct-horse-battery-staple';
    const apiUrl = 'https://internal.example/api?key=k3y-5ecret-value';
    const secret = fake.secretsManager.putSecret('web/db', JSON.stringify({ password }));
    fake.ssm.parameters.putParameter('/web/api-url', apiUrl, 'SecureString');
    fake.iam.createRole('web-task', {
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${fake.accountId}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
    const roleArn = `arn:aws:iam::${fake.accountId}:role/web-task`;
    const config = fakeSdkConfig(fake, 'AKIDRUNLOCAL');
    const sts = createStsGateway(new STSClient(config));
    const secretsManager = createSecretsManagerGateway(new SecretsManagerClient(config));
    const parameterStore = createParameterStoreGateway(new SSMClient(config));
    const redact = createRedactor({});
    const extensionLog: string[] = [];
    const logger = {
      debug: (m: string) => extensionLog.push(redact(m)),
      info: (m: string) => extensionLog.push(redact(m)),
      warn: (m: string) => extensionLog.push(redact(m)),
      error: (m: string) => extensionLog.push(redact(m)),
    };
    const confirmed: string[][] = [];
    const connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    const docker = dockerGatewayOf(connection);
    const logs: LogEvent[] = [];
    const notices: string[] = [];

    const taskId = 'feedfacefeedfacefeedfacefeedface';
    const handle = await runLocalTask(
      {
        docker,
        owner: `test-${process.pid}`,
        random: () => 0.999,
        startEndpoints: localTaskEndpoints({
          network: endpointsNetworkGatewayOf(connection, LOCAL_TASK_LABEL),
          region: fake.region,
          credentials: taskRoleCredentials({
            roleArn,
            sessionName: roleSessionName(taskId),
            assumeRole: (r) => sts.assumeRole(r),
            onSecret: (s) => redact.registerSecret(s),
          }),
          onSecret: (s) => redact.registerSecret(s),
          logger,
        }),
        resolveSecrets: localSecretsResolver({
          secretsManager: () => secretsManager,
          parameterStore: () => parameterStore,
          region: fake.region,
          onSecret: (s) => redact.registerSecret(s),
          confirm: (plan) => {
            confirmed.push(plan.fromAws.map((r) => r.name));
            return Promise.resolve(true);
          },
        }),
      },
      {
        source: 'test',
        taskDefinition: {
          family: 'web-endpoints',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          taskRoleArn: roleArn,
          containerDefinitions: [
            {
              name: 'app',
              image: env.baseImage,
              essential: true,
              secrets: [
                { name: 'DB_PASSWORD', valueFrom: `${secret.arn}:password::` },
                { name: 'API_URL', valueFrom: '/web/api-url' },
              ],
              command: [
                'sh',
                '-c',
                [
                  'echo "TASK $(wget -qO- "$ECS_CONTAINER_METADATA_URI_V4/task")"',
                  'echo "CREDS $(wget -qO- --header "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" | grep -o "\\"AccessKeyId\\":\\"[A-Z0-9]*\\"")"',
                  'wget -qO- --header "Authorization: wrong" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" >/dev/null 2>&1; echo "WRONG $?"',
                  'echo "PASSWORD_SHA $(printf %s "$DB_PASSWORD" | sha256sum | cut -d" " -f1)"',
                  'echo "URL_SHA $(printf %s "$API_URL" | sha256sum | cut -d" " -f1)"',
                ].join('; '),
              ],
            },
            {
              name: 'idle',
              image: env.baseImage,
              essential: false,
              command: ['sleep', '30'],
              stopTimeout: 1,
            },
          ],
        },
      },
      { onLog: (e) => logs.push(e), onNotice: (_level, text) => notices.push(text) },
    );
    const stopped = await handle.stopped;
    const text = logs.filter((e) => e.source.container === 'app').map((e) => e.message);
    const line = (prefix: string) =>
      text.find((l) => l.startsWith(`${prefix} `))?.slice(prefix.length + 1) ?? '';

    const task = JSON.parse(line('TASK')) as {
      TaskARN: string;
      Family: string;
      Containers: Array<{ Name: string; DockerId: string }>;
    };
    assert.equal(task.TaskARN, stopped.taskArn);
    assert.equal(task.Family, 'web-endpoints');
    assert.deepEqual(task.Containers.map((c) => c.Name).sort(), ['app', 'idle']);
    assert.equal(
      task.Containers.find((c) => c.Name === 'app')?.DockerId,
      stopped.containers.find((c) => c.name === 'app')?.dockerId,
    );
    assert.equal(line('CREDS'), `"AccessKeyId":"${fake.sts.sessions[0]?.accessKeyId ?? 'none'}"`);
    assert.equal(line('WRONG'), '1');
    assert.equal(line('PASSWORD_SHA'), sha256(password));
    assert.equal(line('URL_SHA'), sha256(apiUrl));
    assert.deepEqual(confirmed, [['DB_PASSWORD', 'API_URL']]);

    const everything = [
      ...logs.map((e) => e.message),
      ...notices,
      ...extensionLog,
      stopped.stoppedReason ?? '',
    ].join('\n');
    for (const value of [password, apiUrl])
      assert.ok(!everything.includes(value), 'a secret value reached a log');
    // The endpoints network goes with the last local task; another run's task (other tests share
    // the engine) keeps it, as another VS Code window's would.
    const networks = await connection.docker.listNetworks({
      filters: JSON.stringify({ name: [ENDPOINTS_NETWORK] }),
    });
    const others = await connection.docker.listContainers({
      filters: JSON.stringify({ label: [LOCAL_TASK_LABEL] }),
    });
    if (others.length === 0) {
      assert.deepEqual(
        networks.filter((n) => n.Name === ENDPOINTS_NETWORK).map((n) => n.Name),
        [],
      );
    }
  });
});
