// Settings changed through VS Code's configuration API take effect without a reload:
// `ecsFargate.maxConcurrentRequests` bounds the requests in flight per ECS action (seen as the fake's
// peak concurrency), and `ecsFargate.taskDefinitionFiles` makes a file that is not named like a task
// definition get the Fargate diagnostics (and lose them again).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, fakeAdminPost, fakeAwsUrl, fakeStats, waitFor, type TestApi } from './helpers';

const SECTION = 'ecsFargate';
const CLUSTER = 'settings-cluster-01';
/** 40 services: DescribeServices takes 10 at a time, so listing them is 4 calls that could overlap. */
const SERVICES = 40;

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(`${SECTION}.${key} = ${JSON.stringify(value)}`, () => {
    const now = vscode.workspace.getConfiguration(SECTION).inspect(key)?.globalValue;
    return JSON.stringify(now) === JSON.stringify(value);
  });
}

describe('settings', function () {
  let api: TestApi;

  before(async function () {
    if (!fakeAwsUrl()) this.skip();
    api = await extensionApi();
  });

  describe('ecsFargate.maxConcurrentRequests', () => {
    before(async () => {
      await fakeAdminPost('/__fake/fleet', {
        clusters: 1,
        servicesPerCluster: SERVICES,
        tasksPerService: 0,
        namePrefix: 'settings-',
      });
      // Slow DescribeServices down so that batches sent together are in flight together.
      await fakeAdminPost('/__fake/faults', { operation: 'DescribeServices', latencyMs: 150 });
    });

    after(async () => {
      await setSetting('maxConcurrentRequests', undefined);
      await fakeAdminPost('/__fake/faults', { operation: 'DescribeServices', latencyMs: 0 });
    });

    /** Expands the cluster through the provider and returns the fake's peak DescribeServices concurrency. */
    async function expandAndMeasure(): Promise<{ peak: number; calls: number; services: number }> {
      const roots = await api.explorer.getChildren();
      const cluster = roots.find((n) => api.explorer.getTreeItem(n).label === CLUSTER);
      assert.ok(cluster, `the cluster ${CLUSTER} is listed`);
      await fakeAdminPost('/__fake/reset', { only: 'stats' });
      const children = await api.explorer.getChildren(cluster);
      const services = children.filter((n) => api.explorer.getTreeItem(n).contextValue === 'ecs.service');
      const stats = await fakeStats();
      const peaks = stats['peakByOperation'] as Record<string, number>;
      return {
        peak: peaks['DescribeServices'] ?? 0,
        calls: stats.byOperation['DescribeServices'] ?? 0,
        services: services.length,
      };
    }

    it('1 sends one DescribeServices at a time', async () => {
      await setSetting('maxConcurrentRequests', 1);
      const { peak, calls, services } = await expandAndMeasure();
      assert.equal(services, SERVICES, 'every service is listed');
      assert.ok(calls >= SERVICES / 10, `at least ${SERVICES / 10} DescribeServices calls (saw ${calls})`);
      assert.equal(peak, 1, 'at most one DescribeServices in flight');
    });

    it('back at the default (10) the same listing overlaps its DescribeServices calls', async () => {
      await setSetting('maxConcurrentRequests', undefined);
      const { peak, services } = await expandAndMeasure();
      assert.equal(services, SERVICES);
      assert.ok(peak > 1, `more than one DescribeServices in flight (peak ${peak})`);
    });
  });

  describe('ecsFargate.taskDefinitionFiles', () => {
    let file: string;
    let uri: vscode.Uri;

    before(() => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder, 'a workspace folder');
      file = path.join(folder, 'deploy', 'web.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Not named like a task definition and without containerDefinitions: not checked by default.
      fs.writeFileSync(
        file,
        JSON.stringify(
          { family: 'web', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '700' },
          null,
          2,
        ),
      );
      uri = vscode.Uri.file(file);
    });

    after(async () => {
      await setSetting('taskDefinitionFiles', undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ECS & Fargate');
    const rules = () =>
      ours().map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));

    it('a glob added to the setting makes the open file checked; removing it clears its problems', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await new Promise((resolve) => setTimeout(resolve, 500)); // a check would have run on open
      assert.deepEqual(rules(), [], 'deploy/web.json is not a task definition by name or content');

      await setSetting('taskDefinitionFiles', ['deploy/**/*.json']);
      const found = await waitFor('the Fargate diagnostics of deploy/web.json', () =>
        rules().includes('fargate-cpu-memory') ? rules() : undefined,
      );
      console.log(`      deploy/web.json: ${found.join(', ')}`);

      await setSetting('taskDefinitionFiles', undefined);
      await waitFor('the diagnostics cleared', () => ours().length === 0);
    });
  });
});
