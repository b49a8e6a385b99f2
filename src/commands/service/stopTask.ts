import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { shortTaskId } from '../../explorer/nodes/format';
import { isServiceTask } from '../../explorer/nodes/taskGroupNode';
import { TaskNode } from '../../explorer/nodes/taskNode';
import { pickCluster, pickRunningTask } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export const STOP_REASON = 'Stopped from VS Code (ECS & Fargate)';

/** `ecsFargate.stopTask`: stops a task after a modal confirmation, then follows it until STOPPED. */
export function registerStopTask(deps: ExplorerCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.stopTask', 'Stopping the task', deps, async (node?: ExplorerNode) => {
    const ecs = deps.ecs();
    const cluster = node instanceof TaskNode ? node.clusterName : await pickCluster(ecs);
    const task = node instanceof TaskNode ? node.task : await pickRunningTask(ecs, cluster);
    const id = shortTaskId(task.taskArn);
    const replaced = isServiceTask(task)
      ? `Its service (${task.group?.slice('service:'.length)}) will start a replacement.`
      : 'It is a standalone task: nothing will replace it.';
    const confirm = 'Stop Task';
    const answer = await vscode.window.showWarningMessage(
      `Stop task ${id} in cluster ${cluster}?`,
      {
        modal: true,
        detail: `Its containers get SIGTERM, then SIGKILL after their stop timeout. ${replaced}`,
      },
      confirm,
    );
    if (answer !== confirm) return;
    const stopped = await ecs.stopTask(cluster, task.taskArn ?? '', STOP_REASON);
    vscode.window.setStatusBarMessage(`Stopping task ${id}…`, 5000);
    if (node instanceof TaskNode && stopped) {
      node.update(stopped);
      deps.explorer.fire([node]);
      deps.liveUpdater.track(node);
    }
  });
}
