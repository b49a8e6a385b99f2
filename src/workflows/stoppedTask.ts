/**
 * Why a task stopped, in words a developer can act on: stopCode, stoppedReason and each
 * container's exit code and reason, matched against the failures everyone meets on Fargate
 * (CannotPullContainerError, ResourceInitializationError, exec format error, OutOfMemoryError,
 * an essential container that exited). Run Task and the deploy's rollout watch both use it.
 * Editor-free. (Contract fixed first; the explanations are the Run Task work item.)
 */
import type { Task } from '@aws-sdk/client-ecs';

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
}

export type ExplainStoppedTask = (task: Task, evidence?: StoppedTaskEvidence) => StoppedTaskReport;

/** The report as plain lines for an output channel (header, containers, causes, next steps). */
export type FormatStoppedTaskReport = (report: StoppedTaskReport) => string[];
