import * as vscode from 'vscode';
import { LocalContainerNode, LocalTaskNode } from '../../explorer/nodes/localNodes';
import { UserCancelledError } from '../../ui/errors';
import { withUncancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import type { LocalCommandDeps } from './localCommandDeps';

async function pickRunning(deps: LocalCommandDeps): Promise<string> {
  const running = deps.registry.running();
  if (running.length === 1 && running[0]) return running[0].taskId;
  if (running.length === 0) throw new Error('No local task is running in this window.');
  const picked = await vscode.window.showQuickPick(
    running.map((t) => ({
      label: t.family,
      description: `${t.status} · ${t.taskId.slice(0, 8)}`,
      taskId: t.taskId,
    })),
    { title: 'Stop which local task?' },
  );
  if (!picked) throw new UserCancelledError();
  return picked.taskId;
}

/** `ecsFargate.stopLocalTask`: SIGTERM to each container (dependents first), SIGKILL after its stopTimeout, then removes everything. */
export function registerStopLocalTask(deps: LocalCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.stopLocalTask',
    'Stopping the local task',
    deps,
    async (node?: unknown) => {
      const taskId =
        node instanceof LocalTaskNode || node instanceof LocalContainerNode
          ? node.taskId
          : await pickRunning(deps);
      const handle = deps.registry.handle(taskId);
      if (!handle) return; // already stopped
      await withUncancellableProgress(
        `Stopping local task ${handle.plan.family} (SIGTERM, then stopTimeout)…`,
        () => handle.stop(),
      );
    },
  );
}
