// The AWS connection as the real host shows it: the status-bar item (profile · region, a click opens
// the switch), the switch's quick pick, and a region switch through "Select AWS Region…" that
// re-reads the open Clusters view (VS Code asks the provider again: the fake sees ListClusters).
//
// The status bar is drawn by the workbench, out of the extension host's reach: the host has no API
// to read another extension's item. These tests read the item object the extension created
// (captured when it was created, see helpers.ts) — its text, command and accessibility label are
// what the host hands to the workbench. The UI suite (test/ui) reads the drawn item from the page.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  callsSince,
  capturedStatusBarItem,
  captureStatusBarItems,
  extensionApi,
  fakeAwsUrl,
  fakeStats,
  showExplorerView,
  stub,
  waitFor,
  withStubs,
  type TestApi,
} from './helpers';

// At load time, before any test (activation.test included) runs: see captureStatusBarItems().
captureStatusBarItems();

const ITEM_ID = 'ecsFargate.connection';

/** The connection status-bar item (fails when the extension created none). */
const connectionItem = (): vscode.StatusBarItem => capturedStatusBarItem(ITEM_ID);

const commandId = (command: string | vscode.Command | undefined): string | undefined =>
  typeof command === 'string' ? command : command?.command;

/** The items a stubbed showQuickPick was given (an array or a promise of one). */
async function quickPickItems(args: unknown[]): Promise<vscode.QuickPickItem[]> {
  return (await Promise.resolve(args[0] as vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>)) ?? [];
}

describe('connection (status bar, region switch)', function () {
  let api: TestApi;

  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint and its test credentials
    api = await extensionApi();
    await waitFor('the connection', () => api.connection.current);
  });

  it('the status bar shows the profile and region, and a click switches them', () => {
    const item = connectionItem();
    const current = api.connection.current!;
    assert.deepEqual([current.profile, current.region], ['environment', 'us-east-1']);
    assert.equal(item.text, '$(cloud) environment · us-east-1');
    assert.equal(commandId(item.command), 'ecsFargate.switchConnection');
    assert.equal(item.accessibilityInformation?.label, 'AWS profile environment, region us-east-1');
    assert.equal(item.backgroundColor, undefined, 'no warning background: the credentials are fine');
    console.log(`      status bar: "${item.text}"`);
  });

  it('Switch AWS Profile or Region… offers the current profile and region', async () => {
    const pick = stub(vscode.window, 'showQuickPick', () => Promise.resolve(undefined));
    await withStubs([pick], () => vscode.commands.executeCommand('ecsFargate.switchConnection'));
    assert.equal(pick.calls.length, 1, 'one quick pick');
    const labels = (await quickPickItems(pick.calls[0]!)).map((i) => i.label);
    assert.deepEqual(labels, ['Profile: environment — change…', 'Region: us-east-1 — change…']);
  });

  describe('switching the region', () => {
    before(async () => {
      await showExplorerView(); // a hidden view is never asked again: the refresh would be invisible
      await waitFor('the Clusters view loaded', async () => (await api.explorer.getChildren()).length > 0);
    });

    after(async () => {
      if (api.connection.current?.region !== 'us-east-1') await api.connection.setRegion('us-east-1');
    });

    it('Select AWS Region… switches to eu-west-1: the open tree is read again, the status bar follows', async () => {
      const before = await fakeStats();
      const pick = stub(vscode.window, 'showQuickPick', async (...args: unknown[]) =>
        (await quickPickItems(args)).find((i) => i.label === 'eu-west-1'),
      );
      await withStubs([pick], () => vscode.commands.executeCommand('ecsFargate.selectRegion'));
      const offered = await quickPickItems(pick.calls[0] ?? []);
      assert.ok(
        offered.some((i) => i.label === 'us-east-1' && /current/.test(i.description ?? '')),
        'us-east-1 is offered as the current region',
      );

      assert.equal(api.connection.current?.region, 'eu-west-1');
      assert.equal(api.connection.current?.profile, 'environment', 'the profile stays');
      // The view is open: the switch refreshed it, so VS Code asked for its roots again.
      await waitFor(
        'ListClusters after the switch',
        async () => (await callsSince(before, 'ListClusters')) > 0,
      );
      const roots = await api.explorer.getChildren();
      const ids = roots.map((node) => api.explorer.getTreeItem(node).id ?? '');
      assert.ok(
        ids.length > 0 && ids.every((id) => id.startsWith('eu-west-1/')),
        `nodes of eu-west-1: ${ids.join(', ')}`,
      );

      assert.equal(connectionItem().text, '$(cloud) environment · eu-west-1');
    });

    it('switching back to us-east-1 is seen the same way', async () => {
      const before = await fakeStats();
      await api.connection.setRegion('us-east-1');
      assert.equal(api.connection.current?.region, 'us-east-1');
      await waitFor(
        'ListClusters after switching back',
        async () => (await callsSince(before, 'ListClusters')) > 0,
      );
      assert.equal(connectionItem().text, '$(cloud) environment · us-east-1');
    });
  });
});
