/** The questions "Clean Up" asks: which workspace and target, how many to keep, which items go. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserCancelledError } from '../../ui/errors';
import { describeItem } from '../../workflows/cleanUp/cleanUpText';
import type { CleanUpItem, CleanUpPlan } from '../../workflows/cleanUp/cleanUpTypes';
import { DEFAULT_KEEP } from '../../workflows/cleanUp/cleanUpPlan';
import { readDeployFile } from '../../workflows/deploy/deployFile';
import { DEPLOY_FILE, type DeployTarget } from '../../workflows/deploy/deployTarget';

export interface ChosenTarget {
  readonly root: string;
  readonly target: DeployTarget;
}

export async function pickDeployTarget(): Promise<ChosenTarget> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error(`Open the workspace folder that holds ${DEPLOY_FILE} first.`);
  const withTargets: ChosenTarget[] = [];
  for (const folder of folders) {
    const file = await readDeployFile(folder.uri.fsPath);
    for (const target of file.targets) withTargets.push({ root: folder.uri.fsPath, target });
  }
  if (withTargets.length === 0) {
    throw new Error(`No deploy targets in ${DEPLOY_FILE}: Clean Up works on what "ECS: Deploy" set up.`);
  }
  if (withTargets.length === 1) return withTargets[0]!;
  const chosen = await vscode.window.showQuickPick(
    withTargets.map((t) => ({
      label: t.target.name,
      description: `${t.target.service ?? 'task'} in ${t.target.cluster}`,
      detail: folders.length > 1 ? t.root : undefined,
      value: t,
    })),
    { title: 'Clean Up: which deploy target?' },
  );
  if (!chosen) throw new UserCancelledError();
  return chosen.value;
}

export async function pickKeep(): Promise<number> {
  const options = [DEFAULT_KEEP, 1, 5, 10, 0];
  const chosen = await vscode.window.showQuickPick(
    options.map((n) => ({
      label: n === 0 ? 'Keep none' : `Keep the newest ${n}`,
      description: n === DEFAULT_KEEP ? 'default' : n === 0 ? 'every revision and image may go' : undefined,
      value: n,
    })),
    { title: 'Clean Up: how many task-definition revisions and images to keep?' },
  );
  if (!chosen) throw new UserCancelledError();
  return chosen.value;
}

/** The family in the target's task-definition file (best effort: the service's own comes first). */
export async function familyInFile(root: string, target: DeployTarget): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(root, target.taskDefinitionFile), 'utf8')) as {
      family?: unknown;
    };
    return typeof parsed.family === 'string' ? parsed.family : undefined;
  } catch {
    return undefined;
  }
}

/** Ticks what the extension created, nothing else; returns what the user left ticked. */
export async function pickItems(plan: CleanUpPlan, now: number): Promise<CleanUpItem[]> {
  const items = plan.items.map((item) => ({
    ...describeItem(item, now),
    picked: item.createdByExtension,
    item,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Clean Up ${plan.targetName}: tick what to delete (keeping the newest ${plan.keep})`,
    placeHolder:
      plan.notes.length > 0
        ? plan.notes.join(' ')
        : 'Deleted in this order: service, revisions, images, repository, cluster',
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!chosen) throw new UserCancelledError();
  return chosen.map((c) => c.item);
}
