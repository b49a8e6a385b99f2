import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { registerCommand } from '../../ui/runCommand';
import type { CommandDeps } from '../../ui/runCommand';

/** `ecsFargate.copyArn`: copies a cluster's, service's, task's or container's ARN. */
export function registerCopyArn(deps: CommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.copyArn', 'Copying the ARN', deps, async (node?: ExplorerNode) => {
    if (!node?.arn)
      throw new Error('Select a cluster, service, task or container in the ECS explorer to copy its ARN.');
    await vscode.env.clipboard.writeText(node.arn);
    vscode.window.setStatusBarMessage(`Copied ${node.arn}`, 4000);
  });
}
