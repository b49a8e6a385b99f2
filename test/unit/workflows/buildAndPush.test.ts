// The build-and-push job's order and refusals, with an in-memory Docker gateway and ECR (the real
// engine and registry are exercised in test/integration/docker/buildAndPush.test.ts).
import * as assert from 'node:assert/strict';
import type {
  CreateRepositoryOptions,
  EcrGateway,
  EcrRepository,
  RegistryAuthorization,
} from '../../../src/aws/ecrGateway';
import { DockerUnavailableError, PlatformMismatchError } from '../../../src/docker/dockerErrors';
import {
  buildAndPush,
  type BuildAndPushEvent,
  type BuildAndPushRequest,
} from '../../../src/workflows/buildAndPush';
import { FakeDockerGateway } from '../../fakes/fakeDockerGateway';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** The ECR calls buildAndPush makes; the rest of the gateway is not used here. */
type EcrSlice = Pick<EcrGateway, 'getRepository' | 'createRepository' | 'getAuthorization'>;

class FakeEcr implements EcrSlice {
  readonly repositories = new Set<string>();
  readonly calls: string[] = [];
  private repo(name: string): EcrRepository {
    return {
      name,
      arn: `arn:aws:ecr:us-east-1:123456789012:repository/${name}`,
      uri: `${REGISTRY}/${name}`,
      scanOnPush: false,
    };
  }
  getRepository(name: string): Promise<EcrRepository | undefined> {
    this.calls.push(`getRepository ${name}`);
    return Promise.resolve(this.repositories.has(name) ? this.repo(name) : undefined);
  }
  createRepository(name: string, _options?: CreateRepositoryOptions): Promise<EcrRepository> {
    this.calls.push(`createRepository ${name}`);
    this.repositories.add(name);
    return Promise.resolve(this.repo(name));
  }
  getAuthorization(): Promise<RegistryAuthorization> {
    this.calls.push('getAuthorization');
    return Promise.resolve({
      username: 'AWS',
      password: 'secret-token',
      registry: REGISTRY,
      proxyEndpoint: `https://${REGISTRY}`,
      expiresAt: new Date(0),
    });
  }
}

function request(overrides: Partial<BuildAndPushRequest> = {}): BuildAndPushRequest {
  return {
    contextDir: '/work/app',
    dockerfile: '/work/app/Dockerfile',
    repositoryName: 'web',
    tag: 'v1',
    confirmCreateRepository: () => Promise.resolve({}),
    ...overrides,
  };
}

async function run(docker: FakeDockerGateway, ecr: FakeEcr, req = request()) {
  const events: BuildAndPushEvent[] = [];
  const deps = { ecr: ecr as unknown as EcrGateway, docker: () => docker };
  const result = await buildAndPush(deps, req, (e) => events.push(e));
  return { result, phases: events.flatMap((e) => (e.kind === 'phase' ? [e.phase] : [])) };
}

describe('buildAndPush (in-memory Docker gateway)', () => {
  it('connects, builds for linux/amd64, checks the platform, then pushes with the ECR credentials', async () => {
    const docker = new FakeDockerGateway();
    const ecr = new FakeEcr();
    ecr.repositories.add('web');
    const { result, phases } = await run(docker, ecr, request({ alsoLatest: true }));
    assert.deepEqual(phases, ['connect', 'build', 'verify', 'repository', 'auth', 'push', 'done']);
    assert.equal(docker.builds[0]?.platform, 'linux/amd64');
    assert.deepEqual(docker.builds[0]?.tags, ['web:v1']);
    assert.equal(docker.pushes[0]?.repository, `${REGISTRY}/web`);
    assert.deepEqual(docker.pushes[0]?.tags, ['v1', 'latest']);
    assert.deepEqual(docker.pushes[0]?.auth, {
      username: 'AWS',
      password: 'secret-token',
      serveraddress: REGISTRY,
    });
    assert.equal(result.imageUri, `${REGISTRY}/web@${result.digest}`);
    assert.equal(result.createdRepository, false);
  });

  it('refuses an image the daemon built for another platform, before any ECR call', async () => {
    const docker = new FakeDockerGateway();
    docker.builtPlatform = 'linux/arm64';
    const ecr = new FakeEcr();
    await assert.rejects(run(docker, ecr), PlatformMismatchError);
    assert.deepEqual(docker.pushes, []);
    assert.deepEqual(ecr.calls, []);
  });

  it('stops as cancelled when the missing repository is not to be created, and pushes nothing', async () => {
    const docker = new FakeDockerGateway();
    const ecr = new FakeEcr();
    const req = request({ confirmCreateRepository: () => Promise.resolve(undefined) });
    await assert.rejects(run(docker, ecr, req), { name: 'AbortError' });
    assert.deepEqual(ecr.calls, ['getRepository web']);
    assert.deepEqual(docker.pushes, []);
  });

  it('creates the repository when confirmed', async () => {
    const ecr = new FakeEcr();
    const { result } = await run(new FakeDockerGateway(), ecr);
    assert.equal(result.createdRepository, true);
    assert.deepEqual(ecr.calls, ['getRepository web', 'createRepository web', 'getAuthorization']);
  });

  it('names the endpoint when the daemon cannot be reached, and builds nothing', async () => {
    const docker = new FakeDockerGateway();
    docker.unreachable = true;
    await assert.rejects(run(docker, new FakeEcr()), DockerUnavailableError);
    assert.deepEqual(docker.builds, []);
  });
});
