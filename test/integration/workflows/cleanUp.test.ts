// Clean Up end to end through the real SDK clients against the fake AWS endpoint (ECS, ECR,
// Application Auto Scaling): the plan sees what a tutorial deploy left, the execution deletes what
// was ticked in the safe order, with BatchDeleteImage in calls of at most 100 images.
import * as assert from 'node:assert/strict';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcrGateway, type EcrGateway } from '../../../src/aws/ecrGateway';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { createScalingGateway, ecsResourceId } from '../../../src/aws/scalingGateway';
import { createTaskDefinitionGateway } from '../../../src/aws/taskDefinitionGateway';
import { executeCleanUp, summarizeResults } from '../../../src/workflows/cleanUp/cleanUpExecute';
import { planCleanUp } from '../../../src/workflows/cleanUp/cleanUpPlan';
import type { CleanUpGateways } from '../../../src/workflows/cleanUp/cleanUpTypes';
import type { DeployTarget } from '../../../src/workflows/deploy/deployTarget';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';
import { registerFamily } from '../../fakeAws/templates';
import { fakeSdkConfig } from '../fakeSdkConfig';

const TARGET: DeployTarget = {
  name: 'tutorial',
  dockerfile: 'Dockerfile',
  taskDefinitionFile: '.aws/task-definition.json',
  container: 'hello',
  repository: 'hello',
  cluster: 'tutorial',
  service: 'hello',
  created: { cluster: true, service: true, repository: true },
};

describe('Clean Up against the fake AWS endpoint (real SDK clients)', function () {
  let fake: FakeAws;
  let clock: ManualClock;
  let clients: { ecs: ECSClient; ecr: ECRClient; scaling: ApplicationAutoScalingClient };
  let gateways: CleanUpGateways;
  let ecr: EcrGateway;

  beforeEach(async () => {
    clock = new ManualClock();
    fake = await FakeAws.start({ clock });
    const config = fakeSdkConfig(fake, 'AKIDCLEANUP');
    clients = {
      ecs: new ECSClient(config),
      ecr: new ECRClient(config),
      scaling: new ApplicationAutoScalingClient(config),
    };
    ecr = createEcrGateway(clients.ecr);
    gateways = {
      ecs: createEcsGateway(clients.ecs, { concurrency: () => 4 }),
      taskDefinitions: createTaskDefinitionGateway(clients.ecs),
      ecr,
      scaling: createScalingGateway(clients.scaling, { concurrency: () => 4 }),
    };
    // What the tutorial's deploys left: 130 pushes, 6 revisions, an auto scaled service of 2 tasks.
    fake.ecr.createRepository('hello');
    for (let i = 0; i < 130; i++) {
      clock.advance(60_000);
      fake.ecr.putImage('hello', { tag: `build-${i}` });
    }
    fake.ecs.createCluster('tutorial');
    registerFamily(fake.ecs, 'hello', 6, { tag: (revision) => `build-${123 + revision}` }); // hello:6 runs build-129
    fake.ecs.createService('tutorial', 'hello', { desiredCount: 2, taskDefinition: 'hello:6' });
    fake.autoScaling.registerTarget({
      namespace: 'ecs',
      resourceId: ecsResourceId('tutorial', 'hello'),
      dimension: 'ecs:service:DesiredCount',
      min: 1,
      max: 3,
    });
  });
  afterEach(async () => {
    clients.ecs.destroy();
    clients.ecr.destroy();
    clients.scaling.destroy();
    await fake.close();
  });

  it('plans what is beyond the newest 3 and what the extension created', async () => {
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const count = (kind: string) => plan.items.filter((i) => i.kind === kind).length;
    assert.equal(count('service'), 1);
    assert.equal(count('revision'), 3);
    assert.equal(count('image'), 127);
    assert.equal(count('repository'), 1);
    assert.equal(count('cluster'), 1);
    const images = plan.items.flatMap((i) => (i.kind === 'image' ? i.tags : []));
    assert.equal(images[0], 'build-126', 'newest of the old ones first; build-127..129 are kept');
    const service = plan.items.find((i) => i.kind === 'service');
    assert.ok(service?.kind === 'service' && service.autoScaled && service.createdByExtension);
    const revision = plan.items.find((i) => i.kind === 'revision');
    assert.ok(revision?.createdAt instanceof Date, 'revisions carry their registration time');
  });

  it('deletes everything ticked in the safe order, images ≤100 per call, the cluster once drained', async () => {
    const plan = await planCleanUp(TARGET, gateways, { keep: 0 });
    const progress: string[] = [];
    const results = await executeCleanUp(plan.items, gateways, {
      pollMs: 5_000,
      drainTimeoutMs: 10 * 60_000,
      sleep: (ms) => Promise.resolve(clock.advance(ms)),
      onProgress: (text) => progress.push(text),
    });
    assert.deepEqual(
      results.filter((r) => r.outcome !== 'deleted').map((r) => r.message),
      [],
      'everything was deleted',
    );
    assert.equal(summarizeResults(results), `${1 + 6 + 130 + 1 + 1} deleted`);
    assert.equal(fake.stats.calls('BatchDeleteImage'), 2, '130 images: 100 + 30');
    assert.equal(fake.stats.calls('DeregisterTaskDefinition'), 6);
    assert.equal(fake.stats.calls('DeregisterScalableTarget'), 1);
    assert.equal(fake.stats.calls('DeleteService'), 1);
    assert.equal(fake.stats.calls('DeleteCluster'), 1);
    assert.equal(fake.ecr.repositories.has('hello'), false);
    assert.equal(fake.ecs.clusters.get('tutorial')?.status, 'INACTIVE');
    assert.equal(fake.autoScaling.ecsTarget('tutorial', 'hello'), undefined);
    assert.equal(fake.ecs.taskDefinitions.resolve('hello'), undefined, 'no ACTIVE revision left');
    assert.match(progress[0]!, /^Deleting service hello/);
    assert.match(progress[progress.length - 1]!, /^Deleting cluster tutorial once it is empty/);
  });

  it('keeps the repository (it holds the kept images) and deletes only the ticked old images', async () => {
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const selected = plan.items.filter((i) => i.kind === 'image' || i.kind === 'repository');
    const results = await executeCleanUp(selected, gateways);
    assert.equal((await ecr.listImages('hello')).length, 3);
    const repository = results.find((r) => r.item.kind === 'repository')!;
    assert.equal(repository.outcome, 'skipped');
    assert.match(repository.message, /still holds 3 images/);
    assert.equal(fake.stats.calls('DeleteRepository'), 0);
  });
});

