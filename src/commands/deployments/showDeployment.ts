import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ReportChannel } from '../../ui/reportChannel';
import { registerCommand } from '../../ui/runCommand';
import { lookUpTriggers } from '../../workflows/deployments/deploymentTrigger';
import { formatDeploymentRecord } from '../../workflows/deployments/deploymentView';
import { withBusyIndicator } from '../../ui/progress';
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
      const now = Date.now();
      // Who started it: CloudTrail (cached when the tree already looked); never fails the report.
      const gateway = deps.cloudTrail?.();
      const triggers = gateway
        ? await withBusyIndicator('ECS: Looking up who started the deployment…', () =>
            lookUpTriggers(gateway, [deployment], now),
          )
        : undefined;
      const trigger = deployment.serviceDeploymentArn
        ? triggers?.get(deployment.serviceDeploymentArn)
        : undefined;
      channel.show(formatDeploymentRecord(deployment, names, now, trigger));
    },
  );
  return vscode.Disposable.from(command, channel);
}
