/**
 * The end of a run, per task: RUNNING (a server, or a job still working), or STOPPED with the
 * stopped-task report (a job's exit code as success or failure, or the explained failure). The
 * evidence comes from the revision (which containers are essential, the CPU architecture) and,
 * when given, the task's last log lines (to spot "exec format error"). Editor-free.
 */
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { explainStoppedTask, type StoppedTaskEvidence, type StoppedTaskReport } from '../stoppedTask';

export function evidenceOf(
  definition: TaskDefinition | undefined,
  logLines?: readonly string[],
): StoppedTaskEvidence {
  const containers = definition?.containerDefinitions ?? [];
  return {
    ...(logLines ? { logLines } : {}),
    ...(containers.length > 0
      ? { essentialContainers: containers.filter((c) => c.essential !== false).map((c) => c.name ?? '') }
      : {}),
    cpuArchitecture: definition?.runtimePlatform?.cpuArchitecture ?? 'X86_64',
  };
}

export interface RunOutcome {
  readonly running: readonly Task[];
  readonly stopped: ReadonlyArray<{ readonly task: Task; readonly report: StoppedTaskReport }>;
  /** Every task stopped and every one succeeded (a one-off job that did its work). */
  readonly succeeded: boolean;
  /** At least one task stopped without succeeding. */
  readonly failed: boolean;
}

export function runOutcome(
  tasks: readonly Task[],
  definition: TaskDefinition | undefined,
  logLines: (task: Task) => readonly string[] | undefined = () => undefined,
): RunOutcome {
  const running = tasks.filter((t) => t.lastStatus !== 'STOPPED');
  const stopped = tasks
    .filter((t) => t.lastStatus === 'STOPPED')
    .map((task) => ({ task, report: explainStoppedTask(task, evidenceOf(definition, logLines(task))) }));
  return {
    running,
    stopped,
    succeeded: running.length === 0 && stopped.length > 0 && stopped.every((s) => s.report.succeeded),
    failed: stopped.some((s) => !s.report.succeeded),
  };
}
