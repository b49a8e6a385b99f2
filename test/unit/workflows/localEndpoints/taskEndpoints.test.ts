import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { MetadataTask } from '../../../../src/workflows/local/endpoints/metadataTask';
import type { CredentialsSource } from '../../../../src/workflows/local/endpoints/taskCredentials';
import {
  startTaskEndpoints,
  type TaskEndpoints,
} from '../../../../src/workflows/local/endpoints/taskEndpoints';

function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const task: MetadataTask = {
  taskArn: 'arn:aws:ecs:local:000000000000:task/local/abc',
  cluster: 'local',
  family: 'web',
  revision: 1,
  desiredStatus: 'RUNNING',
  knownStatus: 'RUNNING',
  containers: [
    { name: 'app', image: 'web:1', dockerId: 'id-app', knownStatus: 'RUNNING' },
    { name: 'sidecar', image: 'proxy:1', knownStatus: 'PENDING' },
  ],
};

const credentials: CredentialsSource = {
  description: 'test',
  get: () =>
    Promise.resolve({
      accessKeyId: 'ASIATESTTESTTEST',
      secretAccessKey: 'secret-secret-secret',
      sessionToken: 'session-token-123',
      expiration: new Date('2026-12-07T12:00:00Z'),
      roleArn: 'arn:aws:iam::123456789012:role/web-task',
    }),
};

describe('task endpoints server', () => {
  let endpoints: TaskEndpoints;
  const secrets: string[] = [];
  const statsAsked: string[] = [];

  before(async () => {
    endpoints = await startTaskEndpoints({
      task: () => task,
      stats: (id) => {
        statsAsked.push(id);
        return Promise.resolve({ read: '2026-12-07T10:00:00Z', id, memory_stats: { usage: 1 } });
      },
      credentials,
      listen: { host: '127.0.0.1' },
      region: 'eu-west-1',
      onSecret: (s) => secrets.push(s),
    });
  });
  after(() => endpoints.close());

  it('gives each container its own metadata URI, the credentials variables and the region', () => {
    const app = endpoints.envFor('app');
    const sidecar = endpoints.envFor('sidecar');
    assert.match(
      app.ECS_CONTAINER_METADATA_URI_V4 ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/v4\/[0-9a-f]{32}-\d+$/,
    );
    assert.notEqual(app.ECS_CONTAINER_METADATA_URI_V4, sidecar.ECS_CONTAINER_METADATA_URI_V4);
    assert.equal(
      endpoints.envFor('app').ECS_CONTAINER_METADATA_URI_V4,
      app.ECS_CONTAINER_METADATA_URI_V4,
      'stable per container',
    );
    assert.equal(app.AWS_CONTAINER_AUTHORIZATION_TOKEN, sidecar.AWS_CONTAINER_AUTHORIZATION_TOKEN);
    assert.deepEqual(secrets, [app.AWS_CONTAINER_AUTHORIZATION_TOKEN], 'the token is handed to the redactor');
    assert.equal(app.AWS_REGION, 'eu-west-1');
    assert.equal(app.AWS_DEFAULT_REGION, 'eu-west-1');
    assert.equal(app.AWS_EXECUTION_ENV, 'AWS_ECS_FARGATE');
  });

  it('serves /, /task, /stats and /task/stats for the container the URI belongs to', async () => {
    const base = endpoints.envFor('sidecar').ECS_CONTAINER_METADATA_URI_V4 ?? '';
    const self = await get(base);
    assert.equal(self.status, 200);
    assert.equal((JSON.parse(self.body) as { Name: string }).Name, 'sidecar');
    const whole = JSON.parse((await get(`${base}/task`)).body) as { Containers: Array<{ Name: string }> };
    assert.deepEqual(
      whole.Containers.map((c) => c.Name),
      ['app', 'sidecar'],
    );
    // The sidecar has no Docker id yet: no stats of its own; the task's stats list the app's.
    assert.equal((await get(`${base}/stats`)).status, 404);
    const appBase = endpoints.envFor('app').ECS_CONTAINER_METADATA_URI_V4 ?? '';
    assert.deepEqual(JSON.parse((await get(`${appBase}/stats`)).body), {
      read: '2026-12-07T10:00:00Z',
      id: 'id-app',
      memory_stats: { usage: 1 },
    });
    assert.deepEqual(Object.keys(JSON.parse((await get(`${base}/task/stats`)).body) as object), ['id-app']);
  });

  it('answers an unknown container token with 404 and a JSON string, as the agent does', async () => {
    const base = endpoints.envFor('app').ECS_CONTAINER_METADATA_URI_V4 ?? '';
    const wrong = base.replace(/\/v4\/.*$/, '/v4/ffffffffffffffffffffffffffffffff-1');
    const res = await get(`${wrong}/task`);
    assert.equal(res.status, 404);
    assert.match(JSON.parse(res.body) as string, /^V4 task metadata handler: unable to get container ID/);
    assert.equal((await get(base, {}, 'POST')).status, 405);
  });

  it('serves credentials only with the token: missing 401, wrong 403, right 200 in the provider contract', async () => {
    const env = endpoints.envFor('app');
    const url = env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '';
    const missing = await get(url);
    assert.equal(missing.status, 401);
    assert.equal((JSON.parse(missing.body) as { code: string }).code, 'NoAuthorizationToken');
    const wrong = await get(url, { authorization: `${env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? ''}x` });
    assert.equal(wrong.status, 403);
    assert.ok(!wrong.body.includes('ASIA'), 'a refusal carries no credentials');
    const right = await get(url, { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '' });
    assert.equal(right.status, 200);
    assert.deepEqual(JSON.parse(right.body), {
      RoleArn: 'arn:aws:iam::123456789012:role/web-task',
      AccessKeyId: 'ASIATESTTESTTEST',
      SecretAccessKey: 'secret-secret-secret',
      Token: 'session-token-123',
      Expiration: '2026-12-07T12:00:00.000Z',
    });
    assert.equal(
      (
        await get(url.replace(/credentials\/.*$/, 'credentials/other'), {
          authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? '',
        })
      ).status,
      404,
    );
  });

  it('gives no credentials variables when the task has no task role', async () => {
    const bare = await startTaskEndpoints({ task: () => task, listen: { host: '127.0.0.1' } });
    try {
      const env = bare.envFor('app');
      assert.equal('AWS_CONTAINER_CREDENTIALS_FULL_URI' in env, false);
      assert.equal('AWS_CONTAINER_AUTHORIZATION_TOKEN' in env, false);
      assert.equal('AWS_REGION' in env, false);
    } finally {
      await bare.close();
    }
  });

  it('frees its port on close', async () => {
    const server = await startTaskEndpoints({ task: () => task, listen: { host: '127.0.0.1' } });
    const url = server.envFor('app').ECS_CONTAINER_METADATA_URI_V4 ?? '';
    await server.close();
    await assert.rejects(get(url), /ECONNREFUSED/);
  });
});
