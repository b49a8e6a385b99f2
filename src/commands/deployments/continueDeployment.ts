import type * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { registerCommand } from '../../ui/runCommand';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';
import { steerDeploymentCommand } from './steerDeploymentCommand';

/** `ecsFargate.continueDeployment`: lets a service deployment paused at a PAUSE hook go on (ContinueServiceDeployment CONTINUE). */
export function registerContinueDeployment(deps: DeploymentCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.continueDeployment',
    'Continuing the service deployment',
    deps,
    (node?: ExplorerNode) => steerDeploymentCommand(deps, node, 'continue'),
  );
}
