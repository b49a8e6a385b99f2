import * as vscode from 'vscode';
import { LineFormatter } from '../../logs/formatLine';
import { TaskRoleUnavailableError } from '../../workflows/local/endpoints/taskCredentials';
import type { LocalTaskSnapshot } from '../../workflows/local/localTask';
import { runLocalTask, type LocalTaskHandle } from '../../workflows/local/runLocalTask';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import type { LocalCommandDeps } from './localCommandDeps';
import {
  confirmSecrets,
  confirmWithoutCredentials,
  localSourceOf,
  offerLeftoverRemoval,
} from './runLocallyPrompts';

function portsLine(task: LocalTaskSnapshot): string {
  return task.containers
    .flatMap((c) => c.ports.map((p) => `${c.name}:${p.containerPort} on http://127.0.0.1:${p.hostPort}`))
    .join(', ');
}

/** Writes the stop report (Run Task's words) to the channel once the task stops, and says so. */
function reportWhenStopped(deps: LocalCommandDeps, handle: LocalTaskHandle): void {
  void handle.stopped.then((task) => {
    const { lines, report } = handle.report();
    const channel = deps.channel();
    for (const line of lines) channel.appendLine(deps.redact(line));
    if (task.stopCode !== 'UserInitiated' && !report.succeeded) {
      void vscode.window
        .showWarningMessage(
          `Local task ${task.family} stopped: ${task.stoppedReason ?? 'no reason given'}`,
          'Show Logs',
        )
        .then((answer) => answer && channel.show(true));
    }
  });
}

/** `ecsFargate.runLocally`: runs a task definition (file, revision, or the active editor) on Docker, as Fargate would. */
export function registerRunLocally(deps: LocalCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.runLocally',
    'Running the task definition locally',
    deps,
    async (arg?: unknown) => {
      const source = await localSourceOf(deps, arg);
      await offerLeftoverRemoval(deps);
      const taskRoleArn =
        typeof source.taskDefinition.taskRoleArn === 'string' ? source.taskDefinition.taskRoleArn : undefined;
      let startEndpoints;
      try {
        startEndpoints = await deps.taskEndpoints(taskRoleArn, true);
      } catch (error) {
        if (!(error instanceof TaskRoleUnavailableError)) throw error;
        await confirmWithoutCredentials(error.message);
        startEndpoints = await deps.taskEndpoints(taskRoleArn, false);
      }
      const channel = deps.channel();
      const formatter = new LineFormatter({ timestamps: deps.settings.timestamps(), showSource: true });
      channel.appendLine(`── Run Locally: ${source.label} on ${deps.docker().description}`);
      channel.show(true);
      const handle = await withCancellableProgress(`Run Locally: ${source.label}`, async (report, signal) => {
        const started = await runLocalTask(
          {
            docker: deps.docker(),
            registryAuth: deps.registryAuth,
            resolveSecrets: deps.resolveSecrets(confirmSecrets, source.baseDir),
            ...(startEndpoints ? { startEndpoints } : {}),
          },
          {
            taskDefinition: source.taskDefinition,
            ...(source.text !== undefined ? { text: source.text } : {}),
            source: source.label,
            ...(source.baseDir ? { baseDir: source.baseDir } : {}),
            ...(source.revision !== undefined ? { revision: source.revision } : {}),
            environmentFileMap: deps.settings.environmentFiles(),
          },
          {
            onTask: (task) => {
              deps.registry.update(task);
              report(task.status);
            },
            onLog: (event) => channel.appendLine(deps.redact(formatter.event(event))),
            onNotice: (level, text) =>
              channel.appendLine(
                deps.redact(
                  formatter.notice({ kind: 'notice', level, text, time: Date.now(), code: 'explain' }),
                ),
              ),
          },
          signal,
        );
        deps.registry.add(started);
        reportWhenStopped(deps, started);
        // Cancelling the notification while the task starts stops it (and removes everything).
        const onAbort = () => void started.stop();
        signal.addEventListener('abort', onAbort, { once: true });
        await started.running;
        signal.removeEventListener('abort', onAbort);
        return started;
      });
      const task = handle.snapshot();
      if (task.status !== 'RUNNING') return;
      const ports = portsLine(task);
      const stop = 'Stop';
      const answer = await vscode.window.showInformationMessage(
        `Local task ${task.family} is RUNNING${ports ? `: ${ports}` : ''}.`,
        ...(ports ? ['Open in Browser'] : []),
        stop,
      );
      if (answer === stop) await handle.stop();
      const first = task.containers.flatMap((c) => c.ports)[0];
      if (answer === 'Open in Browser' && first) {
        await vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${first.hostPort}/`));
      }
    },
  );
}
