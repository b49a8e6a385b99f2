import * as vscode from 'vscode';
import { ClusterNode } from '../../explorer/nodes/clusterNode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { pickCluster } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { MetricsCommandDeps } from './metricsCommandDeps';

/** `ecsFargate.enableContainerInsights`: turns Container Insights on for a cluster, after a modal confirm. */
export function registerEnableContainerInsights(deps: MetricsCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.enableContainerInsights',
    'Turning on Container Insights',
    deps,
    async (node?: ExplorerNode) => {
      const cluster = node instanceof ClusterNode ? node.name : await pickCluster(deps.ecs());
      if (node instanceof ClusterNode && node.containerInsights === 'on') {
        void vscode.window.showInformationMessage(`Container Insights is already on for ${cluster}.`);
        return;
      }
      const confirm = 'Turn On';
      const answer = await vscode.window.showWarningMessage(
        `Turn on Container Insights for the cluster ${cluster}?`,
        {
          modal: true,
          detail:
            'ECS then publishes per-task and per-service metrics (running task counts, CPU, memory, network, storage) to CloudWatch. ' +
            'CloudWatch charges for these custom metrics and the performance log events they come from, for every cluster and service, ' +
            'so the cost grows with the size of the cluster. You can turn it off again in the cluster settings.',
        },
        confirm,
      );
      if (answer !== confirm) return;
      const updated = await deps.enableContainerInsights(cluster);
      vscode.window.setStatusBarMessage(`Container Insights turned on for ${cluster}`, 5000);
      if (node instanceof ClusterNode) {
        if (updated?.settings) node.cluster = updated;
        else await node.reload();
        deps.explorer.fire([node]);
      }
    },
  );
}
