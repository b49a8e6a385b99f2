import type * as vscode from 'vscode';
import type { EcsTreeDataProvider } from '../../explorer/ecsTreeDataProvider';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { MessageNode } from '../../explorer/nodes/messageNode';
import { registerCommand, type CommandDeps } from '../../ui/runCommand';

/** `ecsFargate.refreshRepositories`: the whole Repositories view, or one repository's images. */
export function registerRefreshRepositories(
  deps: CommandDeps & { readonly repositoriesView: EcsTreeDataProvider },
): vscode.Disposable {
  return registerCommand(
    'ecsFargate.refreshRepositories',
    'Refreshing the repositories',
    deps,
    async (node?: ExplorerNode) => {
      const target = node instanceof MessageNode ? node.parent : node;
      await deps.repositoriesView.refresh(target);
    },
  );
}
