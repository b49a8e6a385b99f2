import * as vscode from 'vscode';
import type { ExplorerNode } from '../explorer/nodes/explorerNode';
import { formatActivity } from '../scaling/scalingConfig';
import { registerCommand } from '../ui/runCommand';
import { scalingSubject } from './configureAutoScaling';
import type { ScalingCommandDeps } from './scalingCommandDeps';

/** How many recent activities are shown (one DescribeScalingActivities page). */
const ACTIVITY_LIMIT = 50;

/**
 * `ecsFargate.showScalingActivity`: the service's recent scaling activities, newest last, with their
 * cause and status, in a read-only output channel (created on first use, disposed with the command).
 */
export function registerShowScalingActivity(deps: ScalingCommandDeps): vscode.Disposable {
  let channel: vscode.OutputChannel | undefined;
  const command = registerCommand(
    'ecsFargate.showScalingActivity',
    'Reading the scaling activity',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, name } = await scalingSubject(deps, node);
      const activities = await deps.scaling().describeActivities(cluster, name, { limit: ACTIVITY_LIMIT });
      channel ??= vscode.window.createOutputChannel('ECS Auto Scaling');
      channel.clear();
      channel.appendLine(`Scaling activity of ${name} in cluster ${cluster} (newest last)`);
      channel.appendLine('');
      if (activities.length === 0) channel.appendLine('No scaling activity in the last six weeks.');
      for (const activity of activities) channel.appendLine(formatActivity(activity));
      channel.show(true);
    },
  );
  return new vscode.Disposable(() => {
    command.dispose();
    channel?.dispose();
  });
}
