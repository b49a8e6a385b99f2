/**
 * ECS ExecuteCommand for the fake endpoint: checks what ECS checks, with its error shapes, then
 * issues a data-channel session on the fake agent (docs/exec-protocol.md §1):
 * - InvalidParameterException when the task was not started with enableExecuteCommand, is not RUNNING,
 *   runs a platform version before 1.4.0 or its ExecuteCommandAgent is not RUNNING (one message for all:
 *   ECS's own), when `interactive` is false, or the container is ambiguous or unknown;
 * - TargetNotConnectedException when the task role cannot open the SSM channels (no task role, or a
 *   role this fake's IAM knows that is not allowed ssmmessages:CreateControlChannel/CreateDataChannel/
 *   OpenControlChannel/OpenDataChannel; roles the fake IAM does not know are taken as allowed);
 * - AccessDeniedException comes from the endpoint's IAM faults (`denyOperation: 'ExecuteCommand'`).
 * The cluster's executeCommandConfiguration.kmsKeyId makes the session ask for KMS encryption.
 */
import type { ExecuteCommandRequest } from '@aws-sdk/client-ecs';
import { AwsError } from '../errors';

import { invalidParameter } from '../ecs/errors';
import { op, requireCluster, type Handler } from '../ecs/handlers/common';
import { statusAt } from '../ecs/lifecycle';
import type { FakeIam } from '../iam';
import type { FakeSsmAgent } from './fakeSsmAgent';

export const EXEC_NOT_ENABLED_MESSAGE =
  'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.';
export const TARGET_NOT_CONNECTED_MESSAGE =
  'The execute command failed due to an internal error. Try again later.';
export const SSM_MESSAGES_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

function platformBefore140(version: string | undefined): boolean {
  if (!version || version === 'LATEST') return false;
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a < 1 || (a === 1 && b < 4);
}

export function executeCommandHandler(iam: FakeIam, agent: FakeSsmAgent): Handler {
  return op<ExecuteCommandRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    if (!input.task) throw invalidParameter('task can not be blank.');
    if (!input.command) throw invalidParameter('command can not be blank.');
    if (input.interactive !== true)
      throw invalidParameter('Interactive is the only mode supported currently.');
    const task = ecs.findTask(cluster.name, input.task);
    if (!task) throw invalidParameter('The specified task was not found.');
    let container = task.containers.find((c) => c.name === input.container);
    if (input.container === undefined) {
      if (task.containers.length > 1) {
        throw invalidParameter('Task has multiple containers. Please specify a container name.');
      }
      container = task.containers[0];
    }
    if (!container) throw invalidParameter(`The container ${input.container} was not found in the task.`);
    const running = statusAt(task, ecs.now()) === 'RUNNING' && task.desiredStatus === 'RUNNING';
    if (
      !task.enableExecuteCommand ||
      !running ||
      platformBefore140(task.platformVersion) ||
      (container.execAgentStatus ?? 'RUNNING') !== 'RUNNING' ||
      container.exitCode !== undefined
    ) {
      throw invalidParameter(EXEC_NOT_ENABLED_MESSAGE);
    }
    const roleArn = ecs.taskDefinitions.resolve(task.taskDefinitionArn)?.input.taskRoleArn;
    const allowed =
      roleArn !== undefined &&
      SSM_MESSAGES_ACTIONS.every((action) => {
        const decision = iam.decide(roleArn, action, '*');
        return decision === undefined || decision.decision === 'allowed';
      });
    if (!allowed) throw new AwsError('TargetNotConnectedException', TARGET_NOT_CONNECTED_MESSAGE);
    const kmsKeyId = cluster.configuration?.executeCommandConfiguration?.kmsKeyId;
    const session = agent.issue({
      sessionIdPrefix: 'ecs-execute-command',
      sessionType: 'InteractiveCommands',
      properties: { command: input.command },
      target: `ecs:${cluster.name}_${task.id}_${container.runtimeId}`,
      ...(kmsKeyId ? { kmsKeyId } : {}),
      details: { image: container.image, cluster: cluster.name, task: task.id, container: container.name },
    });
    return {
      clusterArn: cluster.arn,
      containerArn: container.containerArn,
      containerName: container.name,
      interactive: true,
      session,
      taskArn: task.arn,
    };
  });
}
