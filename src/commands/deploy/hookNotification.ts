/**
 * The notification a deploy shows when the service deployment it follows reaches a PAUSE hook
 * awaiting action: Continue or Roll Back right there (ContinueServiceDeployment with the hook id),
 * or leave it (the deploy keeps following; the Deployments node offers both too). Errors go to the
 * error display like a command's.
 */
import * as vscode from 'vscode';
import type { HookAwaiting } from '../../workflows/deployments/followServiceDeployment';
import { stageWords } from '../../workflows/deployments/deploymentView';
import { showError } from '../../ui/errors';
import type { DeployCommandDeps } from './deployCommandDeps';

export const CONTINUE_BUTTON = 'Continue';
export const ROLL_BACK_BUTTON = 'Roll Back';

export function notifyHookAwaiting(deps: DeployCommandDeps, service: string, hook: HookAwaiting): void {
  const expires = hook.expiresAt ? ` It times out at ${hook.expiresAt.toLocaleTimeString()}.` : '';
  void vscode.window
    .showInformationMessage(
      `The deployment of ${service} is paused (${stageWords(hook.stage) || 'lifecycle hook'}): continue or roll back?${expires}`,
      CONTINUE_BUTTON,
      ROLL_BACK_BUTTON,
    )
    .then(async (answer) => {
      if (answer !== CONTINUE_BUTTON && answer !== ROLL_BACK_BUTTON) return;
      const action = answer === CONTINUE_BUTTON ? 'CONTINUE' : 'ROLLBACK';
      try {
        await deps.deployments().continueServiceDeployment(hook.serviceDeploymentArn, hook.hookId, action);
        deps.channel().appendLine(`  ContinueServiceDeployment ${action} (hook ${hook.hookId}) sent.`);
      } catch (error) {
        await showError(error, `${answer} the paused deployment`, deps);
      }
    });
}
