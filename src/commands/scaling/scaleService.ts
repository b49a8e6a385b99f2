import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { pickCluster, pickService } from '../../ui/pickers';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import { manualScaleWarning } from '../../scaling/scalingConfig';
import { validateDesiredCount } from './scaleServiceInput';
import type { ScalingCommandDeps } from './scalingCommandDeps';

/** `ecsFargate.scaleService`: sets a service's desired count, then follows the service until it settles. */
export function registerScaleService(deps: ScalingCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.scaleService',
    'Scaling the service',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const cluster = node instanceof ServiceNode ? node.clusterName : await pickCluster(ecs);
      const service = node instanceof ServiceNode ? node.service : await pickService(ecs, cluster);
      const current = service.desiredCount ?? 0;
      // A failed lookup (no application-autoscaling permission…) must not block a manual scale.
      const target = await deps
        .scaling()
        .describeTarget(cluster, service.serviceName ?? '')
        .catch(() => undefined);
      const range = target ? `auto scaled ${target.MinCapacity ?? 0}–${target.MaxCapacity ?? 0}, ` : '';
      const input = await vscode.window.showInputBox({
        title: `Scale ${service.serviceName ?? ''}`,
        prompt: `Desired number of tasks (${range}now ${current}, running ${service.runningCount ?? 0})`,
        value: String(current),
        validateInput: validateDesiredCount,
      });
      if (input === undefined) throw new UserCancelledError();
      const desiredCount = Number(input.trim());
      if (desiredCount === current) return;
      const warning = manualScaleWarning(service.serviceName ?? '', target, desiredCount);
      if (warning) {
        const scale = 'Scale Anyway';
        const answer = await vscode.window.showWarningMessage(warning, { modal: true }, scale);
        if (answer !== scale) throw new UserCancelledError();
      }
      const updated = await ecs.updateService(cluster, service.serviceArn ?? service.serviceName ?? '', {
        desiredCount,
      });
      vscode.window.setStatusBarMessage(`Scaling ${service.serviceName ?? ''} to ${desiredCount}…`, 5000);
      if (node instanceof ServiceNode && updated) {
        node.update(updated);
        deps.explorer.fire([node]);
        deps.liveUpdater.track(node);
      }
    },
  );
}
