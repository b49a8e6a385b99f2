/**
 * Before an ECS Exec session: checks that explain instead of failing (docs/exec-protocol.md §1):
 * the task runs, was started with enableExecuteCommand (else: enable it on its service, which needs a
 * new deployment), runs platform version 1.4.0 or later, the container's ExecuteCommandAgent is
 * RUNNING, and the task role may open the SSM channels (IAM SimulatePrincipalPolicy; "?" when the
 * caller may not simulate). Also reads the cluster's executeCommandConfiguration (KMS key, logging).
 * Editor-free.
 */
import type { Cluster, Container, Task } from '@aws-sdk/client-ecs';
import type { EvalDecision } from '../../aws/iamGateway';

export type ExecCheckStatus = 'passed' | 'failed' | 'unknown';

export interface ExecCheck {
  readonly name: string;
  readonly status: ExecCheckStatus;
  readonly message: string;
  readonly fix?: string;
}

/** The task role's permissions ECS Exec needs (the SSM agent opens these channels). */
export const SSM_MESSAGES_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
] as const;

export interface ExecConfiguration {
  /** The cluster's executeCommandConfiguration.kmsKeyId: sessions are KMS-encrypted. */
  readonly kmsKeyId?: string;
  /** NONE, DEFAULT or OVERRIDE, with where the session logs go. */
  readonly logging: string;
}

export interface ExecPreflight {
  readonly checks: readonly ExecCheck[];
  /** True when no check failed (unknown ones do not stop the session). */
  readonly ok: boolean;
  readonly configuration: ExecConfiguration;
  /** The service the task belongs to, when enabling ECS Exec on it is the fix. */
  readonly enableOnService?: string;
}

export interface ExecPreflightDeps {
  /** The task role of a task definition (its taskRoleArn), undefined when it has none. */
  taskRoleOf(taskDefinitionArn: string, signal?: AbortSignal): Promise<string | undefined>;
  /** IAM SimulatePrincipalPolicy for one action on `*`; throws when the caller may not simulate. */
  simulate(roleArn: string, action: string, signal?: AbortSignal): Promise<EvalDecision>;
}

export function execConfiguration(cluster: Cluster | undefined): ExecConfiguration {
  const config = cluster?.configuration?.executeCommandConfiguration;
  const logging = config?.logging ?? 'DEFAULT';
  let where = '';
  if (logging === 'OVERRIDE') {
    const log = config?.logConfiguration;
    const targets = [
      log?.cloudWatchLogGroupName
        ? `CloudWatch Logs ${log.cloudWatchLogGroupName}${log.cloudWatchEncryptionEnabled ? ' (encrypted)' : ''}`
        : undefined,
      log?.s3BucketName
        ? `s3://${log.s3BucketName}/${log.s3KeyPrefix ?? ''}${log.s3EncryptionEnabled ? ' (encrypted)' : ''}`
        : undefined,
    ].filter(Boolean);
    where = targets.length ? `: ${targets.join(', ')}` : '';
  } else if (logging === 'DEFAULT') {
    where = ": the task definition's awslogs configuration";
  }
  return { ...(config?.kmsKeyId ? { kmsKeyId: config.kmsKeyId } : {}), logging: `${logging}${where}` };
}

