/**
 * "Triggered by" on the Deployments rows, through the real ConnectionManager, the real SDK clients
 * (ECS and CloudTrail, with the extension's User-Agent) and the gateways, against the fake AWS: a
 * deploy by UpdateService shows its caller; a denied LookupEvents still renders the rows.
 */
import * as assert from 'node:assert/strict';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { createCloudTrailGateway } from '../../../src/aws/cloudTrailGateway';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { createServiceDeploymentsGateway } from '../../../src/aws/serviceDeploymentsGateway';
import { DeploymentsNode } from '../../../src/explorer/nodes/deploymentsNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { iamUser } from '../../fakeAws/cloudtrail/fakeCloudTrail';
import { FakeAws } from '../../fakeAws/server';
import { registerFamily } from '../../fakeAws/templates';
import { connectFakeProfile, type FakeProfileConnection } from '../support/fakeProfileConnection';

const KEY = 'AKIDALICE';

describe('Deployments: "Triggered by" from CloudTrail (real SDK clients, fake AWS)', function () {
  let fake: FakeAws;
  let profile: FakeProfileConnection;
  let ctx: ExplorerContext & { deployments: ReturnType<typeof createServiceDeploymentsGateway> };

  beforeEach(async () => {
    fake = await FakeAws.start();
    profile = await connectFakeProfile({ endpoint: fake.url, accessKeyId: KEY });
    const connections = profile.connections;
    const clients = connections.clients();
    ctx = {
      ecs: createEcsGateway(clients.ecs(), { concurrency: () => 8 }),
      deployments: createServiceDeploymentsGateway(clients.ecs()),
      // No pause between requests: the suite asserts which requests are sent, not their spacing.
      cloudTrail: createCloudTrailGateway(() => clients.cloudTrail(), { pause: () => Promise.resolve() }),
      region: 'us-east-1',
      now: () => Date.now(),
    };
    fake.cloudTrail.identities.set(KEY, iamUser(fake.accountId, 'alice'));
    fake.ecs.createCluster('prod');
    for (const name of ['web', 'api']) {
      registerFamily(fake.ecs, name, 2, { port: 8080 });
      fake.ecs.createService('prod', name, { desiredCount: 1, taskDefinition: `${name}:1` });
    }
  });
  afterEach(async () => {
    profile.close();
    await fake.close();
  });

  const parent = { id: 'prod/web', view: () => ({ label: 'web' }) } as unknown as ExplorerNode;
  const rows = (service: string) => new DeploymentsNode(parent, ctx, 'prod', service).getChildren();
  const triggeredBy = (node: ExplorerNode) =>
    /\*\*Triggered by:\*\* ([^\n]*)/
      .exec(node.view().tooltip ?? '')?.[1]
      ?.trim()
      .replace(/\\(.)/g, '$1'); // the Markdown escapes undone

  async function deployFromTheExtension(service: string) {
    await profile.connections
      .clients()
      .ecs()
      .send(new UpdateServiceCommand({ cluster: 'prod', service, taskDefinition: `${service}:2` }));
  }

  it('a deploy by UpdateService shows who made it (and from where); one LookupEvents for the page', async () => {
    await deployFromTheExtension('web');
    const children = await rows('web');
    assert.ok(children.length >= 2, 'the deploy and the service’s first deployment');
    assert.equal(triggeredBy(children[0]!), 'alice (IAM user) via this extension');
    assert.match(children[0]!.view().description ?? '', /ago/, 'the description stays short');
    assert.doesNotMatch(children[0]!.view().description ?? '', /alice/);
    assert.equal(
      triggeredBy(children.at(-1)!),
      'unknown (no matching CloudTrail event)',
      'the fixture created the service 3 days ago without an API call',
    );
    assert.equal(fake.stats.calls('LookupEvents'), 1);
    await rows('web');
    assert.equal(fake.stats.calls('LookupEvents'), 1, 'a refresh is answered by the cache');
  });

  it('never more than one LookupEvents in flight, even when two services expand at once', async () => {
    await deployFromTheExtension('web');
    await deployFromTheExtension('api');
    const [web, api] = await Promise.all([rows('web'), rows('api')]);
    assert.equal(triggeredBy(web[0]!), 'alice (IAM user) via this extension');
    assert.equal(triggeredBy(api[0]!), 'alice (IAM user) via this extension');
    assert.equal(fake.stats.calls('LookupEvents'), 2);
    assert.equal(fake.stats.peakConcurrency('LookupEvents'), 1);
  });

  it('events without resources: ResourceName finds nothing, the EventName fallback does, and the next service asks EventName straight away', async () => {
    fake.cloudTrail.indexEcsResources = false;
    await deployFromTheExtension('web');
    await deployFromTheExtension('api');
    const web = await rows('web');
    assert.equal(triggeredBy(web[0]!), 'alice (IAM user) via this extension', 'found by the fallback');
    assert.equal(triggeredBy(web.at(-1)!), 'unknown (no matching CloudTrail event)');
    const webArn = `arn:aws:ecs:us-east-1:${fake.accountId}:service/prod/web`;
    assert.deepEqual(fake.cloudTrail.lookups, [
      { key: 'ResourceName', value: webArn },
      { key: 'EventName', value: 'UpdateService' },
      // The first deployment is still unmatched: CreateService may have made it.
      { key: 'EventName', value: 'CreateService' },
    ]);
    await rows('web');
    assert.equal(fake.stats.calls('LookupEvents'), 3, 'a refresh is answered by the cache');
    const api = await rows('api');
    assert.equal(
      triggeredBy(api[0]!),
      'alice (IAM user) via this extension',
      'api’s own UpdateService, not web’s',
    );
    const apiArn = `arn:aws:ecs:us-east-1:${fake.accountId}:service/prod/api`;
    assert.ok(
      !fake.cloudTrail.lookups.some((l) => l?.key === 'ResourceName' && l.value === apiArn),
      'no ResourceName lookup once the connection knows it finds nothing',
    );
    // (api's EventName lookups may be web's, from the cache, when both pages span the same window.)
    assert.ok(fake.cloudTrail.lookups.slice(3).every((l) => l?.key === 'EventName'));
    assert.equal(fake.stats.peakConcurrency('LookupEvents'), 1);
  });

  it('denied: the rows still render and say why the trigger is unknown', async () => {
    await deployFromTheExtension('web');
    fake.faults.denyOperation('LookupEvents');
    const children = await rows('web');
    assert.ok(children.length >= 2);
    assert.equal(children[0]!.view().label, 'web:1 → web:2');
    assert.equal(triggeredBy(children[0]!), 'unknown (no cloudtrail:LookupEvents permission)');
  });
});
