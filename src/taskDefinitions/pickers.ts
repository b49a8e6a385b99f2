/**
 * Quick picks for task definition commands run without a tree node: family → revision (ACTIVE
 * newest first, INACTIVE on request). Each lists inside the open pick (ui/pickers.ts
 * pickFromListing: busy while loading, Escape aborts the listing).
 */
import * as vscode from 'vscode';
import { parseTaskDefinitionId, type TaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import { pickFromListing, type PickItem } from '../ui/pickers';

export interface PickedRevision {
  readonly family: string;
  readonly revision: number;
  readonly arn: string;
}

const INACTIVE = Symbol('inactive');

export async function pickFamily(
  gateway: TaskDefinitionGateway,
  options: { readonly title: string; readonly preferred?: string },
): Promise<string> {
  return pickFromListing(
    options.title,
    async (signal): Promise<Array<PickItem<string>>> => {
      const families = await gateway.listFamilies('ACTIVE', signal);
      const preferred =
        options.preferred && families.includes(options.preferred) ? options.preferred : undefined;
      return [
        ...(preferred
          ? [{ label: preferred, description: 'the family named in the file', value: preferred }]
          : []),
        ...families.filter((f) => f !== preferred).map((f) => ({ label: f, value: f })),
      ];
    },
    'No task definitions in this region. Switch the region from the status bar.',
    { placeHolder: 'Task definition family' },
  );
}

export async function pickRevision(
  gateway: TaskDefinitionGateway,
  family: string,
  options: { readonly title: string; readonly exclude?: number; readonly current?: number },
): Promise<PickedRevision> {
  const toItems = (arns: string[], inactive: boolean): Array<PickItem<PickedRevision>> =>
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
  const chosen = await pickFromListing(
    options.title,
    async (signal): Promise<Array<PickItem<PickedRevision | typeof INACTIVE>>> => [
      ...toItems(await gateway.listRevisions(family, 'ACTIVE', signal), false),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(archive) Inactive Revisions…', value: INACTIVE },
    ],
    `${family} has no revisions.`,
    { placeHolder: `Revision of ${family} (newest first)` },
  );
  if (chosen !== INACTIVE) return chosen;
  return pickFromListing(
    options.title,
    async (signal) => toItems(await gateway.listRevisions(family, 'INACTIVE', signal), true),
    `${family} has no other inactive revisions.`,
    { placeHolder: `Inactive revision of ${family} (newest first)` },
  );
}
