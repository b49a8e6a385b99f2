import type * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { registerCommand } from '../../ui/runCommand';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';
import { steerDeploymentCommand } from './steerDeploymentCommand';

/**
 * `ecsFargate.rollBackDeployment`: rolls a service deployment in progress back (StopServiceDeployment
 * ROLLBACK; at a PAUSE hook awaiting action, ContinueServiceDeployment ROLLBACK with the hook id), after a modal.
 */
export function registerRollBackDeployment(deps: DeploymentCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.rollBackDeployment',
    'Rolling back the service deployment',
    deps,
    (node?: ExplorerNode) => steerDeploymentCommand(deps, node, 'rollBack'),
  );
}
