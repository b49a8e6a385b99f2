/**
 * The page chain bounds a big listing, so it must never wait behind the describes. Checked by the
 * order the fake saw the requests in (its journal), with the describes held at a gate the test
 * opens: no durations are compared.
 */
import * as assert from 'node:assert/strict';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { buildFleet } from '../../fakeAws/fleet';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';

describe('Listing 2,000 services: the page chain never queues behind describes', function () {
  this.timeout(30_000);
  let fake: FakeAws;
  let client: ECSClient;

  beforeEach(async () => {
    fake = await FakeAws.start();
    client = new ECSClient(fakeSdkConfig(fake, 'AKIDPACE'));
    buildFleet(fake.ecs, { clusters: 1, servicesPerCluster: 2000, tasksPerService: 0 });
  });
  afterEach(async () => {
    fake.faults.clear();
    client.destroy();
    await fake.close();
  });

  it('receives all 20 ListServices requests before the first DescribeServices answer is released', async () => {
    const release = fake.faults.hold('DescribeServices');
    const batches: number[] = [];
    const listing = createEcsGateway(client, { concurrency: () => 8 }).listServices(
      'cluster-01',
      undefined,
      (batch) => batches.push(batch.items.length),
    );
    // Wait (bounded) for the page chain to run to its end while every describe is held.
    for (let i = 0; i < 120 && fake.stats.calls('ListServices') < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(batches.length, 0, 'no describe was answered while the gate was closed');
    release();
    const result = await listing;

    assert.equal(result.items.length, 2000);
    const events = fake.stats.events().filter((e) => e.operation.endsWith('Services'));
    const firstDescribeAnswer = events.findIndex(
      (e) => e.operation === 'DescribeServices' && e.event === 'answered',
    );
    const listsBefore = events
      .slice(0, firstDescribeAnswer)
      .filter((e) => e.operation === 'ListServices' && e.event === 'received').length;
    assert.equal(listsBefore, 20, 'every page was requested before any describe came back');
    assert.equal(fake.stats.peakConcurrency('DescribeServices'), 8, 'describes stay within their limit');
    assert.equal(batches.length, 200, 'each described batch was reported as it arrived');
    assert.equal(
      batches.reduce((a, b) => a + b, 0),
      2000,
    );
  });
});
