/**
 * How a run is told: the "ECS: Run Task" output channel gets the request summary, RunTask's
 * failures[], each task's status and the stopped-task reports; a notification says succeeded,
 * failed or running, with Show Logs and Show Details.
 */
import type { Task } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { lastSegment } from '../../explorer/nodes/format';
import { taskIdOf } from '../../logs/logTargets';
import { formatStoppedTaskReport } from '../../workflows/stoppedTask';
import type { RunTaskChoices } from '../../workflows/runTask/runTaskInput';
import type { RunOutcome } from '../../workflows/runTask/runTaskOutcome';
import { describeNetwork } from '../../workflows/runTask/runTaskNetwork';
import type { ExplainedRunFailure } from '../../workflows/runTask/startTasks';

export const RUN_TASK_CHANNEL = 'ECS: Run Task';

/** The output channel subset used (tests record the lines). */
export interface RunTaskOutput {
  appendLine(line: string): void;
  show(preserveFocus?: boolean): void;
}

export function requestSummary(choices: RunTaskChoices): string {
  const capacity =
    'launchType' in choices.capacity ? 'FARGATE' : `capacity provider ${choices.capacity.capacityProvider}`;
  const overrides = choices.overrides?.containerOverrides?.length
    ? `, overrides for ${choices.overrides.containerOverrides.map((o) => o.name).join(', ')}`
    : '';
  return `Run Task: ${lastSegment(choices.taskDefinition)} on cluster ${choices.cluster}: ${choices.count} × ${capacity}, ${describeNetwork(choices.network)}${choices.enableExecuteCommand ? ', ECS Exec on' : ''}${overrides}`;
}

export function writeStarted(
  out: RunTaskOutput,
  redact: (text: string) => string,
  choices: RunTaskChoices,
  tasks: readonly Task[],
  failures: readonly ExplainedRunFailure[],
): void {
  out.appendLine(`[${new Date().toISOString()}] ${redact(requestSummary(choices))}`);
  for (const t of tasks)
    out.appendLine(`  Started task ${taskIdOf(t.taskArn)} (${t.lastStatus ?? 'PROVISIONING'})`);
  for (const f of failures) out.appendLine(`  ${redact(f.text)}`);
}

export function writeOutcome(
  out: RunTaskOutput,
  redact: (text: string) => string,
  outcome: RunOutcome,
): void {
  for (const t of outcome.running)
    out.appendLine(`  Task ${taskIdOf(t.taskArn)} is ${t.lastStatus ?? 'RUNNING'}.`);
  for (const { report } of outcome.stopped) {
    for (const line of formatStoppedTaskReport(report)) out.appendLine(`  ${redact(line)}`);
  }
}

/** One sentence for the notification. */
export function outcomeMessage(outcome: RunOutcome, cluster: string): string {
  const first = outcome.stopped.find((s) => !s.report.succeeded);
  if (first) {
    const id = taskIdOf(first.task.taskArn);
    const why = first.report.causes[0]?.title ?? first.report.stoppedReason ?? 'no reason given';
    return `Task ${id} stopped: ${why}.`;
  }
  if (outcome.succeeded) {
    const ids = outcome.stopped.map((s) => taskIdOf(s.task.taskArn)).join(', ');
    return `Task ${ids} succeeded: every essential container exited with code 0.`;
  }
  const ids = outcome.running.map((t) => taskIdOf(t.taskArn)).join(', ');
  return `Task ${ids} is RUNNING on cluster ${cluster}.`;
}

/** The notification; not awaited by the command (it stays until the user closes it). */
export function notifyOutcome(
  outcome: RunOutcome,
  cluster: string,
  actions: { showLogs: () => void; showDetails: () => void },
): void {
  const message = outcomeMessage(outcome, cluster);
  const shown = outcome.failed
    ? vscode.window.showErrorMessage(message, 'Show Logs', 'Show Details')
    : vscode.window.showInformationMessage(message, 'Show Logs', 'Show Details');
  void shown.then((choice) => {
    if (choice === 'Show Logs') actions.showLogs();
    else if (choice === 'Show Details') actions.showDetails();
  });
}
