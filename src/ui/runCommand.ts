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
  // Retry runs through the same wrapper: a second failure is shown the same way, never thrown at VS Code.
  const run = async (...args: A): Promise<unknown> => {
    try {
      return await handler(...args);
    } catch (error) {
      await showError(error, step, { ...deps, retry: () => run(...args) });
      return undefined;
    }
  };
  return vscode.commands.registerCommand(id, run);
}
