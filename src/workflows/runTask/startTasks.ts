/**
 * RunTask, with its `failures[]` explained rather than swallowed: a RunTask that starts nothing
 * (no Fargate capacity in the Availability Zones, …) still answers 200, so the failures are the
 * only way the user learns why. Editor-free.
 */
import type { RunTaskCommandInput, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { DescribeFailure } from '../../aws/listAndDescribe';

export interface ExplainedRunFailure {
  readonly failure: DescribeFailure;
  /** One line: the reason as ECS gave it, with what to do. */
  readonly text: string;
}

export interface StartedTasks {
  readonly tasks: readonly Task[];
  readonly failures: readonly ExplainedRunFailure[];
}

/** What to do about a RunTask failure reason (capacity, a missing resource, …). */
export function runFailureAdvice(reason: string | undefined): string {
  const r = reason ?? '';
  if (/capacity is unavailable|insufficient|capacity/i.test(r))
    return "Fargate had no capacity for this task size in the chosen subnets' Availability Zones: try again shortly, add subnets in other Availability Zones, or use FARGATE instead of FARGATE_SPOT.";
  if (/MISSING/.test(r))
    return 'The resource does not exist: check the cluster and the task definition revision.';
  if (/container instance|AGENT|RESOURCE:/i.test(r))
    return 'This reason concerns EC2 container instances: run the task on FARGATE (launch type or capacity provider).';
  if (/ATTRIBUTE/i.test(r))
    return 'The task definition requires an attribute no capacity offers (e.g. a platform or CPU architecture).';
  return 'See the reason above; it is what ECS reported for this task.';
}

export function explainRunFailure(failure: DescribeFailure): ExplainedRunFailure {
  const what = [failure.reason, failure.detail].filter(Boolean).join(' — ') || 'no reason given';
  const arn = failure.arn ? ` (${failure.arn})` : '';
  return { failure, text: `RunTask failure${arn}: ${what}. ${runFailureAdvice(failure.reason)}` };
}

export async function startTasks(
  ecs: Pick<EcsGateway, 'runTask'>,
  input: RunTaskCommandInput,
  signal?: AbortSignal,
): Promise<StartedTasks> {
  const result = await ecs.runTask(input, signal);
  return { tasks: result.tasks, failures: result.failures.map(explainRunFailure) };
}

/** Thrown when RunTask started no task at all: its message carries every failure. */
export class NoTaskStartedError extends Error {
  constructor(readonly failures: readonly ExplainedRunFailure[]) {
    super(
      failures.length > 0
        ? `RunTask started no task. ${failures.map((f) => f.text).join(' ')}`
        : 'RunTask started no task and reported no failure.',
    );
    this.name = 'NoTaskStartedError';
  }
}
