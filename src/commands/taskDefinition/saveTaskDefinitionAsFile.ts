import * as os from 'node:os';
import * as vscode from 'vscode';
import { formatJson, toRegisterable } from '../../taskdef/normalize';
import { resolveRevision, revisionName } from '../../taskDefinitions/revisionTarget';
import { fileName } from '../../taskDefinitions/taskDefinitionDocuments';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionViewCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator } from '../../ui/progress';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `<workspace folder>/<family>-task-definition.json`, or the same name in the home folder. */
export function defaultSaveUri(family: string): vscode.Uri {
  const name = `${family}-task-definition.json`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder
    ? vscode.Uri.joinPath(folder, name)
    : vscode.Uri.joinPath(vscode.Uri.file(os.homedir()), name);
}

/**
 * `ecsFargate.saveTaskDefinitionAsFile`: writes a revision as the RegisterTaskDefinition input
 * (output-only fields removed, tags kept), so the file registers as is. An existing file is
 * replaced only after a modal confirmation of our own: code-server's save dialog asks too
 * (simpleFileDialog's "already exists. Are you sure you want to overwrite it?"), but native
 * dialogs differ by platform, and replacing a file is not something to leave to them.
 */
export function registerSaveTaskDefinitionAsFile(deps: TaskDefinitionViewCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.saveTaskDefinitionAsFile',
    'Saving the task definition',
    deps,
    async (node?: unknown) => {
      const target = await resolveRevision(deps, node, 'Save Task Definition as File');
      const name = revisionName(target.location);
      const registered = await withBusyIndicator(`ECS: Reading ${name}…`, () =>
        deps.taskDefinitionDocuments.describe(target.location),
      );
      const text = formatJson(toRegisterable(registered.taskDefinition, registered.tags));
      const uri = await vscode.window.showSaveDialog({
        title: `Save ${name} as a File`,
        defaultUri: defaultSaveUri(target.location.family),
        filters: { 'Task definition (JSON)': ['json'] },
        saveLabel: 'Save',
      });
      if (!uri) return;
      if (await exists(uri)) {
        const replace = 'Replace';
        const answer = await vscode.window.showWarningMessage(
          `${fileName(uri)} already exists. Replace it with ${name}?`,
          { modal: true, detail: `Its current contents will be lost: ${uri.fsPath}` },
          replace,
        );
        if (answer !== replace) return;
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      await vscode.window.showTextDocument(uri, { preview: false });
      vscode.window.setStatusBarMessage(`Saved ${name} to ${fileName(uri)}`, 5000);
    },
  );
}
