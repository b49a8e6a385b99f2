import * as vscode from 'vscode';
import { LocalContainerNode } from '../../explorer/nodes/localNodes';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import type { LocalCommandDeps } from './localCommandDeps';

/** bash when the image has it, else sh (busybox, alpine); distroless images have neither. */
const SHELL = 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi';

async function pickContainer(deps: LocalCommandDeps): Promise<{ name: string; dockerId: string }> {
  const items = deps.registry
    .running()
    .flatMap((t) =>
      t.containers
        .filter((c) => c.status === 'RUNNING' && c.dockerId)
        .map((c) => ({ label: c.name, description: t.family, name: c.name, dockerId: c.dockerId ?? '' })),
    );
  if (items.length === 0) throw new Error('No local container is running in this window: Run Locally first.');
  if (items.length === 1 && items[0]) return items[0];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Open a shell in which local container?',
  });
  if (!picked) throw new UserCancelledError();
  return picked;
}

/** `ecsFargate.openLocalShell`: `docker exec -it <container> sh` in a VS Code terminal. */
export function registerOpenLocalShell(deps: LocalCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.openLocalShell',
    'Opening a shell in the local container',
    deps,
    async (node?: unknown) => {
      const target =
        node instanceof LocalContainerNode && node.container.dockerId
          ? { name: node.container.name, dockerId: node.container.dockerId }
          : await pickContainer(deps);
      const terminal = vscode.window.createTerminal({
        name: `Local: ${target.name}`,
        shellPath: 'docker',
        shellArgs: ['exec', '-it', target.dockerId, 'sh', '-c', SHELL],
        env: deps.dockerCliEnv(),
      });
      terminal.show();
      return Promise.resolve();
    },
  );
}
