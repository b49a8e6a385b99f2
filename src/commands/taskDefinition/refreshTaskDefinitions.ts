import type * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { MessageNode } from '../../explorer/nodes/messageNode';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionViewCommandDeps } from './taskDefinitionCommandDeps';

/**
 * `ecsFargate.refreshTaskDefinitions`: the whole Task Definitions view (view title) or one node:
 * a family re-lists its revisions, a revision is described again; an error node retries its parent.
 */
export function registerRefreshTaskDefinitions(deps: TaskDefinitionViewCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.refreshTaskDefinitions',
    'Refreshing the task definitions',
    deps,
    async (node?: ExplorerNode) => {
      const target = node instanceof MessageNode ? node.parent : node;
      await deps.taskDefinitionsView.refresh(target);
    },
  );
}
