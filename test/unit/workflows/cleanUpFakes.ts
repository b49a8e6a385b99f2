/** Small in-memory ECR and auto scaling slices for the clean-up unit tests (they record calls). */
import type { DeletedImages, EcrImage, EcrRepository } from '../../../src/aws/ecrGateway';
import type { CleanUpGateways } from '../../../src/workflows/cleanUp/cleanUpTypes';
import type { DeployTarget } from '../../../src/workflows/deploy/deployTarget';
import { aCluster, aService, NOW } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';
import { FakeTaskDefinitionGateway } from '../../fakes/fakeTaskDefinitionGateway';

type EcrSlice = CleanUpGateways['ecr'];
type ScalingSlice = NonNullable<CleanUpGateways['scaling']>;

export class FakeEcr implements EcrSlice {
  readonly repositories = new Map<string, EcrImage[]>();
  readonly calls: Array<{ method: string; args: unknown[] }> = [];

  addRepository(name: string, images: number): this {
    this.repositories.set(
      name,
      Array.from({ length: images }, (_, i) => ({
        digest: `sha256:${String(i).padStart(64, '0')}`,
        tags: [`v${i}`],
        pushedAt: new Date(NOW - (images - i) * 3_600_000), // the last one is the newest
      })).reverse(),
    );
    return this;
  }

  getRepository(name: string): Promise<EcrRepository | undefined> {
    this.calls.push({ method: 'getRepository', args: [name] });
    return Promise.resolve(
      this.repositories.has(name)
        ? { name, arn: `arn:${name}`, uri: `reg/${name}`, scanOnPush: false }
        : undefined,
    );
  }

  listImages(repository: string): Promise<EcrImage[]> {
    this.calls.push({ method: 'listImages', args: [repository] });
    return Promise.resolve([...(this.repositories.get(repository) ?? [])]);
  }

  deleteImages(repository: string, digests: readonly string[]): Promise<DeletedImages> {
    this.calls.push({ method: 'deleteImages', args: [repository, [...digests]] });
    const images = this.repositories.get(repository) ?? [];
    this.repositories.set(
      repository,
      images.filter((i) => !digests.includes(i.digest)),
    );
    return Promise.resolve({
      deleted: digests.filter((d) => images.some((i) => i.digest === d)),
      failures: [],
    });
  }

  deleteRepository(name: string): Promise<void> {
    this.calls.push({ method: 'deleteRepository', args: [name] });
    this.repositories.delete(name);
    return Promise.resolve();
  }
}

export class FakeScaling implements ScalingSlice {
  readonly scaled = new Set<string>();
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  isAutoScaled(cluster: string, service: string): Promise<boolean> {
    return Promise.resolve(this.scaled.has(`${cluster}/${service}`));
  }
  deregisterTarget(cluster: string, service: string): Promise<void> {
    this.calls.push({ method: 'deregisterTarget', args: [cluster, service] });
    this.scaled.delete(`${cluster}/${service}`);
    return Promise.resolve();
  }
}

export const TARGET: DeployTarget = {
  name: 'tutorial',
  dockerfile: 'Dockerfile',
  taskDefinitionFile: 'taskdef.json',
  container: 'web',
  repository: 'web',
  cluster: 'tutorial',
  service: 'web',
  created: { cluster: true, service: true, repository: true },
};

/** A tutorial cluster with service web (2 tasks, web:7 of 7 revisions) and 6 images. */
export function tutorialAccount() {
  const ecs = new FakeEcsGateway();
  ecs.clusters = [aCluster('tutorial', { activeServicesCount: 1, runningTasksCount: 2 })];
  ecs.services.set('tutorial', [aService('web', { desiredCount: 2, runningCount: 2 }, 'tutorial')]);
  const taskDefinitions = new FakeTaskDefinitionGateway().addFamily('web', 7);
  const ecr = new FakeEcr().addRepository('web', 6);
  const scaling = new FakeScaling();
  const gateways: CleanUpGateways = { ecs, taskDefinitions, ecr, scaling };
  return { ecs, taskDefinitions, ecr, scaling, gateways };
}
