/**
 * What an ExecuteCommand failure means and what to do (docs/exec-protocol.md §1), by error name: ECS
 * words these errors the same way for several causes, so the explanation names them all. Editor-free.
 */
export interface ExecErrorExplanation {
  readonly message: string;
  readonly fix: string;
}

function errorName(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Undefined when the error is not one ECS Exec explains (the caller shows it as is). */
export function explainExecError(error: unknown, task: string): ExecErrorExplanation | undefined {
  const name = errorName(error);
  const message = errorMessage(error);
  if (name === 'TargetNotConnectedException') {
    return {
      message: `ECS Exec could not reach the SSM agent in task ${task} (TargetNotConnectedException).`,
      fix:
        'Usually the task role lacks ssmmessages:CreateControlChannel/CreateDataChannel/OpenControlChannel/OpenDataChannel, ' +
        'or the task cannot reach ssmmessages (no route to the internet or a VPC endpoint). Fix the role or the network, then start a new task.',
    };
  }
  if (name === 'AccessDeniedException') {
    return {
      message: `You are not allowed to run ecs:ExecuteCommand on task ${task}: ${message}`,
      fix: 'Ask for ecs:ExecuteCommand on the cluster and task (and kms:GenerateDataKey on the cluster’s exec KMS key, if it has one).',
    };
  }
  if (name === 'InvalidParameterException' && /execute command (was not enabled|agent)/i.test(message)) {
    return {
      message: `ECS Exec is not available in task ${task}: ${message}`,
      fix: 'Start tasks with ECS Exec on (enable it on the service and deploy), and wait until the ExecuteCommandAgent is RUNNING.',
    };
  }
  if (name === 'ClusterNotFoundException') {
    return { message: `The cluster of task ${task} was not found.`, fix: 'Refresh the explorer.' };
  }
  return undefined;
}

/** The agent's answer when the command's binary is missing (a distroless image has no shell). */
const NO_BINARY =
  /Unable to start command: Failed to start pty: fork\/exec ([^:\s]+): no such file or directory/;

export function missingBinary(output: string): string | undefined {
  return NO_BINARY.exec(output)?.[1];
}

export function noShellAdvice(binary: string): string {
  return `The container has no ${binary} (a distroless or scratch image has no shell). Use "Run Command…" with a binary the image has, e.g. "/app/server --version", or set ecsFargate.exec.shellCommand.`;
}
