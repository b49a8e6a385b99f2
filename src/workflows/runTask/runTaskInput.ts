/**
 * Run Task's choices → the RunTask request, checked before anything is sent: ECS answers a bad
 * request with one terse InvalidParameterException, while here each problem names the step and
 * what to do. Limits from the RunTask API: count 1–10, ≤ 16 subnets, ≤ 5 security groups,
 * launchType and capacityProviderStrategy never both. Editor-free.
 */
import type { RunTaskCommandInput, TaskOverride } from '@aws-sdk/client-ecs';

export const RUN_TASK_LIMITS = { maxCount: 10, maxSubnets: 16, maxSecurityGroups: 5 } as const;

/** Tasks we start carry this startedBy, so ListTasks can find the extension's runs. */
export const STARTED_BY = 'ecs-fargate-vscode';

export interface RunTaskNetwork {
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  /** A task in a public subnet needs a public IP to reach ECR; a private subnet needs NAT or VPC endpoints. */
  readonly assignPublicIp: boolean;
}

/** FARGATE as the launch type, or a capacity provider (FARGATE_SPOT: cheaper, may be interrupted). */
export type RunTaskCapacity =
  { readonly launchType: 'FARGATE' } | { readonly capacityProvider: 'FARGATE' | 'FARGATE_SPOT' };

export interface RunTaskChoices {
  readonly cluster: string;
  /** `family:revision` or an ARN. */
  readonly taskDefinition: string;
  readonly network: RunTaskNetwork;
  readonly capacity: RunTaskCapacity;
  readonly count: number;
  readonly overrides?: TaskOverride;
  readonly enableExecuteCommand: boolean;
}

export class RunTaskInputError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(`${step}: ${message}`);
    this.name = 'RunTaskInputError';
  }
}

const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** Why a count is not accepted, or undefined when it is. */
export function countProblem(value: number | string): string | undefined {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (typeof value === 'string' && value.trim() === '') return 'Enter a number of tasks from 1 to 10.';
  return Number.isInteger(n) && n >= 1 && n <= RUN_TASK_LIMITS.maxCount
    ? undefined
    : `RunTask starts 1 to ${RUN_TASK_LIMITS.maxCount} tasks per call; "${value}" is not in that range.`;
}

/** `subnet-a, subnet-b` or one per line → ids (empty entries dropped, duplicates removed). */
export function parseIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function subnetsProblem(ids: readonly string[]): string | undefined {
  if (ids.length === 0) return 'Enter at least one subnet id (subnet-…): a Fargate task needs one.';
  if (ids.length > RUN_TASK_LIMITS.maxSubnets)
    return `At most ${RUN_TASK_LIMITS.maxSubnets} subnets (got ${ids.length}).`;
  const bad = ids.find((id) => !SUBNET_ID.test(id));
  return bad ? `"${bad}" is not a subnet id (subnet- followed by 8 or 17 hex digits).` : undefined;
}

export function securityGroupsProblem(ids: readonly string[]): string | undefined {
  if (ids.length > RUN_TASK_LIMITS.maxSecurityGroups)
    return `At most ${RUN_TASK_LIMITS.maxSecurityGroups} security groups (got ${ids.length}).`;
  const bad = ids.find((id) => !GROUP_ID.test(id));
  return bad ? `"${bad}" is not a security group id (sg- followed by 8 or 17 hex digits).` : undefined;
}

export function buildRunTaskInput(choices: RunTaskChoices): RunTaskCommandInput {
  if (!choices.cluster) throw new RunTaskInputError('Cluster', 'choose a cluster to run the task in.');
  if (!choices.taskDefinition)
    throw new RunTaskInputError('Task definition', 'choose a task definition revision.');
  const count = countProblem(choices.count);
  if (count) throw new RunTaskInputError('Count', count);
  const subnets = subnetsProblem(choices.network.subnets);
  if (subnets) throw new RunTaskInputError('Networking', subnets);
  const groups = securityGroupsProblem(choices.network.securityGroups);
  if (groups) throw new RunTaskInputError('Networking', groups);
  const capacity =
    'launchType' in choices.capacity
      ? { launchType: choices.capacity.launchType }
      : { capacityProviderStrategy: [{ capacityProvider: choices.capacity.capacityProvider, weight: 1 }] };
  return {
    cluster: choices.cluster,
    taskDefinition: choices.taskDefinition,
    count: choices.count,
    ...capacity,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...choices.network.subnets],
        // Omitted when empty: ECS then uses the VPC's default security group.
        ...(choices.network.securityGroups.length > 0
          ? { securityGroups: [...choices.network.securityGroups] }
          : {}),
        assignPublicIp: choices.network.assignPublicIp ? 'ENABLED' : 'DISABLED',
      },
    },
    ...(choices.overrides?.containerOverrides?.length ? { overrides: choices.overrides } : {}),
    enableExecuteCommand: choices.enableExecuteCommand,
    startedBy: STARTED_BY,
  };
}
