/**
 * Why a task stopped, in words a developer can act on: stopCode, stoppedReason and each
 * container's exit code and reason, matched against the failures everyone meets on Fargate
 * (CannotPullContainerError, ResourceInitializationError, exec format error, OutOfMemoryError,
 * an essential container that exited). Run Task and the deploy's rollout watch both use it.
 * Editor-free. The matchers and their texts are in stoppedTaskCauses.ts.
 */
import type { Task } from '@aws-sdk/client-ecs';
import {
  architectureCause,
  cannotStartCause,
  containerExitedCause,
  healthCheckCause,
  outOfMemoryCause,
  pullErrorCause,
  resourceInitCause,
  SPOT_INTERRUPTION_CAUSE,
} from './stoppedTaskCauses';

export interface ContainerOutcome {
  readonly name: string;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly essential?: boolean;
}

export interface StoppedTaskCause {
  /** e.g. "The image could not be pulled". */
  readonly title: string;
  /** What the reason means, in one or two sentences. */
  readonly detail: string;
  /** What to do next, most likely first. */
  readonly nextSteps: readonly string[];
}

export interface StoppedTaskReport {
  readonly taskArn: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly containers: readonly ContainerOutcome[];
  /** A run-to-completion task whose essential containers all exited 0. */
  readonly succeeded: boolean;
  /** The recognised causes (empty when nothing matched: the raw reasons are still shown). */
  readonly causes: readonly StoppedTaskCause[];
}

/** Extra evidence: the last log lines of the task (to spot "exec format error"). */
export interface StoppedTaskEvidence {
  readonly logLines?: readonly string[];
  /**
   * The essential containers' names, from the task definition (DescribeTasks does not say which
   * containers are essential). Without them every container counts as essential.
   */
  readonly essentialContainers?: readonly string[];
  /** The task definition's runtimePlatform.cpuArchitecture (X86_64 when absent), for the architecture hint. */
  readonly cpuArchitecture?: string;
}

export type ExplainStoppedTask = (task: Task, evidence?: StoppedTaskEvidence) => StoppedTaskReport;

/** The report as plain lines for an output channel (header, containers, causes, next steps). */
export type FormatStoppedTaskReport = (report: StoppedTaskReport) => string[];

/** A container that exits 1 within this long of the task reaching RUNNING may be the wrong architecture. */
const QUICK_EXIT_MS = 10_000;
const EXEC_FORMAT = /exec format error/i;

function outcomes(task: Task, essentials: readonly string[] | undefined): ContainerOutcome[] {
  return (task.containers ?? []).map((c) => ({
    name: c.name ?? '?',
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(essentials ? { essential: essentials.includes(c.name ?? '') } : {}),
  }));
}

/** How long the task ran: RUNNING (startedAt) to the end of execution; undefined when unknown. */
function ranForMs(task: Task): number | undefined {
  const start = task.startedAt?.getTime();
  const end = (task.executionStoppedAt ?? task.stoppingAt ?? task.stoppedAt)?.getTime();
  return start !== undefined && end !== undefined ? end - start : undefined;
}

function causesOf(
  task: Task,
  containers: readonly ContainerOutcome[],
  evidence: StoppedTaskEvidence,
): StoppedTaskCause[] {
  const texts = [task.stoppedReason ?? '', ...containers.map((c) => c.reason ?? '')];
  const all = texts.join('\n');
  const firstWith = (prefix: string) => texts.find((t) => t.includes(prefix)) ?? '';
  const causes: StoppedTaskCause[] = [];
  if (all.includes('CannotPullContainerError'))
    causes.push(pullErrorCause(firstWith('CannotPullContainerError')));
  if (all.includes('ResourceInitializationError'))
    causes.push(resourceInitCause(firstWith('ResourceInitializationError')));
  if (all.includes('CannotStartContainerError'))
    causes.push(cannotStartCause(firstWith('CannotStartContainerError')));
  if (task.stopCode === 'SpotInterruption') causes.push(SPOT_INTERRUPTION_CAUSE);
  if (/failed ELB health checks/i.test(task.stoppedReason ?? '')) causes.push(healthCheckCause(true));
  else if (/failed container health checks/i.test(task.stoppedReason ?? ''))
    causes.push(healthCheckCause(false));

  const logLines = evidence.logLines ?? [];
  const execFormat = logLines.some((l) => EXEC_FORMAT.test(l)) || EXEC_FORMAT.test(all);
  const ran = ranForMs(task);
  for (const c of containers) {
    if (c.essential === false) continue;
    if (c.reason?.includes('OutOfMemoryError')) {
      causes.push(outOfMemoryCause(c.name, c.reason));
      continue;
    }
    if (c.exitCode === undefined || c.exitCode === 0) continue;
    const quickExit = c.exitCode === 1 && ran !== undefined && ran <= QUICK_EXIT_MS && logLines.length === 0;
    if (execFormat || quickExit) causes.push(architectureCause(c.name, execFormat, evidence.cpuArchitecture));
    if (!execFormat) causes.push(containerExitedCause(c.name, c.exitCode, c.reason));
  }
  return causes;
}

/**
 * A run-to-completion job succeeded when its essential containers exited and all with code 0
 * (stopCode EssentialContainerExited: the first essential container to exit stopped the task).
 */
function succeededOf(task: Task, containers: readonly ContainerOutcome[]): boolean {
  if (task.lastStatus !== 'STOPPED' || task.stopCode !== 'EssentialContainerExited') return false;
  const essentials = containers.filter((c) => c.essential !== false);
  return essentials.length > 0 && essentials.every((c) => c.exitCode === 0);
}

export const explainStoppedTask: ExplainStoppedTask = (task, evidence = {}) => {
  const containers = outcomes(task, evidence.essentialContainers);
  const succeeded = succeededOf(task, containers);
  return {
    taskArn: task.taskArn ?? '',
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    containers,
    succeeded,
    causes: succeeded ? [] : causesOf(task, containers, evidence),
  };
};

function containerLine(c: ContainerOutcome): string {
  const exit = c.exitCode === undefined ? 'no exit code' : `exit code ${c.exitCode}`;
  const essential = c.essential === false ? ' (not essential)' : '';
  return `  Container ${c.name}${essential}: ${exit}${c.reason ? ` — ${c.reason}` : ''}`;
}

export const formatStoppedTaskReport: FormatStoppedTaskReport = (report) => {
  const id = report.taskArn.split('/').pop() ?? report.taskArn;
  const lines = [
    `Task ${id} stopped${report.stopCode ? ` (${report.stopCode})` : ''}: ${report.stoppedReason ?? 'no reason given'}`,
    ...report.containers.map(containerLine),
  ];
  if (report.succeeded) {
    lines.push('Succeeded: every essential container exited with code 0.');
    return lines;
  }
  if (report.causes.length === 0 && report.stopCode !== 'UserInitiated') {
    lines.push('No known cause matched: the reasons above are what ECS reported; the logs may say more.');
  }
  for (const cause of report.causes) {
    lines.push(`Why: ${cause.title}`, `  ${cause.detail}`, '  Next steps:');
    cause.nextSteps.forEach((step, i) => lines.push(`    ${i + 1}. ${step}`));
  }
  return lines;
};
