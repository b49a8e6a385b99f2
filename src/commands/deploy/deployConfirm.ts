/**
 * The deploy's two questions: the connection check (a target saved for another profile or region
 * asks before deploying with the current one) and the modal before anything is registered, with
 * the summary and "Show What Will Change" (the diff opens, then the modal asks again). Cancel:
 * nothing is registered.
 */
import * as vscode from 'vscode';
import { showPlannedChange } from '../../ui/deployDiff';
import { UserCancelledError } from '../../ui/errors';
import type { DeployTarget } from '../../workflows/deploy/deployTarget';
import type { PlannedChange } from '../../workflows/deploy/deployTypes';
import type { DeployCommandDeps } from './deployCommandDeps';

export const DEPLOY_BUTTON = 'Deploy';
export const SHOW_CHANGES_BUTTON = 'Show What Will Change';
export const DEPLOY_HERE_BUTTON = 'Deploy with the Current Connection';

/** Asks first when the target was saved with another profile or region than the current one. */
export async function confirmConnection(deps: DeployCommandDeps, target: DeployTarget): Promise<void> {
  const current = deps.connections.current;
  if (!current) return; // the first AWS call says how to sign in
  const otherRegion = target.region !== undefined && target.region !== current.region;
  const otherProfile = target.profile !== undefined && target.profile !== current.profile;
  if (!otherRegion && !otherProfile) return;
  const saved = `profile ${target.profile ?? current.profile} in ${target.region ?? current.region}`;
  const answer = await vscode.window.showWarningMessage(
    `"${target.name}" was saved for ${saved}; you are connected with profile ${current.profile} in ${current.region}.`,
    {
      modal: true,
      detail: `Deploying now builds, pushes and rolls out in ${current.region} with profile ${current.profile}. To deploy where the target was saved, switch the profile or region from the status bar first.`,
    },
    DEPLOY_HERE_BUTTON,
  );
  if (answer !== DEPLOY_HERE_BUTTON) throw new UserCancelledError();
}

/** The lines of the confirmation (exported for tests). */
export function describeChange(change: PlannedChange): { message: string; detail: string } {
  const { target } = change;
  const family = change.rendered.family ?? '';
  const from = change.deployedArn
    ? change.deployedArn.slice(change.deployedArn.lastIndexOf('/') + 1)
    : undefined;
  const where = target.service ? `${target.cluster} / ${target.service}` : target.cluster;
  const lines = [
    `Image: ${change.imageUri} (container ${target.container})`,
    `Task definition: a new revision of ${family}${from ? ` (the service runs ${from})` : ''}`,
  ];
  if (target.runTask) {
    lines.push(
      `Cluster: ${target.cluster}: runs ${target.runTask.count} task${target.runTask.count === 1 ? '' : 's'} (no service)`,
    );
  } else if (change.createsService) {
    const spec = target.createService;
    const lb = spec?.loadBalancer
      ? `, behind target group ${spec.loadBalancer.targetGroupArn.split('/')[1] ?? ''}`
      : '';
    lines.push(`Service: ${where}: creates the service (desired count ${spec?.desiredCount ?? 1}${lb})`);
  } else {
    lines.push(`Service: ${where}: rolls out the new revision`);
  }
  if (change.strategy) lines.push(change.strategy);
  if (change.scaling) {
    lines.push(`Auto scaled ${change.scaling.min}–${change.scaling.max}: desired count left to auto scaling`);
  }
  const to = target.service ?? `${target.cluster} (task)`;
  return { message: `Deploy ${target.name} to ${to}?`, detail: lines.join('\n') };
}

/** The modal before registering; "Show What Will Change" opens the diff and asks again. */
export async function confirmChange(deps: DeployCommandDeps, change: PlannedChange): Promise<boolean> {
  const { message, detail } = describeChange(change);
  for (;;) {
    const answer = await vscode.window.showWarningMessage(
      message,
      { modal: true, detail },
      DEPLOY_BUTTON,
      SHOW_CHANGES_BUTTON,
    );
    if (answer === DEPLOY_BUTTON) return true;
    if (answer !== SHOW_CHANGES_BUTTON) return false;
    await showPlannedChange(deps.planDocuments, change);
  }
}
