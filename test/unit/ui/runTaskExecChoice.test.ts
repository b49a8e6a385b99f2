import { vscodeStub } from '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { pickExecuteCommand } from '../../../src/commands/runTask/runTaskPrompts';

/** Answers the next quick pick with the item `choose` finds, and keeps the items it was shown. */
function answerWith(choose: (items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined) {
  const shown: vscode.QuickPickItem[] = [];
  vscodeStub.quickPickAnswers.push((items) => {
    shown.push(...(items as vscode.QuickPickItem[]));
    return Promise.resolve(choose(shown));
  });
  return shown;
}

describe('Run Task: the ECS Exec choice', () => {
  afterEach(() => vscodeStub.reset());

  it('promises no shell the extension cannot open: it names what can use ECS Exec today', async () => {
    const shown = answerWith((items) => items.find((i) => i.label === 'ECS Exec on'));
    assert.equal(await pickExecuteCommand({}), true);
    const on = shown.find((i) => i.label === 'ECS Exec on');
    assert.match(on?.detail ?? '', /aws ecs execute-command/);
    assert.match(on?.detail ?? '', /cannot open a shell yet/);
    for (const item of shown)
      assert.doesNotMatch(`${item.label} ${item.detail ?? ''}`, /lets you open a shell/i, item.label);
  });

  it('lists the last run’s answer first and answers off by default', async () => {
    const shown = answerWith((items) => items[0]);
    assert.equal(await pickExecuteCommand({}), false);
    assert.equal(shown[0]?.label, 'ECS Exec off');
    const again = answerWith((items) => items[0]);
    assert.equal(await pickExecuteCommand({ enableExecuteCommand: true }), true);
    assert.equal(again[0]?.label, 'ECS Exec on');
  });
});
