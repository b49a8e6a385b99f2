/**
 * `ecsFargate.allowLogGroupCreation`: gives the task execution role logs:CreateLogGroup in an
 * inline policy, for task definitions that keep `"awslogs-create-group": "true"` (the managed
 * policy does not allow it: docs/aws-facts.md). The exact policy is shown first, in a modal whose
 * text keeps its line breaks; nothing is added without "Add Policy". Deploy offers the same when
 * its preflight found the permission missing (deployOutcome.ts).
 */
import * as vscode from 'vscode';
import {
  compactPolicyJson,
  CREATE_LOG_GROUP_POLICY_NAME,
  createLogGroupPolicy,
  EXECUTION_ROLE_NAME,
  type IamGateway,
  logGroupArn,
} from '../../aws/iamGateway';
import type { Logger } from '../../shared/logger';
import { withUncancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionCommandDeps } from './taskDefinitionCommandDeps';

/** The role and the log groups (ARNs) to allow; what Deploy's preflight hands over. */
export interface LogGroupGrant {
  readonly roleName: string;
  readonly groupArns: readonly string[];
}

/**
 * Shows the inline policy and adds it after the user confirmed; true when it was added.
 * PutRolePolicy replaces a policy of the same name, so running it again widens nothing silently:
 * the modal always shows the full document that will be stored.
 */
export async function offerLogGroupPolicy(
  iam: Pick<IamGateway, 'putRolePolicy'>,
  logger: Logger,
  grant: LogGroupGrant,
): Promise<boolean> {
  const policy = createLogGroupPolicy(grant.groupArns);
  const add = 'Add Policy';
  const answer = await vscode.window.showWarningMessage(
    `Let ${grant.roleName} create log groups (logs:CreateLogGroup)?`,
    {
      modal: true,
      detail: [
        `Tasks whose task definition sets "awslogs-create-group": "true" call logs:CreateLogGroup with the execution role; AmazonECSTaskExecutionRolePolicy does not allow it.`,
        'The other way needs no permission: remove the option, and Register, Run Task and Deploy create the log group themselves.',
        '',
        `Inline policy ${CREATE_LOG_GROUP_POLICY_NAME} on ${grant.roleName}:`,
        compactPolicyJson(policy),
      ].join('\n'),
    },
    add,
  );
  if (answer !== add) return false;
  await withUncancellableProgress(`Adding ${CREATE_LOG_GROUP_POLICY_NAME}…`, () =>
    iam.putRolePolicy(grant.roleName, CREATE_LOG_GROUP_POLICY_NAME, policy),
  );
  logger.info(
    `Added the inline policy ${CREATE_LOG_GROUP_POLICY_NAME} to ${grant.roleName}: ${JSON.stringify(policy)}`,
  );
  void vscode.window.showInformationMessage(
    `${grant.roleName} may now create these log groups. IAM changes can take a few seconds to apply: ${grant.groupArns.join(', ')}`,
  );
  return true;
}

/**
 * From the palette: ecsTaskExecutionRole, for the `/ecs/*` log groups (the scaffold's names) in
 * the current region.
 */
export function registerAllowLogGroupCreation(deps: TaskDefinitionCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.allowLogGroupCreation',
    'Allowing the execution role to create log groups',
    deps,
    async () => {
      await deps.ready;
      const iam = deps.iam();
      const role = await iam.getRole(EXECUTION_ROLE_NAME);
      if (!role) {
        throw new Error(
          `There is no ${EXECUTION_ROLE_NAME} in this account: create it first ("ECS: Create Task Execution Role").`,
        );
      }
      const [, partition = 'aws', , , account = ''] = role.arn.split(':');
      const region = deps.connections.current?.region ?? 'us-east-1';
      return offerLogGroupPolicy(iam, deps.logger, {
        roleName: role.name,
        groupArns: [logGroupArn(partition, region, account, '/ecs/*')],
      });
    },
  );
}
