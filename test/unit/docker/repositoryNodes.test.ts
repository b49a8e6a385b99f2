import * as assert from 'node:assert/strict';
import type { EcrGateway, EcrImage, EcrRepository } from '../../../src/aws/ecrGateway';
import type { EcsGateway } from '../../../src/aws/ecsGateway';
import { formatBuildArgs, parseBuildArgs } from '../../../src/docker/dockerfile';
import { MessageNode } from '../../../src/explorer/nodes/messageNode';
import {
  formatSize,
  ImageNode,
  repositoriesRoot,
  RepositoryContextValues,
  RepositoryNode,
  type RepositoriesContext,
} from '../../../src/repositories/nodes/repositoryNodes';

const NOW = Date.UTC(2026, 0, 27, 12, 0, 0);
const repo: EcrRepository = {
  name: 'team/web',
  arn: 'arn:aws:ecr:us-east-1:123456789012:repository/team/web',
  uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web',
  registryId: '123456789012',
  tagMutability: 'IMMUTABLE',
  scanOnPush: true,
  encryptionType: 'AES256',
};
const digest = `sha256:${'ab'.repeat(32)}`;

function context(images: EcrImage[]): RepositoriesContext {
  const ecr: Partial<EcrGateway> = {
    listRepositories: () => Promise.resolve([repo]),
    listImages: () => Promise.resolve(images),
  };
  return { ecr: ecr as EcrGateway, ecs: {} as EcsGateway, region: 'us-east-1', now: () => NOW };
}

describe('Repositories view nodes', () => {
  it('lists repositories at the top with URI, settings and a stable id', async () => {
    const [node] = await repositoriesRoot.list(context([]));
    assert.ok(node instanceof RepositoryNode);
    const view = node.view();
    assert.equal(view.label, 'team/web');
    assert.equal(view.description, repo.uri);
    assert.equal(view.contextValue, RepositoryContextValues.repository);
    assert.match(view.tooltip ?? '', /Scan on push:\*\* yes/);
    assert.equal(node.id, 'us-east-1/ecr:team/web');
    assert.equal(node.uri, repo.uri);
    assert.equal(node.arn, repo.arn);
  });

  it('shows images with tags, short digest, size, age and scan findings; untagged ones by digest', async () => {
    const node = new RepositoryNode(
      context([
        {
          digest,
          tags: ['v2', 'latest'],
          sizeBytes: 1_985_707,
          pushedAt: new Date(NOW - 3 * 3600 * 1000),
          scanStatus: 'COMPLETE',
          findingCounts: { HIGH: 1, LOW: 7 },
        },
        { digest: `sha256:${'cd'.repeat(32)}`, tags: [], scanStatus: 'IN_PROGRESS' },
      ]),
      repo,
    );
    const [first, second] = await node.getChildren();
    assert.ok(first instanceof ImageNode && second instanceof ImageNode);
    const view = first.view();
    assert.equal(view.label, 'v2, latest');
    assert.equal(view.description, 'abababababab · 2.0 MB · 3h · 1 high, 7 low');
    assert.equal(view.icon?.color, 'list.warningForeground');
    assert.equal(view.contextValue, RepositoryContextValues.image);
    assert.equal(first.uri, `${repo.uri}:v2`);
    assert.equal(second.view().label, '<untagged>');
    assert.equal(second.view().description, 'cdcdcdcdcdcd · scan in progress');
    assert.equal(second.uri, `${repo.uri}@sha256:${'cd'.repeat(32)}`);
  });

  it('an empty repository says how to fill it', async () => {
    const [only] = await new RepositoryNode(context([]), repo).getChildren();
    assert.ok(only instanceof MessageNode);
    assert.match(only.message, /Push Image Here/);
  });

  it('formats sizes in decimal units', () => {
    assert.equal(formatSize(999), '999 B');
    assert.equal(formatSize(1_500), '1.5 kB');
    assert.equal(formatSize(123_456_789), '123 MB');
    assert.equal(formatSize(undefined), undefined);
  });

  it('parses and formats build args (quotes, spaces)', () => {
    assert.deepEqual(parseBuildArgs('A=1 B="two words" C=\'it is\' D= E=x=y'), {
      A: '1',
      B: 'two words',
      C: 'it is',
      D: '',
      E: 'x=y',
    });
    const args = { A: '1', B: 'two words', C: "it's here" };
    assert.deepEqual(parseBuildArgs(formatBuildArgs(args)), args);
  });
});
