import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { pickCluster, pickService } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

/** `ecsFargate.forceNewDeployment`: replaces every task of a service (e.g. to pick up a re-pushed :latest). */
export function registerForceNewDeployment(deps: ExplorerCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.forceNewDeployment',
    'Starting a new deployment',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const cluster = node instanceof ServiceNode ? node.clusterName : await pickCluster(ecs);
      const service = node instanceof ServiceNode ? node.service : await pickService(ecs, cluster);
      const confirm = 'Force New Deployment';
      const answer = await vscode.window.showWarningMessage(
        `Force a new deployment of ${service.serviceName ?? ''}?`,
        {
          modal: true,
          detail:
            'ECS starts new tasks from the same task definition (pulling the image tag again) and stops the old ones as the new ones become healthy.',
        },
        confirm,
      );
      if (answer !== confirm) return;
      const updated = await ecs.updateService(cluster, service.serviceArn ?? service.serviceName ?? '', {
        forceNewDeployment: true,
      });
      vscode.window.setStatusBarMessage(`New deployment of ${service.serviceName ?? ''} started`, 5000);
      if (node instanceof ServiceNode && updated) {
        node.update(updated);
        deps.explorer.fire([node]);
        deps.liveUpdater.track(node);
      }
    },
  );
}
