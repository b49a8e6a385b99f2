/**
 * The one place that shows an error to the user: what failed (the step), why, what to do, and a
 * button for the fix (sign in with SSO, pick another profile, open the config). Cancellation is
 * silent. Everything shown or logged has already been through the redacting logger.
 */
import * as vscode from 'vscode';
import { describeAwsError } from '../aws/awsErrors';
import { problemActionCommands, REFRESH_VIEW_COMMANDS } from '../explorer/problemActions';
import type { Logger } from '../shared/logger';

export class UserCancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'UserCancelledError';
  }
  static is(error: unknown): boolean {
    return (
      error instanceof UserCancelledError ||
      error instanceof vscode.CancellationError ||
      (error instanceof Error && error.name === 'AbortError')
    );
  }
}

/** Ends a command quietly: the user dismissed a question (Escape). */
export function userCancelled(): never {
  throw new UserCancelledError();
}

export async function showError(
  error: unknown,
  step: string,
  deps: { logger: Logger; redact: (text: string) => string; retry?: () => Promise<unknown> },
): Promise<void> {
  if (UserCancelledError.is(error)) return;
  const problem = describeAwsError(error, { step, redact: deps.redact });
  deps.logger.error(`${problem.message}${problem.detail ? ` (${problem.detail})` : ''}`, error);
  const action = problem.action;
  const buttons = [action?.title, 'Show Log'].filter((b): b is string => Boolean(b));
  const choice = await vscode.window.showErrorMessage(deps.redact(problem.message), ...buttons);
  if (choice === 'Show Log') {
    await vscode.commands.executeCommand('ecsFargate.showLog');
  } else if (action && choice === action.title) {
    const command = problemActionCommands[action.kind];
    if (command) await vscode.commands.executeCommand(command, action.profile);
    else if (action.kind === 'refresh')
      await Promise.all(REFRESH_VIEW_COMMANDS.map((id) => vscode.commands.executeCommand(id)));
    else if (deps.retry) await deps.retry();
  }
}
