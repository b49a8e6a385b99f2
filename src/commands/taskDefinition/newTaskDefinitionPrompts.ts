/**
 * The questions "New Task Definition" asks that need more than an input box: a Fargate size from
 * the valid CPU/memory pairs, the health check, and the execution role (looked up, or created with
 * the user's confirmation). Each returns the answer or throws UserCancelledError.
 */
import * as vscode from 'vscode';
import { EXECUTION_ROLE_NAME, type IamGateway } from '../../aws/iamGateway';
import type { DockerfileFacts } from '../../docker/dockerfileFacts';
import { describeCpu, describeMemory, FARGATE_TASK_SIZES } from '../../taskdef/fargate';
import { EXECUTION_ROLE_PLACEHOLDER_ARN } from '../../taskdef/rules/executionRole';
import type { ExposedPort, HealthCheckSpec } from '../../taskdef/scaffold';
import { userCancelled } from '../../ui/errors';
import { createExecutionRoleWithConfirmation } from './createExecutionRole';
import type { TaskDefinitionCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator } from '../../ui/progress';

export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  return value ?? userCancelled();
}

export async function pick<T extends vscode.QuickPickItem>(
  items: T[],
  options: vscode.QuickPickOptions,
): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
  return chosen ?? userCancelled();
}

export function sizeItems(): Array<vscode.QuickPickItem & { cpu?: number; memory?: number }> {
  const items: Array<vscode.QuickPickItem & { cpu?: number; memory?: number }> = [];
  for (const size of FARGATE_TASK_SIZES) {
    items.push({ label: describeCpu(size.cpu), kind: vscode.QuickPickItemKind.Separator });
    for (const memory of size.memory) {
      items.push({
        label: `${describeCpu(size.cpu)}, ${describeMemory(memory)}`,
        description: `cpu "${size.cpu}", memory "${memory}"`,
        cpu: size.cpu,
        memory,
      });
    }
  }
  return items;
}

/** The Dockerfile's HEALTHCHECK (first, when there is one), an HTTP check with curl, or none. */
export async function askHealthCheck(
  title: string,
  facts: DockerfileFacts | undefined,
  ports: readonly ExposedPort[],
): Promise<HealthCheckSpec | boolean> {
  type Item = vscode.QuickPickItem & { value: HealthCheckSpec | boolean };
  const items: Item[] = [];
  if (facts?.healthCheck) {
    items.push({
      label: "The Dockerfile's HEALTHCHECK",
      detail: facts.healthCheck.command.slice(1).join(' '),
      value: facts.healthCheck,
    });
  }
  const httpPort = ports.find((p) => p.protocol === 'tcp');
  if (httpPort) {
    items.push({
      label: `HTTP health check on port ${httpPort.port}`,
      detail: `curl -f http://localhost:${httpPort.port}/ (the image needs curl)`,
      value: true,
    });
  }
  if (items.length === 0) return false;
  const none: Item = { label: 'No health check', value: false };
  // Without a HEALTHCHECK to copy, "none" comes first: a curl check fails in images without curl.
  const ordered = facts?.healthCheck ? [...items, none] : [none, ...items];
  return (await pick(ordered, { title, placeHolder: 'Container health check' })).value;
}

/** ARN of ecsTaskExecutionRole, created after confirmation if the user wants; else the placeholder. */
export async function executionRoleArn(
  deps: TaskDefinitionCommandDeps,
  title: string,
): Promise<{ arn: string; missing: boolean }> {
  let iam: IamGateway;
  let existing: string | undefined;
  try {
    iam = deps.iam();
    const gateway = iam;
    existing = await withBusyIndicator(`ECS: Looking up ${EXECUTION_ROLE_NAME}…`, () =>
      deps.roleArns.lookup(gateway, EXECUTION_ROLE_NAME),
    );
  } catch (error) {
    deps.logger.warn(`Looking up ${EXECUTION_ROLE_NAME} failed, using a placeholder ARN: ${String(error)}`);
    return { arn: EXECUTION_ROLE_PLACEHOLDER_ARN, missing: false };
  }
  if (existing) return { arn: existing, missing: false };
  const create = {
    label: `$(add) Create ${EXECUTION_ROLE_NAME} now…`,
    detail: 'Shows the exact policy and asks before creating anything.',
  };
  const later = { label: 'Name the role now, create it later', detail: EXECUTION_ROLE_PLACEHOLDER_ARN };
  const choice = await pick([create, later], {
    title,
    placeHolder: `This account has no ${EXECUTION_ROLE_NAME}: Fargate needs one to pull from ECR and write logs`,
  });
  if (choice === create) {
    const arn = await createExecutionRoleWithConfirmation(deps, iam);
    if (arn) return { arn, missing: false };
  }
  return { arn: EXECUTION_ROLE_PLACEHOLDER_ARN, missing: true };
}

/** Where to write: the free name next to the Dockerfile; asks only when `task-definition.json` is taken. */
