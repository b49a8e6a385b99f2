// Every command that package.json declares is registered once the extension is active.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, manifest } from './helpers';

describe('commands', () => {
  it('every command in contributes.commands is registered', async function () {
    const declared = (manifest().contributes?.commands ?? []).map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares commands');
    await activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });
});
