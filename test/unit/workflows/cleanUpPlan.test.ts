import * as assert from 'node:assert/strict';
import { planCleanUp } from '../../../src/workflows/cleanUp/cleanUpPlan';
import { age, countSummary, describeItem } from '../../../src/workflows/cleanUp/cleanUpText';
import { aService, NOW } from '../../fakes/ecsBuilders';
import { TARGET, tutorialAccount } from './cleanUpFakes';

describe('cleanUp plan (what exists for a deploy target, what is beyond the last N)', () => {
  it('lists the service, revisions and images beyond the newest N, the repository and the cluster', async () => {
    const { gateways } = tutorialAccount();
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const ids = plan.items.map((i) => i.kind);
    assert.deepEqual(ids, [
      'service',
      'revision',
      'revision',
      'revision',
      'revision',
      'image',
      'image',
      'image',
      'repository',
      'cluster',
    ]);
    const revisions = plan.items.flatMap((i) => (i.kind === 'revision' ? [i.label] : []));
    assert.deepEqual(revisions, ['web:4', 'web:3', 'web:2', 'web:1'], 'web:7, 6 and 5 are kept');
    const images = plan.items.flatMap((i) => (i.kind === 'image' ? i.tags : []));
    assert.deepEqual(images, ['v2', 'v1', 'v0'], 'the three oldest pushes; v5, v4, v3 are kept');
    assert.deepEqual(plan.notes, []);
  });

  it('ticks only what the extension created', async () => {
    const { gateways } = tutorialAccount();
    const plan = await planCleanUp({ ...TARGET, created: { service: true } }, gateways, { keep: 1 });
    const ticked = plan.items.filter((i) => i.createdByExtension).map((i) => i.kind);
    assert.deepEqual(ticked, ['service']);
    assert.ok(
      !plan.items.some((i) => i.kind === 'cluster' || i.kind === 'repository'),
      'not created by us: not offered',
    );
  });

  it('keep 0 offers every revision and image, and marks the ones in use', async () => {
    const { gateways, taskDefinitions } = tutorialAccount();
    const current = taskDefinitions.revisions.find((r) => r.revision === 7)!;
    current.containerDefinitions![0]!.image = 'reg/web:v5'; // the newest push
    const plan = await planCleanUp(TARGET, gateways, { keep: 0 });
    const revisions = plan.items.flatMap((i) => (i.kind === 'revision' ? [i] : []));
    assert.equal(revisions.length, 7);
    assert.deepEqual(
      revisions.filter((r) => r.inUse).map((r) => r.label),
      ['web:7'],
    );
    const images = plan.items.flatMap((i) => (i.kind === 'image' ? [i] : []));
    assert.equal(images.length, 6);
    assert.deepEqual(
      images.filter((i) => i.inUse).map((i) => i.tags[0]),
      ['v5'],
    );
  });

  it('checks auto scaling, and names other services that keep the cluster', async () => {
    const { gateways, scaling, ecs } = tutorialAccount();
    scaling.scaled.add('tutorial/web');
    ecs.services.get('tutorial')!.push(aService('worker', {}, 'tutorial'));
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const service = plan.items.find((i) => i.kind === 'service');
    assert.ok(service?.kind === 'service' && service.autoScaled && service.desiredCount === 2);
    const cluster = plan.items.find((i) => i.kind === 'cluster');
    assert.ok(cluster?.kind === 'cluster');
    assert.deepEqual(cluster.otherServices, ['worker']);
  });

  it('notes what does not exist, and uses the family from the file without a service', async () => {
    const { gateways, ecs } = tutorialAccount();
    ecs.services.set('tutorial', []);
    const plan = await planCleanUp({ ...TARGET, repository: 'gone' }, gateways, { keep: 5, family: 'web' });
    assert.deepEqual(
      plan.items.map((i) => i.kind),
      ['revision', 'revision', 'cluster'],
    );
    assert.match(
      plan.notes.join(' '),
      /Service web does not exist in tutorial\..*ECR repository gone does not exist\./,
    );
  });

  it('reads items with what they are and their age, and counts them in delete order', async () => {
    const { gateways } = tutorialAccount();
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const image = plan.items.find((i) => i.kind === 'image')!;
    assert.match(describeItem(image, NOW).description, /^image 0{12} · pushed 4 hours ago$/);
    const service = describeItem(plan.items[0]!, NOW);
    assert.match(service.description, /service in tutorial · created by the extension · 3 days ago/);
    assert.equal(service.detail, 'scaled from 2 to 0, then deleted');
    assert.equal(
      countSummary(plan.items),
      '1 service, 4 task-definition revisions, 3 images, 1 repository and 1 cluster',
    );
    assert.equal(countSummary([]), 'nothing');
    assert.equal(age(new Date(NOW - 30_000), NOW), 'just now');
    assert.equal(age(new Date(NOW - 61 * 60_000), NOW), '1 hour ago');
    assert.equal(age(undefined, NOW), 'age unknown');
  });
});
