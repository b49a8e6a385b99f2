import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { registerCommand } from '../../ui/runCommand';
import type { CommandDeps } from '../../ui/runCommand';

/** `ecsFargate.openInConsole`: opens the resource's page in the AWS console, in its region. */
export function registerOpenInConsole(deps: CommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.openInConsole',
    'Opening the AWS console',
    deps,
    async (node?: ExplorerNode) => {
      const url = node?.consoleUrl?.();
      if (!url)
        throw new Error(
          'Select a cluster, service or task in the ECS explorer to open it in the AWS console.',
        );
      await vscode.env.openExternal(vscode.Uri.parse(url));
    },
  );
}
