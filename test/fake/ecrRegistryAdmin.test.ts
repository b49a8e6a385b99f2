/**
 * POST /__fake/ecr/registry: a fake running in another process (the host tests) is pointed at a
 * real registry; the REAL ECRClient then gets a token for it, repository URIs on it, and images
 * pushed there. The "registry" here is a small HTTP server that answers manifest HEADs only with
 * the right basic auth, as the Distribution registry of docker-test-env.sh does.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import { CREDENTIALS, useFake } from './helpers';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const PASSWORD = 'registry-password-for-tests';

async function startRegistry(): Promise<{ server: Server; host: string }> {
  const expected = `Basic ${Buffer.from(`AWS:${PASSWORD}`).toString('base64')}`;
  const server = createServer((req, res) => {
    if (req.headers.authorization !== expected) res.writeHead(401).end();
    else if (req.method === 'HEAD' && req.url === '/v2/web/manifests/v1')
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('fake AWS: ECR pointed at a registry through the admin API', function () {
  const ctx = useFake();
  let registry: { server: Server; host: string };
  let ecr: ECRClient;

  before(async () => {
    registry = await startRegistry();
    ecr = new ECRClient({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(() => {
    ecr.destroy();
    registry.server.close();
  });

  const admin = async (method: string, body?: unknown) => {
    const response = await fetch(`${ctx.fake.url}/__fake/ecr/registry`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('hands out a token for the registry, names it in URIs, and learns the images pushed there', async () => {
    const set = await admin('POST', { endpoint: registry.host, user: 'AWS', password: PASSWORD });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, {
      registry: registry.host,
      proxyEndpoint: `http://${registry.host}`,
      user: 'AWS',
    });

    const token = await ecr.send(new GetAuthorizationTokenCommand({}));
    const data = token.authorizationData?.[0];
    assert.equal(data?.proxyEndpoint, `http://${registry.host}`);
    assert.equal(Buffer.from(data?.authorizationToken ?? '', 'base64').toString(), `AWS:${PASSWORD}`);

    const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
    assert.equal(created.repository?.repositoryUri, `${registry.host}/web`);
    const images = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1' }] }),
    );
    assert.equal(images.imageDetails?.[0]?.imageDigest, DIGEST, 'the digest the registry has');
  });

  it('GET shows the registry but never the password; a bad body is a 400 saying what is wrong', async () => {
    await admin('POST', { endpoint: `http://${registry.host}`, password: PASSWORD });
    const shown = await admin('GET');
    assert.equal(shown.status, 200);
    assert.equal(JSON.stringify(shown.body).includes(PASSWORD), false);
    assert.equal(shown.body['user'], 'AWS', 'user defaults to AWS');

    const missing = await admin('POST', { endpoint: registry.host });
    assert.equal(missing.status, 400);
    assert.match(String(missing.body['error']), /password must be a non-empty string/);
    const withPath = await admin('POST', { endpoint: `${registry.host}/v2`, password: 'x' });
    assert.equal(withPath.status, 400);
    assert.match(String(withPath.body['error']), /no path/);
  });
});
