/**
 * Quick picks for task definition commands run without a tree node: family → revision (ACTIVE
 * newest first, INACTIVE on request). Each listing runs under a busy indicator.
 */
import * as vscode from 'vscode';
import { parseTaskDefinitionId, type TaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import { UserCancelledError } from '../ui/errors';

export interface PickedRevision {
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
}

interface Item<T> extends vscode.QuickPickItem {
  readonly value?: T;
  readonly inactive?: boolean;
}

async function load<T>(title: string, work: () => Promise<T>): Promise<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `ECS: ${title}…` },
    work,
  );
}

export async function pickFamily(
  gateway: TaskDefinitionGateway,
  options: { readonly title: string; readonly preferred?: string },
): Promise<string> {
  const families = await load('Listing task definition families', () => gateway.listFamilies('ACTIVE'));
  if (families.length === 0)
    throw new Error('No task definitions in this region. Switch the region from the status bar.');
  const preferred = options.preferred && families.includes(options.preferred) ? options.preferred : undefined;
  const items: Array<Item<string>> = [
    ...(preferred
      ? [{ label: preferred, description: 'the family named in the file', value: preferred }]
      : []),
    ...families.filter((f) => f !== preferred).map((f) => ({ label: f, value: f })),
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: 'Task definition family',
  });
  if (!chosen?.value) throw new UserCancelledError();
  return chosen.value;
}

export async function pickRevision(
  gateway: TaskDefinitionGateway,
  family: string,
  options: { readonly title: string; readonly exclude?: number; readonly current?: number },
): Promise<PickedRevision> {
  const toItems = (arns: string[], inactive: boolean): Array<Item<PickedRevision>> =>
    arns.flatMap((arn, i) => {
      const id = parseTaskDefinitionId(arn);
      if (!id || id.revision === options.exclude) return [];
      const marks = [
        inactive ? 'INACTIVE' : i === 0 ? 'latest' : undefined,
        id.revision === options.current ? 'current' : undefined,
      ].filter(Boolean);
      const description = marks.length > 0 ? marks.join(' · ') : undefined;
      return [{ label: `${id.family}:${id.revision}`, description, value: { ...id, arn } }];
    });
  const active = await load(`Listing the revisions of ${family}`, () =>
    gateway.listRevisions(family, 'ACTIVE'),
  );
  const items: Array<Item<PickedRevision>> = [
    ...toItems(active, false),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(archive) Inactive Revisions…', inactive: true },
  ];
  let chosen = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: `Revision of ${family} (newest first)`,
  });
  if (chosen?.inactive) {
    const inactive = await load(`Listing the inactive revisions of ${family}`, () =>
      gateway.listRevisions(family, 'INACTIVE'),
    );
    const inactiveItems = toItems(inactive, true);
    if (inactiveItems.length === 0) throw new Error(`${family} has no other inactive revisions.`);
    chosen = await vscode.window.showQuickPick(inactiveItems, {
      title: options.title,
      placeHolder: `Inactive revision of ${family} (newest first)`,
    });
  }
  if (!chosen?.value) throw new UserCancelledError();
  return chosen.value;
}