describe('EcrGateway deletes against the fake ECR (real SDK client)', function () {
  let fake: FakeAws;
  let client: ECRClient;
  beforeEach(async () => {
    fake = await FakeAws.start({ clock: new ManualClock() });
    client = new ECRClient(fakeSdkConfig(fake, 'AKIDECR'));
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  it('deleteImages batches by 100 and reports per-image failures', async () => {
    const ecr = createEcrGateway(client);
    fake.ecr.createRepository('app');
    const digests = Array.from({ length: 205 }, (_, i) => fake.ecr.putImage('app', { tag: `t${i}` }).digest);
    const missing = `sha256:${'f'.repeat(64)}`;
    const out = await ecr.deleteImages('app', [...digests, missing]);
    assert.equal(out.deleted.length, 205);
    assert.deepEqual(out.failures, [{ digest: missing, reason: 'ImageNotFound: Requested image not found' }]);
    assert.equal(fake.stats.calls('BatchDeleteImage'), 3);
    assert.equal(fake.ecr.images.get('app')?.length, 0);
  });

  it('deleteRepository refuses a repository with images (RepositoryNotEmptyException), deletes an empty one', async () => {
    const ecr = createEcrGateway(client);
    fake.ecr.createRepository('full');
    fake.ecr.putImage('full', { tag: 'v1' });
    await assert.rejects(ecr.deleteRepository('full'), { name: 'RepositoryNotEmptyException' });
    assert.ok(fake.ecr.repositories.has('full'));
    fake.ecr.createRepository('empty');
    await ecr.deleteRepository('empty');
    assert.equal(await ecr.getRepository('empty'), undefined);
  });
});
