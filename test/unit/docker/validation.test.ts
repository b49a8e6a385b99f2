import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryNameFrom, repositoryNameProblem } from '../../../src/aws/ecrGateway';
import { basePullHint, fromImage, registryOf } from '../../../src/docker/basePull';
import { buildHint, pushHint } from '../../../src/docker/dockerErrors';
import { normalizePlatform, samePlatform } from '../../../src/docker/imageBuilder';
import { registryHost, tagProblem } from '../../../src/docker/imagePusher';
import { defaultImageTag, resolveRepositoryName } from '../../../src/workflows/buildAndPush';

describe('names, tags and hints', () => {
  it('validates repository names with ECR’s pattern and length', () => {
    for (const ok of ['web', 'team/web-app', 'a.b_c-d/e', 'ab'])
      assert.equal(repositoryNameProblem(ok), undefined, ok);
    for (const bad of ['a', 'Web', 'web/', '/web', 'web--app', 'web..app', 'we b', 'web_', 'x'.repeat(257)]) {
      assert.notEqual(repositoryNameProblem(bad), undefined, bad);
    }
  });

  it('derives a repository name from a folder name', () => {
    assert.equal(repositoryNameFrom('My App'), 'my-app');
    assert.equal(repositoryNameFrom('__Service__.API__'), 'service-api');
    assert.equal(repositoryNameFrom('x'), 'x-app');
    assert.equal(repositoryNameFrom('日本'), undefined);
    assert.equal(resolveRepositoryName({ contextDir: '/src/Shop Front' }), 'shop-front');
    assert.equal(resolveRepositoryName({ contextDir: '/a/b', workspaceFolder: '/ws/Billing' }), 'billing');
    assert.throws(
      () => resolveRepositoryName({ contextDir: '/a', repositoryName: 'Bad Name' }),
      /: Bad Name$/,
    );
  });

  it('validates tags like Docker', () => {
    for (const ok of ['v1', 'abc1234-dirty', '20260127-153000', 'latest', '_x', 'A.b-c_d'])
      assert.equal(tagProblem(ok), undefined, ok);
    for (const bad of ['', '.v1', '-v1', 'a b', 'a:b', 'x'.repeat(129)])
      assert.notEqual(tagProblem(bad), undefined, bad);
  });

  it('strips the scheme from the registry address (serveraddress has none)', () => {
    assert.equal(
      registryHost('https://123456789012.dkr.ecr.us-east-1.amazonaws.com'),
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    );
    assert.equal(registryHost('http://127.0.0.1:5000/'), '127.0.0.1:5000');
    assert.equal(registryHost('127.0.0.1:5000'), '127.0.0.1:5000');
  });

  it('compares platforms with aliases and the arm64 v8 variant', () => {
    assert.deepEqual(normalizePlatform('linux/x86_64'), { os: 'linux', architecture: 'amd64' });
    assert.ok(samePlatform('linux/arm64/v8', 'linux/aarch64'));
    assert.ok(!samePlatform('linux/arm/v7', 'linux/arm/v6'));
    assert.ok(!samePlatform('linux/amd64', 'linux/arm64'));
  });

  it('knows the registry of a base image as Docker does, and which steps pull', () => {
    assert.equal(registryOf('python:3.12-slim'), 'docker.io');
    assert.equal(registryOf('bitnami/redis:7'), 'docker.io');
    assert.equal(registryOf('public.ecr.aws/docker/library/python:3.12'), 'public.ecr.aws');
    assert.equal(registryOf('localhost:5000/app'), 'localhost:5000');
    assert.equal(fromImage('FROM --platform=$BUILDPLATFORM node:20 AS build'), 'node:20');
    assert.equal(fromImage('RUN pip install flask'), undefined);
    const run = { current: 2, total: 3, instruction: 'RUN curl https://example.com' };
    assert.equal(basePullHint('dial tcp: connection refused', run), undefined, 'a RUN that fails is no pull');
    assert.match(
      basePullHint('toomanyrequests: You have reached your pull rate limit.', {
        current: 1,
        total: 1,
        instruction: 'FROM node:20',
      }) ?? '',
      /node:20 could not be pulled from docker\.io \(Docker Hub\): docker\.io refused it: its pull rate limit.*docker login.*public\.ecr\.aws\/docker\/library\/node:20/,
    );
  });

  it('names the likely cause of build and push failures', () => {
    assert.match(buildHint('exec /bin/sh: exec format error') ?? '', /another CPU architecture/);
    assert.match(
      buildHint(
        'COPY failed: file not found in build context or excluded by .dockerignore: stat x: file does not exist',
      ) ?? '',
      /\.dockerignore/,
    );
    assert.match(pushHint('unauthorized: authentication required') ?? '', /rejected the credentials/);
    assert.match(
      pushHint('denied: User: arn:aws:iam::1:user/x is not authorized to perform: ecr:InitiateLayerUpload') ??
        '',
      /not allowed to push/,
    );
    assert.match(
      pushHint("name unknown: The repository with name 'x' does not exist in the registry with id '1'") ?? '',
      /create it first/,
    );
    assert.match(
      pushHint(
        "tag invalid: The image tag 'v1' already exists in the 'web' repository and cannot be overwritten because the repository is immutable.",
      ) ?? '',
      /immutable tags/,
    );
  });

  describe('default tag', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-git-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is a UTC timestamp outside git', async () => {
      assert.equal(
        await defaultImageTag(dir, undefined, () => new Date(Date.UTC(2026, 0, 27, 15, 30, 5))),
        '20260127-153005',
      );
    });

    it('is the short sha in a clean work tree, with -dirty after a change', async () => {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q');
      fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
      git('add', '.');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
      const sha = git('rev-parse', '--short', 'HEAD');
      assert.equal(await defaultImageTag(dir), sha);
      fs.writeFileSync(path.join(dir, 'a.txt'), 'changed');
      assert.equal(await defaultImageTag(dir), `${sha}-dirty`);
    });
  });
});
