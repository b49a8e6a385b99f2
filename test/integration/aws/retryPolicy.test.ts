/**
 * The retry policy (src/aws/retryPolicy.ts) on the REAL SDK clients our factory builds, against the
 * fake AWS: reads outlast throttling and 5xx, writes keep the SDK's 3 attempts, credentials and
 * permission errors are never retried, and the explorer turns a read that never gets through into
 * its error node. Delays are scaled down (`delayScale`) and the jitter seeded; attempts are counted
 * by the fake, never timed.
 */
import * as assert from 'node:assert/strict';
import {
  ListClustersCommand,
  ListServicesCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { describeAwsError } from '../../../src/aws/awsErrors';
import type { RetryPolicyOptions } from '../../../src/aws/retryPolicy';
import { loadChildren } from '../../../src/explorer/loadChildren';
import { MessageNode } from '../../../src/explorer/nodes/messageNode';
import { buildDemoFleet } from '../../fakeAws/fleet';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';
import { expandAll, explorerAgainst, type ExplorerUnderTest } from '../../support/explorerExpansion';

/** A seeded jitter source, so every run waits the same (tiny, scaled) delays. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 16807) % 2147483647;
    return x / 2147483647;
  };
}

/**
 * Small delays and a brisk rate limiter: outcomes and attempts are what is checked here; the time
 * the SDK's limiter takes to recover is measured in `npm run bench:explorer`.
 */
const FAST: RetryPolicyOptions = { delayScale: 0.005, random: seeded(7), rateLimiter: { minFillRate: 200 } };

interface SdkError {
  readonly name: string;
  readonly $metadata: { attempts?: number };
}

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  assert.fail('expected the call to fail');
}