function platformBefore140(task: Task): boolean {
  const version = task.platformVersion;
  if (task.launchType !== 'FARGATE' || !version || version === 'LATEST') return false;
  const [major = 0, minor = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return major < 1 || (major === 1 && minor < 4);
}

export function serviceOfTask(task: Task): string | undefined {
  return task.group?.startsWith('service:') ? task.group.slice('service:'.length) : undefined;
}

/** The checks, in the order a user fixes them. */
export async function execPreflight(
  deps: ExecPreflightDeps,
  input: { readonly cluster: Cluster | undefined; readonly task: Task; readonly container: Container },
  signal?: AbortSignal,
): Promise<ExecPreflight> {
  const { task, container } = input;
  const checks: ExecCheck[] = [];
  const service = serviceOfTask(task);
  let enableOnService: string | undefined;

  const running = task.lastStatus === 'RUNNING';
  checks.push({
    name: 'Task running',
    status: running ? 'passed' : 'failed',
    message: running ? 'The task is RUNNING.' : `The task is ${task.lastStatus ?? 'in an unknown state'}.`,
    ...(running ? {} : { fix: 'ECS Exec reaches running tasks only: pick a RUNNING task.' }),
  });

  if (task.enableExecuteCommand) {
    checks.push({
      name: 'ECS Exec enabled',
      status: 'passed',
      message: 'The task was started with ECS Exec.',
    });
  } else {
    if (service) enableOnService = service;
    checks.push({
      name: 'ECS Exec enabled',
      status: 'failed',
      message: 'The task was not started with enableExecuteCommand, and a running task cannot be changed.',
      fix: service
        ? `Enable ECS Exec on the service ${service}: its tasks are replaced by a new deployment.`
        : 'Run a new task with "ECS Exec on" (Run Task).',
    });
  }

  if (platformBefore140(task)) {
    checks.push({
      name: 'Platform version',
      status: 'failed',
      message: `The task runs Fargate platform version ${task.platformVersion}; ECS Exec needs 1.4.0 or later.`,
      fix: 'Deploy with platform version LATEST (or 1.4.0+).',
    });
  }

  if (task.enableExecuteCommand) {
    const agent = container.managedAgents?.find((a) => a.name === 'ExecuteCommandAgent');
    const status = agent?.lastStatus;
    checks.push({
      name: 'ExecuteCommandAgent',
      status: status === 'RUNNING' ? 'passed' : 'failed',
      message:
        status === 'RUNNING'
          ? `The ExecuteCommandAgent of ${container.name ?? 'the container'} is RUNNING.`
          : `The ExecuteCommandAgent of ${container.name ?? 'the container'} is ${status ?? 'not reported'}${agent?.reason ? ` (${agent.reason})` : ''}.`,
      ...(status === 'RUNNING'
        ? {}
        : {
            fix: 'Wait until the agent is RUNNING (it starts with the task); if it stopped, replace the task.',
          }),
    });
  }

  checks.push(await taskRoleCheck(deps, task, signal));
  return {
    checks,
    ok: checks.every((c) => c.status !== 'failed'),
    configuration: execConfiguration(input.cluster),
    ...(enableOnService ? { enableOnService } : {}),
  };
}

async function taskRoleCheck(deps: ExecPreflightDeps, task: Task, signal?: AbortSignal): Promise<ExecCheck> {
  const name = 'Task role permissions';
  let roleArn = task.overrides?.taskRoleArn;
  try {
    roleArn ??= task.taskDefinitionArn ? await deps.taskRoleOf(task.taskDefinitionArn, signal) : undefined;
  } catch (error) {
    return { name, status: 'unknown', message: `? The task definition could not be read: ${text(error)}` };
  }
  if (!roleArn) {
    return {
      name,
      status: 'failed',
      message: 'The task has no task role, so the SSM agent in it cannot open the session channels.',
      fix: `Give the task definition a task role allowed ${SSM_MESSAGES_ACTIONS.join(', ')}.`,
    };
  }
  const missing: string[] = [];
  try {
    for (const action of SSM_MESSAGES_ACTIONS) {
      if ((await deps.simulate(roleArn, action, signal)) !== 'allowed') missing.push(action);
    }
  } catch (error) {
    return {
      name,
      status: 'unknown',
      message: `? The task role ${roleArn} could not be checked (IAM SimulatePrincipalPolicy: ${text(error)}).`,
    };
  }
  return missing.length === 0
    ? { name, status: 'passed', message: `The task role may open the SSM channels (${roleArn}).` }
    : {
        name,
        status: 'failed',
        message: `The task role ${roleArn} is not allowed ${missing.join(', ')}.`,
        fix: `Allow ${SSM_MESSAGES_ACTIONS.join(', ')} on "*" in the task role's policy.`,
      };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
