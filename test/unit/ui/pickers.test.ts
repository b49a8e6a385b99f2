import { vscodeStub } from '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import type { Cluster } from '@aws-sdk/client-ecs';
import type { Described } from '../../../src/aws/listAndDescribe';
import { UserCancelledError } from '../../../src/ui/errors';
import { pickCluster, pickFromListing, type PickItem } from '../../../src/ui/pickers';
import { aCluster } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

/** A gateway whose cluster listing hangs until aborted, and remembers the signal it got. */
class SlowListing extends FakeEcsGateway {
  signal: AbortSignal | undefined;
  override listClusters(signal?: AbortSignal): Promise<Described<Cluster>> {
    this.signal = signal;
    return new Promise((_resolve, reject) =>
      signal?.addEventListener('abort', () =>
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
      ),
    );
  }
}

describe('pickers', () => {
  afterEach(() => vscodeStub.reset());

  it('opens the pick while the listing runs; Escape closes it and aborts the listing', async () => {
    const ecs = new SlowListing();
    vscodeStub.quickPickAnswers.push(() => Promise.resolve(undefined)); // dismissed before the list came
    await assert.rejects(pickCluster(ecs), (error: unknown) => error instanceof UserCancelledError);
    assert.equal(ecs.signal?.aborted, true, 'the ListClusters requests were aborted');
  });

  it('returns the chosen cluster from the loaded items', async () => {
    const ecs = new FakeEcsGateway();
    ecs.clusters = [aCluster('staging'), aCluster('production')];
    vscodeStub.quickPickAnswers.push(async (items) => {
      const list = (await items) as Array<{ label: string }>;
      assert.deepEqual(
        list.map((i) => i.label),
        ['production', 'staging'],
        'sorted by name',
      );
      return list[1];
    });
    assert.equal(await pickCluster(ecs), 'staging');
  });

  it('closes the pick and says so when there is nothing to pick', async () => {
    const ecs = new FakeEcsGateway();
    let closed = false;
    vscodeStub.quickPickAnswers.push(async (items, token) => {
      await items;
      closed = token?.isCancellationRequested ?? false;
      return undefined;
    });
    await assert.rejects(pickCluster(ecs), /No clusters in this region/);
    assert.ok(closed, 'the open pick was closed through its token');
  });

  it('a failed listing closes the pick and surfaces the error (not a silent cancel)', async () => {
    const ecs = new FakeEcsGateway().failNext('listClusters', new Error('AccessDenied: ecs:ListClusters'));
    vscodeStub.quickPickAnswers.push(async (items) => {
      await items;
      return undefined;
    });
    await assert.rejects(pickCluster(ecs), /AccessDenied/);
  });

  it('pickFromListing: separators group the items, count as nothing to pick, and are never the answer', async () => {
    const separator = { label: 'Services', kind: -1 } as unknown as PickItem<string>;
    const load = (items: Array<PickItem<string>>) => () => Promise.resolve(items);
    vscodeStub.quickPickAnswers.push(async (items) => {
      await items;
      return undefined;
    });
    await assert.rejects(
      pickFromListing('Logs', load([separator]), 'Nothing to follow.'),
      /Nothing to follow/,
    );
    vscodeStub.quickPickAnswers.push(async (items) => ((await items) as unknown[])[0]); // the separator
    await assert.rejects(
      pickFromListing('Logs', load([separator, { label: 'web', value: 'web' }]), 'Nothing to follow.'),
      (error: unknown) => error instanceof UserCancelledError,
    );
    vscodeStub.quickPickAnswers.push(async (items) => ((await items) as unknown[])[1]);
    assert.equal(
      await pickFromListing('Logs', load([separator, { label: 'web', value: 'web' }]), 'Nothing to follow.'),
      'web',
    );
  });
});
