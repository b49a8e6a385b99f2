import type * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { MessageNode } from '../../explorer/nodes/messageNode';
import { registerCommand } from '../../ui/runCommand';
import type { ExplorerCommandDeps } from './explorerCommandDeps';

/** `ecsFargate.refresh`: the whole tree (view title) or one node; on an error node, retries its parent. */
export function registerRefreshExplorer(deps: ExplorerCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.refresh',
    'Refreshing the explorer',
    deps,
    async (node?: ExplorerNode) => {
      const target = node instanceof MessageNode ? node.parent : node;
      await deps.explorer.refresh(target);
    },
  );
}
