import * as vscode from 'vscode';
import { ENVIRONMENT_PROFILE } from '../../aws/connection';
import {
  compactPolicyJson,
  EXECUTION_ROLE_NAME,
  EXECUTION_ROLE_POLICY_ACTIONS,
  EXECUTION_ROLE_POLICY_ARN,
  EXECUTION_ROLE_TRUST_POLICY,
  type IamGateway,
  trustsEcsTasks,
} from '../../aws/iamGateway';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator, withUncancellableProgress } from '../../ui/progress';

/** What the confirmation shows: the exact trust policy and the managed policy, before anything is created. */
export function executionRolePlan(where: string | undefined): string {
  return [
    `ECS uses this role to pull your images from Amazon ECR and to send container logs to CloudWatch Logs.${where ? ` ${where} has none yet.` : ''}`,
    '',
    `Role name: ${EXECUTION_ROLE_NAME}`,
    '',
    'Trust policy (who may assume the role):',
    compactPolicyJson(EXECUTION_ROLE_TRUST_POLICY),
    '',
    'Permissions: the AWS managed policy',
    EXECUTION_ROLE_POLICY_ARN,
    `which allows ${EXECUTION_ROLE_POLICY_ACTIONS.join(', ')} on all resources.`,
    '',
    'It does not allow logs:CreateLogGroup: Register, Run Task and Deploy create missing log groups themselves.',
  ].join('\n');
}

async function describeAccount(deps: TaskDefinitionCommandDeps): Promise<string | undefined> {
  const connection = deps.connections.current;
  const profile = connection && connection.profile !== ENVIRONMENT_PROFILE ? connection.profile : undefined;
  try {
    return `Account ${await deps.accountId()}${profile ? ` (profile ${profile})` : ''}`;
  } catch {
    return profile ? `The account of the profile ${profile}` : undefined;
  }
}

function busy<T>(title: string, work: () => Promise<T>): Thenable<T> {
  return withBusyIndicator(`ECS: ${title}`, work);
}

async function lookUp(deps: TaskDefinitionCommandDeps, iam: IamGateway) {
  const role = await busy(`Looking up ${EXECUTION_ROLE_NAME}…`, () => iam.getRole(EXECUTION_ROLE_NAME));
  deps.roleArns.remember(iam, EXECUTION_ROLE_NAME, role?.arn);
  return role;
}

/**
 * Creates ecsTaskExecutionRole after a modal confirmation that shows the exact policies. Returns its
 * ARN, or undefined when the user declined. Never creates anything without that confirmation.
 */
export async function createExecutionRoleWithConfirmation(
  deps: TaskDefinitionCommandDeps,
  iam: IamGateway,
): Promise<string | undefined> {
  const create = 'Create Role';
  const answer = await vscode.window.showWarningMessage(
    `Create the IAM role ${EXECUTION_ROLE_NAME} for ECS tasks?`,
    { modal: true, detail: executionRolePlan(await describeAccount(deps)) },
    create,
  );
  if (answer !== create) return undefined;
  const role = await withUncancellableProgress(`Creating the IAM role ${EXECUTION_ROLE_NAME}…`, () =>
    iam.createExecutionRole(EXECUTION_ROLE_NAME),
  );
  deps.roleArns.remember(iam, EXECUTION_ROLE_NAME, role.arn);
  deps.logger.info(`Created the execution role ${role.arn} with ${EXECUTION_ROLE_POLICY_ARN}`);
  return role.arn;
}

/**
 * The ARN of the account's ecsTaskExecutionRole: the existing role, or one created after the user
 * confirmed; undefined when there is none and the user declined.
 */
export async function ensureExecutionRole(deps: TaskDefinitionCommandDeps): Promise<string | undefined> {
  await deps.ready;
  const iam = deps.iam();
  const role = await lookUp(deps, iam);
  if (role) return role.arn;
  return createExecutionRoleWithConfirmation(deps, iam);
}

/**
 * `ecsFargate.createExecutionRole`: makes sure ecsTaskExecutionRole exists and can do its job:
 * creates it when missing (after confirmation), warns when it does not trust ECS tasks, offers to
 * attach AmazonECSTaskExecutionRolePolicy when it lacks it (after confirmation), shows the ARN.
 */
export function registerCreateExecutionRole(deps: TaskDefinitionCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.createExecutionRole', 'Creating the execution role', deps, async () => {
    await deps.ready;
    const iam = deps.iam();
    const existing = await lookUp(deps, iam);
    let arn: string;
    if (existing) {
      arn = existing.arn;
      if (!trustsEcsTasks(existing.trustPolicy)) {
        void vscode.window.showWarningMessage(
          `${EXECUTION_ROLE_NAME} exists but its trust policy does not let ECS tasks assume it: tasks that use it will not start. Add "ecs-tasks.amazonaws.com" with "sts:AssumeRole" to its trust policy: ${arn}`,
        );
      }
      const attached = await busy('Reading the role’s policies…', () =>
        iam.attachedPolicyArns(EXECUTION_ROLE_NAME),
      );
      if (!attached.includes(EXECUTION_ROLE_POLICY_ARN)) {
        const attach = 'Attach Policy';
        const answer = await vscode.window.showWarningMessage(
          `${EXECUTION_ROLE_NAME} exists without AmazonECSTaskExecutionRolePolicy. Attach it?`,
          {
            modal: true,
            detail: `Attaches the AWS managed policy\n${EXECUTION_ROLE_POLICY_ARN}\nwhich allows ${EXECUTION_ROLE_POLICY_ACTIONS.join(', ')} on all resources.\n\nSkip this if the role has equivalent permissions of its own.`,
          },
          attach,
        );
        if (answer === attach) {
          await busy('Attaching the policy…', () => iam.attachExecutionRolePolicy(EXECUTION_ROLE_NAME));
          deps.logger.info(`Attached ${EXECUTION_ROLE_POLICY_ARN} to ${arn}`);
        }
      }
    } else {
      const created = await createExecutionRoleWithConfirmation(deps, iam);
      if (!created) return undefined;
      arn = created;
    }
    const copy = 'Copy ARN';
    // Not awaited: the command is done; the notification stays until the user closes it.
    void vscode.window
      .showInformationMessage(
        `${existing ? 'The execution role exists' : 'Created the execution role'}: ${arn}`,
        copy,
      )
      .then((choice) => (choice === copy ? vscode.env.clipboard.writeText(arn) : undefined));
    return arn;
  });
}
