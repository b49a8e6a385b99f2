/**
 * Registers a command whose errors all go through showError(), so every command reports failures
 * the same way (and none is lost as an unhandled rejection).
 */
import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { showError } from './errors';

export interface CommandDeps {
  readonly logger: Logger;
  readonly redact: (text: string) => string;
}

export function registerCommand<A extends unknown[]>(
  id: string,
  step: string,
  deps: CommandDeps,
  handler: (...args: A) => Promise<unknown>,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      await showError(error, step, { ...deps, retry: () => handler(...args) });
      return undefined;
    }
  });
}
