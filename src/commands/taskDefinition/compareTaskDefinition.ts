import * as vscode from 'vscode';
import { parseTaskDefinitionText } from '../../taskdef/normalize';
import { RevisionNode } from '../../taskDefinitions/nodes/revisionNode';
import { pickFamily, pickRevision } from '../../taskDefinitions/pickers';
import {
  currentConnection,
  pickRevisionTarget,
  revisionName,
  targetOfNode,
  type RevisionTarget,
} from '../../taskDefinitions/revisionTarget';
import {
  fileName,
  localUri,
  readLocalText,
  revisionUri,
  type RevisionLocation,
} from '../../taskDefinitions/taskDefinitionDocuments';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionViewCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator } from '../../ui/progress';

const TITLE = 'Compare Task Definition';

interface CompareItem extends vscode.QuickPickItem {
  readonly file?: vscode.Uri;
  readonly browse?: boolean;
  readonly sameFamily?: boolean;
  readonly otherFamily?: boolean;
}

/** A JSON document that names containerDefinitions: a task definition file, probably. */
function looksLikeTaskDefinition(document: vscode.TextDocument): boolean {
  return (
    document.uri.scheme === 'file' &&
    (document.languageId === 'json' || document.languageId === 'jsonc') &&
    document.getText().includes('"containerDefinitions"')
  );
}

/** The file a command run from the palette or the editor title is about: the active JSON editor. */
function activeJsonFile(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document && looksLikeTaskDefinition(document) ? document.uri : undefined;
}

/** Reads and parses the file first, so a broken file is one clear error, not a broken diff. */
async function readTaskDefinitionFile(file: vscode.Uri): Promise<{ family?: string }> {
  const json = parseTaskDefinitionText(await readLocalText(file), fileName(file));
  return { family: typeof json.family === 'string' ? json.family : undefined };
}

async function openDiff(
  deps: TaskDefinitionViewCommandDeps,
  left: RevisionLocation,
  right: RevisionLocation | vscode.Uri,
): Promise<void> {
  // Describe first (cached afterwards), so a failure is a command error, not an empty diff side.
  await withBusyIndicator(`ECS: Reading ${revisionName(left)}…`, () =>
    Promise.all([
      deps.taskDefinitionDocuments.describe(left),
      right instanceof vscode.Uri ? undefined : deps.taskDefinitionDocuments.describe(right),
    ]),
  );
  const rightUri = right instanceof vscode.Uri ? localUri(right) : revisionUri(right, 'normalized');
  const rightName = right instanceof vscode.Uri ? fileName(right) : revisionName(right);
  await vscode.commands.executeCommand(
    'vscode.diff',
    revisionUri(left, 'normalized'),
    rightUri,
    `${revisionName(left)} ↔ ${rightName} (normalized)`,
    { preview: true },
  );
}

/** From a revision: with a local file (open ones offered first), or with another revision. */
async function compareRevision(deps: TaskDefinitionViewCommandDeps, target: RevisionTarget): Promise<void> {
  const name = revisionName(target.location);
  const openFiles: CompareItem[] = vscode.workspace.textDocuments
    .filter(looksLikeTaskDefinition)
    .map((d) => ({
      label: `$(file) ${fileName(d.uri)}`,
      description: vscode.workspace.asRelativePath(d.uri),
      file: d.uri,
    }));
  const items: CompareItem[] = [
    ...openFiles,
    { label: '$(folder-opened) Browse for a Local File…', browse: true },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(versions) Another Revision of ${target.location.family}…`, sameFamily: true },
    { label: '$(symbol-class) A Revision of Another Family…', otherFamily: true },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: ${name}`,
    placeHolder: `Compare ${name} with…`,
  });
  if (!choice) throw new UserCancelledError();

  if (choice.file || choice.browse) {
    let file = choice.file;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        title: `Compare ${name} with a Local File`,
        canSelectMany: false,
        filters: { 'Task definition (JSON)': ['json'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        openLabel: 'Compare',
      });
      file = picked?.[0];
    }
    if (!file) throw new UserCancelledError();
    await readTaskDefinitionFile(file);
    await openDiff(deps, target.location, file);
    return;
  }

  const other = await pickRevisionTarget(deps, `${TITLE}: ${name}`, {
    family: choice.sameFamily ? target.location.family : undefined,
    exclude: choice.sameFamily ? target.location.revision : undefined,
  });
  // Older on the left, newer on the right, as in a history view.
  const [older, newer] =
    other.location.family === target.location.family && other.location.revision > target.location.revision
      ? [target.location, other.location]
      : other.location.family === target.location.family
        ? [other.location, target.location]
        : [target.location, other.location];
  await openDiff(deps, older, newer);
}

/** From a file: pick the family (the file's own first) and the revision; the file goes on the right. */
async function compareFile(deps: TaskDefinitionViewCommandDeps, file: vscode.Uri): Promise<void> {
  const { family: named } = await readTaskDefinitionFile(file);
  const connection = currentConnection(deps);
  const gateway = deps.taskDefinitionDocuments.gatewayFor(connection);
  const title = `${TITLE}: ${fileName(file)}`;
  const family = await pickFamily(gateway, { title, preferred: named });
  const picked = await pickRevision(gateway, family, { title });
  await openDiff(deps, { family: picked.family, revision: picked.revision, ...connection }, file);
}

/**
 * `ecsFargate.compareTaskDefinition`: VS Code's diff editor with both sides normalized the same
 * way (normalizeForCompare: sorted keys and order-free lists, documented defaults written out), so
 * only real differences show. Run on a revision (tree), on a JSON file (explorer or editor title),
 * or from the palette (the active JSON editor, else a picked revision).
 */
export function registerCompareTaskDefinition(deps: TaskDefinitionViewCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.compareTaskDefinition',
    'Comparing task definitions',
    deps,
    async (arg?: unknown) => {
      if (arg instanceof RevisionNode) return compareRevision(deps, targetOfNode(deps, arg));
      const file = arg instanceof vscode.Uri ? arg : activeJsonFile();
      if (file) return compareFile(deps, file);
      return compareRevision(deps, await pickRevisionTarget(deps, TITLE));
    },
  );
}
