import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ReportChannel } from '../../ui/reportChannel';
import { registerCommand } from '../../ui/runCommand';
import { formatDeploymentRecord } from '../../workflows/deployments/deploymentView';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';
import { deploymentSubject } from './deploymentSubject';

/** `ecsFargate.showDeployment`: the whole service-deployment record in the "ECS Deployment" channel. */
export function registerShowDeployment(deps: DeploymentCommandDeps): vscode.Disposable {
  const channel = new ReportChannel('ECS Deployment');
  const command = registerCommand(
    'ecsFargate.showDeployment',
    'Reading the service deployment',
    deps,
    async (node?: ExplorerNode) => {
      const { deployment, names } = await deploymentSubject(deps, node);
      channel.show(formatDeploymentRecord(deployment, names, Date.now()));
    },
  );
  return vscode.Disposable.from(command, channel);
}
