/**
 * `ecsFargate.openShell`: an interactive shell in a container (ECS Exec), in a terminal named after
 * the task and container. On a container node; on a task (pick the container); on a service (pick a
 * running task); or from the palette. The command is `ecsFargate.exec.shellCommand` (default /bin/sh).
 */
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { explainExecError } from '../../workflows/exec/execErrors';
import { shellSession, startExecSession } from '../../workflows/exec/execSession';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import type { ExecCommandDeps } from './execCommandDeps';
import { resolveExecTarget } from './execTargetPrompts';
import { shellPseudoterminal } from './shellTerminal';

export function registerOpenShell(deps: ExecCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.openShell', 'Opening a shell', deps, async (node?: ExplorerNode) => {
    const resolved = await resolveExecTarget(deps, node);
    const command = deps.shellCommand().trim() || '/bin/sh';
    const encrypted = resolved.preflight.configuration.kmsKeyId ? ' (KMS-encrypted)' : '';
    const channel = await withCancellableProgress(
      `ECS Exec: opening ${command} in ${resolved.label}${encrypted}`,
      async (_report, signal) => {
        try {
          return await startExecSession(
            { ecs: deps.ecs(), kms: deps.kms(), logger: deps.logger, redactor: deps.redactor },
            resolved.target,
            command,
            signal,
          );
        } catch (error) {
          const explained = explainExecError(error, resolved.label);
          throw explained ? new Error(`${explained.message} ${explained.fix}`, { cause: error }) : error;
        }
      },
    );
    const terminal = vscode.window.createTerminal({
      name: `ECS: ${resolved.label}`,
      pty: shellPseudoterminal(shellSession(channel, deps.logger)),
    });
    terminal.show();
    return terminal;
  });
}
