/**
 * POST /__fake/ecr/images: a fake running in another process (the host tests) is given pushed
 * images without a registry; the REAL ECRClient then lists them, newest push first by `pushedAt`.
 */
import * as assert from 'node:assert/strict';
import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CREDENTIALS, useFake } from './helpers';

describe('fake AWS: ECR images recorded through the admin API', function () {
  const ctx = useFake();
  let ecr: ECRClient;

  before(() => {
    ecr = new ECRClient({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(() => ecr.destroy());

  const post = async (body: unknown) => {
    const response = await fetch(`${ctx.fake.url}/__fake/ecr/images`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('records tagged images with the given push time; DescribeImages lists them', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
    const first = await post({ repository: 'web', tag: 'v1', pushedAt: Date.UTC(2024, 0, 1) });
    const second = await post({
      repository: 'web',
      tag: 'v2',
      sizeBytes: 42,
      pushedAt: Date.UTC(2024, 0, 2),
    });
    assert.equal(first.status, 200);
    assert.match(String(first.body['digest']), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(first.body['digest'], second.body['digest']);

    const listed = await ecr.send(new DescribeImagesCommand({ repositoryName: 'web' }));
    const byTag = new Map((listed.imageDetails ?? []).map((i) => [i.imageTags?.[0], i]));
    assert.equal(byTag.get('v1')?.imagePushedAt?.toISOString(), '2024-01-01T00:00:00.000Z');
    assert.equal(byTag.get('v2')?.imageSizeInBytes, 42);
  });

  it('a missing repository or a bad field is a 400 saying what is wrong', async () => {
    const missing = await post({ repository: 'nope', tag: 'v1' });
    assert.equal(missing.status, 400);
    assert.match(String(missing.body['error']), /repository with name 'nope' does not exist/);
    const badTime = await post({ repository: 'nope', pushedAt: 'yesterday' });
    assert.equal(badTime.status, 400);
    assert.match(String(badTime.body['error']), /pushedAt must be epoch ms/);
  });
});
