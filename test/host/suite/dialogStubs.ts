// Stubs that answer the editor's dialogs for tests inside the extension host: a modal dialog cannot
// be clicked from the host, and an output channel's text cannot be read back through the API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { stub, type Stub } from './helpers';

/** A modal's answer: showWarningMessage(message, options, ...buttons) resolves to `button`. */
export function answerModal(button: string | undefined): Stub {
  return stub(vscode.window, 'showWarningMessage', (...args: unknown[]) => {
    const options = args[1] as vscode.MessageOptions | undefined;
    assert.equal(options?.modal, true, 'the confirmation is modal');
    return Promise.resolve(button === undefined ? undefined : args.slice(2).find((b) => b === button));
  });
}

/** Replaces createOutputChannel with one that keeps its lines in `lines` (clear() empties them). */
export function captureOutputChannel(lines: string[]): Stub {
  return stub(vscode.window, 'createOutputChannel', () => ({
    clear: () => (lines.length = 0),
    appendLine: (line: string) => lines.push(line),
    show: () => undefined,
    dispose: () => undefined,
  }));
}
