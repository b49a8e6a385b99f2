import * as vscode from 'vscode';
import { ClusterNode } from '../../explorer/nodes/clusterNode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { pickCluster } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import { clusterNotEmptyReason, readClusterState } from '../../workflows/cleanUp/deleteServiceSafely';
import type { ServiceCommandDeps } from './serviceCommandDeps';

/**
 * `ecsFargate.deleteCluster`: deletes a cluster only when it is empty (no active services, no
 * running or pending tasks, read afresh from DescribeClusters' statistics), after a modal
 * confirmation. ECS's own refusals (ClusterContainsServicesException…) reach showError as they are.
 */
export function registerDeleteCluster(deps: ServiceCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.deleteCluster',
    'Deleting the cluster',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const clusterNode = node instanceof ClusterNode ? node : undefined;
      const name = clusterNode ? clusterNode.name : await pickCluster(ecs);
      const { cluster, services } = await readClusterState(ecs, name);
      if (!cluster)
        throw new Error(
          `Cluster ${name} no longer exists (or is already deleted). Refresh the Clusters view.`,
        );
      const notEmpty = clusterNotEmptyReason(name, cluster, services);
      if (notEmpty) throw new Error(notEmpty);
      const confirm = 'Delete Cluster';
      const answer = await vscode.window.showWarningMessage(
        `Delete cluster ${name}?`,
        {
          modal: true,
          detail:
            'It has no services and no running or pending tasks. Deleting it cannot be undone; its stopped tasks go with it.',
        },
        confirm,
      );
      if (answer !== confirm) return;
      const deleted = await ecs.deleteCluster(cluster.clusterArn ?? name);
      vscode.window.setStatusBarMessage(`Cluster ${name} deleted`, 5000);
      if (clusterNode) {
        // Shown as INACTIVE until the next refresh drops it: no need to reload the whole tree.
        clusterNode.cluster = deleted ?? { ...clusterNode.cluster, status: 'INACTIVE' };
        deps.explorer.fire([clusterNode]);
      }
    },
  );
}
