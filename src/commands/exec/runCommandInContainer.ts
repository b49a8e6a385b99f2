/**
 * `ecsFargate.runCommandInContainer` (Run Command…): a one-off command in a container through ECS
 * Exec (`env`, `cat /etc/os-release`, a binary of a distroless image), its output in the "ECS Exec"
 * output channel and its exit code reported.
 */
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { explainExecError } from '../../workflows/exec/execErrors';
import { runCommand } from '../../workflows/exec/execSession';
import { UserCancelledError } from '../../ui/errors';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import type { ExecCommandDeps } from './execCommandDeps';
import { resolveExecTarget } from './execTargetPrompts';

let outputChannel: vscode.OutputChannel | undefined;

/** The terminal's line endings and colour codes, out of the plain-text output channel. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n');
}

export function registerRunCommandInContainer(deps: ExecCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.runCommandInContainer',
    'Running the command',
    deps,
    async (node?: ExplorerNode) => {
      const resolved = await resolveExecTarget(deps, node);
      const command = await vscode.window.showInputBox({
        title: `Run a command in ${resolved.label}`,
        prompt: 'The command runs once through ECS Exec; its output goes to the "ECS Exec" output channel.',
        placeHolder: 'env',
        validateInput: (v) => (v.trim() ? undefined : 'Type a command, e.g. cat /etc/os-release'),
      });
      if (command === undefined) throw new UserCancelledError();
      outputChannel ??= vscode.window.createOutputChannel('ECS Exec');
      const out = outputChannel;
      out.show(true);
      out.appendLine(`$ ${command}    # ${resolved.label}`);
      const result = await withCancellableProgress(`ECS Exec: ${command}`, async (_report, signal) => {
        try {
          return await runCommand(
            { ecs: deps.ecs(), kms: deps.kms(), logger: deps.logger, redactor: deps.redactor },
            resolved.target,
            command.trim(),
            signal,
            (text) => out.append(deps.redact(plainText(text))),
          );
        } catch (error) {
          const explained = explainExecError(error, resolved.label);
          throw explained ? new Error(`${explained.message} ${explained.fix}`, { cause: error }) : error;
        }
      });
      const status =
        result.exitCode !== undefined
          ? `exit code ${result.exitCode}`
          : `exit code not reported (${result.closure.message})`;
      out.appendLine(`\n[${status}]`);
      if (result.advice) void vscode.window.showWarningMessage(result.advice);
      else if (result.exitCode !== undefined && result.exitCode !== 0) {
        void vscode.window.showWarningMessage(
          `"${command}" in ${resolved.label} ended with exit code ${result.exitCode}.`,
        );
      }
      return result;
    },
  );
}
