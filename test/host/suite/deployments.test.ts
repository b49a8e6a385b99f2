// Service deployments in the real extension host, on the demo fleet's `releases` cluster
// (test/fakeAws/demoReleases.ts): checkout is BLUE_GREEN with a deployment to checkout:5 paused at its
// PAUSE hook (POST_TEST_TRAFFIC_SHIFT). The Clusters tree shows it paused; "Continue" (the modal
// answered by a stub) lets it go on through the production traffic shift into its 10-minute bake,
// which the fake ends at once (POST /__fake/ecs/endBake: the shared fake's clock cannot jump), then
// CLEAN_UP, and the tree shows it SUCCESSFUL.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answerModal } from './dialogStubs';
import {
  assertCommandRegistered,
  callsSince,
  extensionApi,
  fakeAdminPost,
  fakeAwsUrl,
  fakeStats,
  stub,
  treeChildren,
  treeNode,
  waitFor,
  withStubs,
  type TreeNodeInfo,
} from './helpers';

const CLUSTER = 'releases';
const SERVICE = 'checkout';
const LABEL = 'checkout:4 → checkout:5';

/** The checkout:4 → checkout:5 row under releases › checkout › Deployments, read afresh. */
async function checkoutDeployment(): Promise<TreeNodeInfo> {
  const deployments = await treeNode(CLUSTER, SERVICE, 'Deployments');
  const rows = (await treeChildren(deployments)) ?? [];
  const row = rows.find((r) => r.label === LABEL);
  if (!row) throw new Error(`no "${LABEL}" under Deployments: ${rows.map((r) => r.label).join(', ')}`);
  return row;
}

describe('deployments (demo fleet: a blue/green deployment paused at its PAUSE hook)', function () {
  this.timeout(90_000);

  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
    await extensionApi();
    await assertCommandRegistered('ecsFargate.continueDeployment');
  });

  it('shows the paused deployment; Continue takes it through the bake to SUCCESSFUL', async () => {
    const paused = await waitFor('the checkout deployment in the tree', () => checkoutDeployment());
    assert.match(
      paused.description ?? '',
      /^paused \(after the test traffic shift\): waiting for Continue or Roll Back/,
    );
    assert.equal(
      paused.contextValue,
      'ecs.deployment.inProgress.awaiting',
      'Continue is on its context menu',
    );
    assert.equal(paused.collapsible, false);
    const tip = paused.tooltip ?? '';
    assert.match(tip, /\*\*Status:\*\* IN\\_PROGRESS/);
    assert.match(tip, /\*\*Strategy:\*\* BLUE\\_GREEN/);
    assert.match(tip, /\*\*Hook:\*\* PAUSE awaiting action/);

    const before = await fakeStats();
    const modal = answerModal('Continue');
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    await withStubs([modal, errors], () =>
      vscode.commands.executeCommand('ecsFargate.continueDeployment', paused.element),
    );
    assert.deepEqual(
      errors.calls.map((c) => String(c[0])),
      [],
      'no error',
    );
    assert.equal(modal.calls.length, 1, 'one confirmation');
    assert.match(
      String(modal.calls[0]?.[0]),
      /^Continue service deployment \S+ \(checkout:4 → checkout:5\)\?$/,
    );
    assert.equal(await callsSince(before, 'ContinueServiceDeployment'), 1);

    // Production traffic moves in lifecycle steps; then the 10-minute bake, which the fake ends now.
    const baking = await waitFor(
      'the deployment to reach its bake time',
      async () => {
        const row = await checkoutDeployment();
        return /^bake time: \d+ min left of 10/.test(row.description ?? '') ? row : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    assert.equal(baking.contextValue, 'ecs.deployment.inProgress', 'no longer awaiting a hook');
    await fakeAdminPost('/__fake/ecs/endBake', { cluster: CLUSTER, service: SERVICE });

    const done = await waitFor(
      'the deployment to be SUCCESSFUL in the tree',
      async () => {
        const row = await checkoutDeployment();
        return /^successful\b/.test(row.description ?? '') ? row : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    assert.equal(done.contextValue, 'ecs.deployment.done');
    assert.match(done.tooltip ?? '', /\*\*Status:\*\* SUCCESSFUL/);
    assert.doesNotMatch(done.tooltip ?? '', /awaiting action/);

    // The service row now runs checkout:5.
    const service = await treeNode(CLUSTER, SERVICE);
    assert.match(`${service.description ?? ''} ${service.tooltip ?? ''}`, /checkout:5/);
  });
});
