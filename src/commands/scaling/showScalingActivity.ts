import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { formatActivity } from '../../scaling/scalingConfig';
import { ReportChannel } from '../../ui/reportChannel';
import { registerCommand } from '../../ui/runCommand';
import { scalingSubject } from './configureAutoScaling';
import type { ScalingCommandDeps } from './scalingCommandDeps';

/** How many recent activities are shown (one DescribeScalingActivities page). */
const ACTIVITY_LIMIT = 50;

/**
 * `ecsFargate.showScalingActivity`: the service's recent scaling activities, newest last, with their
 * cause and status, in a read-only output channel (created on first use, disposed with the command).
 */
export function registerShowScalingActivity(deps: ScalingCommandDeps): vscode.Disposable {
  const channel = new ReportChannel('ECS Auto Scaling');
  const command = registerCommand(
    'ecsFargate.showScalingActivity',
    'Reading the scaling activity',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, name } = await scalingSubject(deps, node);
      const activities = await deps.scaling().describeActivities(cluster, name, { limit: ACTIVITY_LIMIT });
      channel.show([
        `Scaling activity of ${name} in cluster ${cluster} (newest last)`,
        '',
        ...(activities.length === 0 ? ['No scaling activity in the last six weeks.'] : []),
        ...activities.map((activity) => formatActivity(activity)),
      ]);
    },
  );
  return vscode.Disposable.from(command, channel);
}