describe('retry policy: reads outlast throttling, writes keep 3 attempts (real SDK, fake AWS)', function () {
  this.timeout(30_000);
  let fake: FakeAws;
  let explorer: ExplorerUnderTest;
  let ecs: ECSClient;

  function connect(retry: RetryPolicyOptions = FAST) {
    explorer?.factory.destroy();
    explorer = explorerAgainst(fake, { retry, now: () => Date.parse('2026-12-07T10:00:00Z') });
    ecs = explorer.factory.ecs();
  }

  beforeEach(async () => {
    fake = await FakeAws.start({ clock: new ManualClock() });
    fake.ecs.createCluster('prod');
    fake.ecs.createService('prod', 'web', { desiredCount: 1 });
    connect();
  });
  afterEach(async () => {
    explorer.factory.destroy();
    await fake.close();
  });

  it('a read throttled 5 times in a row succeeds on its 6th attempt', async () => {
    fake.faults.inject('ListServices', 'throttle', 5);
    const out = await ecs.send(new ListServicesCommand({ cluster: 'prod' }));
    assert.equal(out.serviceArns?.length, 1);
    assert.equal(fake.stats.calls('ListServices'), 6);
    assert.equal(out.$metadata.attempts, 6);
  });

  it('a read answered HTTP 500 five times succeeds on its 6th attempt', async () => {
    fake.faults.inject('ListClusters', 'serverError', 5);
    const out = await ecs.send(new ListClustersCommand({}));
    assert.equal(out.clusterArns?.length, 1);
    assert.equal(fake.stats.calls('ListClusters'), 6);
  });

  it('a write throttled 5 times fails after the SDK’s 3 attempts', async () => {
    fake.faults.inject('UpdateService', 'throttle', 5);
    const error = await rejection(
      ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 2 })),
    );
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(fake.stats.calls('UpdateService'), 3);
    assert.equal(error.$metadata.attempts, 3);
    assert.equal(fake.ecs.getService('prod', 'web')?.desiredCount, 1, 'the write never went through');
  });

  it('under 100 % throttling a read gives up after 8 attempts with the throttling error', async () => {
    fake.faults.inject('ListServices', 'throttle', Infinity);
    const error = await rejection(ecs.send(new ListServicesCommand({ cluster: 'prod' })));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(fake.stats.calls('ListServices'), 8);
    assert.match(describeAwsError(error).message, /AWS kept throttling the requests after 8 attempts/);
  });

  it('the time budget stops a throttled read before 8 attempts', async () => {
    // Each look at the clock moves it 10 s: attempts start at 0 s, 10 s, 20 s; at 30 s the next
    // delay would end past the 30 s budget.
    let t = 0;
    connect({ ...FAST, now: () => (t += 10_000) - 10_000 });
    fake.faults.inject('ListServices', 'throttle', Infinity);
    const error = await rejection(ecs.send(new ListServicesCommand({ cluster: 'prod' })));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(fake.stats.calls('ListServices'), 3);
  });

  it('expired credentials and access denied are never retried, read or write', async () => {
    fake.faults.denyOperation('ListServices');
    assert.equal(
      (await rejection(ecs.send(new ListServicesCommand({ cluster: 'prod' })))).name,
      'AccessDeniedException',
    );
    assert.equal(fake.stats.calls('ListServices'), 1);
    fake.faults.expireAccessKey('AKIDEXPLORER');
    const expired = await rejection(ecs.send(new ListClustersCommand({})));
    assert.equal(expired.name, 'ExpiredTokenException');
    assert.equal(fake.stats.calls('ListClusters'), 1);
    await rejection(ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 2 })));
    assert.equal(fake.stats.calls('UpdateService'), 1);
  });

  it('under 100 % throttling the explorer shows the error node, after the read’s 8 attempts', async () => {
    const root = await loadChildren(undefined, explorer.deps);
    assert.equal(root.state, 'ready');
    fake.faults.inject('ListServices', 'throttle', Infinity);
    const services = await loadChildren(root.children[0], explorer.deps);
    assert.equal(services.children.length, 1);
    const node = services.children[0];
    assert.ok(node instanceof MessageNode && node.kind === 'error');
    assert.match(node.message, /AWS kept throttling the requests after 8 attempts.*ecs:ListServices/);
    assert.equal(fake.stats.calls('ListServices'), 8);
  });

  // Seeds whose fault sequence throttles some call of the demo expansion 3 times or more in a row
  // (about 40 % of seeds do): the SDK's 3 attempts give an error node there, as the issue reports.
  const HEAVY_SEEDS = [10, 13, 35];

  it('with 20 % throttling and 5 % HTTP 500 on every call, the demo fleet expands to the same tree, no error node', async () => {
    fake.reset();
    buildDemoFleet(fake.ecs, fake.autoScaling, fake.elb);
    const clean = await expandAll(explorer.deps);
    assert.deepEqual(clean.errors, []);
    assert.ok(clean.lines.length > 40, `the demo fleet's tree is complete (${clean.lines.length} nodes)`);
    const cleanCalls = fake.stats.calls();

    let threeAttemptErrors = 0;
    for (const seed of HEAVY_SEEDS) {
      fake.stats.reset();
      fake.faults.setRate({ throttle: 0.2, serverError: 0.05, seed });
      const injectedBefore = fake.faults.injected;
      connect(); // a fresh client: no rate-limiter history from the previous run
      const faulty = await expandAll(explorer.deps);
      const injected = fake.faults.injected - injectedBefore;
      assert.deepEqual(faulty.errors, [], `seed ${seed}`);
      assert.deepEqual(faulty.lines, clean.lines, `seed ${seed}`);
      assert.ok(injected >= 5, `faults were injected (${injected})`);
      assert.equal(fake.stats.calls(), cleanCalls + injected, 'each fault cost one retry');

      // The control: the same faults with reads limited to the SDK's 3 attempts.
      fake.faults.setRate({ throttle: 0.2, serverError: 0.05, seed });
      connect({ ...FAST, readMaxAttempts: 3 });
      threeAttemptErrors += (await expandAll(explorer.deps)).errors.length;
    }
    assert.ok(threeAttemptErrors > 0, 'with 3 attempts this fault load leaves error nodes');
  });
});
