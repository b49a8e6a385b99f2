// The Task Definitions view and its commands in the real extension host, against the fake AWS
// endpoint: families and revisions through the view's provider, Open (read-only JSON), Compare
// with a local file (VS Code's diff editor, both sides normalized) and Save as File.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { activate, fakeAwsUrl, sleep, stub, waitFor, withStubs } from './helpers';

interface TreeApi {
  taskDefinitions?: vscode.TreeDataProvider<unknown> & { refresh(node?: unknown): Promise<void> };
}

const FAMILY = 'hosttest-web';

async function children(provider: vscode.TreeDataProvider<unknown>, parent?: unknown) {
  const elements = (await provider.getChildren(parent)) ?? [];
  return Promise.all(
    elements.map(async (element) => ({ element, item: await provider.getTreeItem(element) })),
  );
}

const label = (item: vscode.TreeItem) =>
  typeof item.label === 'string' ? item.label : (item.label?.label ?? '');

/** Accepts the active quick pick's selected item once one is showing (the command awaits it). */
async function acceptQuickPick(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await sleep(800);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
}

describe('task definitions view (fake AWS)', function () {
  let provider: NonNullable<TreeApi['taskDefinitions']>;

  before(async function () {
    if (!fakeAwsUrl()) this.skip();
    const api = await activate<TreeApi | undefined>();
    assert.ok(api?.taskDefinitions, 'activate() returns the Task Definitions view provider');
    provider = api.taskDefinitions!;
    const ecs = new ECSClient({ endpoint: fakeAwsUrl() });
    for (let i = 1; i <= 3; i++) {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: FAMILY,
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512',
          containerDefinitions: [{ name: 'web', image: `web:${i}`, portMappings: [{ containerPort: 80 }] }],
          tags: [{ key: 'app', value: 'web' }],
        }),
      );
    }
    ecs.destroy();
    await provider.refresh();
  });

  it('lists the family and its revisions, newest first', async () => {
    const family = await waitFor('the test family', async () =>
      (await children(provider)).find((c) => label(c.item) === FAMILY),
    );
    const revisions = await children(provider, family.element);
    assert.deepEqual(
      revisions.map((r) => label(r.item)),
      [`${FAMILY}:3`, `${FAMILY}:2`, `${FAMILY}:1`, 'Inactive revisions'],
    );
    assert.match(String(revisions[0]!.item.description), /^latest · .*0\.25 vCPU · 512 MiB · FARGATE/);
    assert.equal(revisions[0]!.item.contextValue, 'ecs.taskdef.revision');
    assert.equal(revisions[0]!.item.command?.command, 'ecsFargate.openTaskDefinition');
  });

  it('opens a revision as read-only JSON that registers as is', async () => {
    const family = (await children(provider)).find((c) => label(c.item) === FAMILY)!;
    const latest = (await children(provider, family.element))[0]!;
    await vscode.commands.executeCommand('ecsFargate.openTaskDefinition', latest.element);
    const editor = await waitFor('the revision editor', () =>
      vscode.window.activeTextEditor?.document.uri.scheme === 'ecs-taskdef'
        ? vscode.window.activeTextEditor
        : undefined,
    );
    const json = JSON.parse(editor.document.getText()) as Record<string, unknown>;
    assert.equal(json.family, FAMILY);
    assert.equal('taskDefinitionArn' in json, false);
    assert.equal('revision' in json, false);
    assert.deepEqual(json.tags, [{ key: 'app', value: 'web' }]);
    assert.equal(editor.document.languageId, 'json');
  });

  it('compares a local file with a revision in the diff editor, normalized on both sides', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder');
    const file = path.join(folder, 'hosttest-task-definition.json');
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          containerDefinitions: [{ image: 'web:3', name: 'web', portMappings: [{ containerPort: 80 }] }],
          memory: '512',
          cpu: '.25 vCPU',
          family: FAMILY,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          tags: [{ key: 'app', value: 'web' }],
        },
        null,
        2,
      ),
    );
    // The picks list inside the open quick pick (a promise of items): answer each with its first item,
    // the file's family (offered first), then the latest revision.
    const picks = stub(vscode.window, 'showQuickPick', async (...args: unknown[]) => {
      const items = await (args[0] as Thenable<vscode.QuickPickItem[]>);
      return items.find((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    });
    await withStubs([picks], () =>
      vscode.commands.executeCommand('ecsFargate.compareTaskDefinition', vscode.Uri.file(file)),
    );
    const labels = await Promise.all(
      picks.calls.map(async (call) => (await (call[0] as Thenable<vscode.QuickPickItem[]>))[0]?.label),
    );
    assert.deepEqual(labels, [FAMILY, `${FAMILY}:3`]);
    const tab = await waitFor('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(tab.original.scheme, 'ecs-taskdef');
    assert.equal(tab.modified.scheme, 'ecs-taskdef');
    assert.equal(
      vscode.window.tabGroups.activeTabGroup.activeTab?.label,
      `${FAMILY}:3 ↔ hosttest-task-definition.json (normalized)`,
    );
    const left = (await vscode.workspace.openTextDocument(tab.original)).getText();
    const right = (await vscode.workspace.openTextDocument(tab.modified)).getText();
    assert.equal(right, left, 'the same definition, written differently, compares equal');
  });

  it('saves a revision as a file in the workspace', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(folder, `${FAMILY}-task-definition.json`);
    fs.rmSync(file, { force: true });
    const family = (await children(provider)).find((c) => label(c.item) === FAMILY)!;
    const revision = (await children(provider, family.element))[1]!;
    const done = vscode.commands.executeCommand('ecsFargate.saveTaskDefinitionAsFile', revision.element);
    await acceptQuickPick(1); // the save dialog's default path
    await done;
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.equal(saved.family, FAMILY);
    assert.equal((saved.containerDefinitions as Array<{ image: string }>)[0]!.image, 'web:2');
    assert.equal('status' in saved, false);
  });
});
