import * as vscode from 'vscode';
import { ImageNode, RepositoryNode } from '../../repositories/nodes/repositoryNodes';
import { registerCommand, type CommandDeps } from '../../ui/runCommand';

/** `ecsFargate.copyImageUri`: a repository's URI, or an image's `uri:tag` (its `@digest` when untagged). */
export function registerCopyImageUri(deps: CommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.copyImageUri', 'Copying the URI', deps, async (node?: unknown) => {
    const uri = node instanceof RepositoryNode || node instanceof ImageNode ? node.uri : undefined;
    if (!uri) throw new Error('Select a repository or an image in the Repositories view to copy its URI.');
    await vscode.env.clipboard.writeText(uri);
    vscode.window.setStatusBarMessage(`Copied ${uri}`, 4000);
  });
}
