/**
 * What happens to a Fargate task's awslogs log group when the task starts, modelled on the awslogs
 * driver (moby `daemon/logger/awslogs`): it creates its log stream; when the group does not exist
 * and `awslogs-create-group` is "true", it calls logs:CreateLogGroup as the task execution role and
 * then creates the stream. Any failure stops the task before it runs, with a
 * ResourceInitializationError whose text is the one Fargate shows (docs/aws-facts.md).
 *
 * Off by default (`FakeAws.start({ enforceAwslogs: true })` or `fake.enforceAwslogs = true`): most
 * tests and the demo start tasks without caring about log groups.
 */
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import type { ImageBehavior } from './ecs/behaviors';
import type { ContainerRecord, TaskRecord } from './ecs/types';
import type { FakeIam } from './iam';
import type { FakeLogs } from './logs/fakeLogs';

const PREFIX =
  'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ';

function isCreateGroupSet(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** The stop a task meets because of its log configuration, if any (a side effect: a group ECS may create is created). */
export function awslogsStartFailure(
  task: TaskRecord,
  definition: RegisterTaskDefinitionRequest | undefined,
  logs: FakeLogs,
  iam: FakeIam,
): { container: ContainerRecord; behavior: ImageBehavior } | undefined {
  for (const def of definition?.containerDefinitions ?? []) {
    const config = def.logConfiguration;
    const options = (config?.options ?? {}) as Record<string, unknown>;
    const group = options['awslogs-group'];
    if (config?.logDriver !== 'awslogs' || typeof group !== 'string') continue;
    const region = typeof options['awslogs-region'] === 'string' ? options['awslogs-region'] : logs.region;
    if (region !== logs.region || logs.groups.has(group)) continue; // other regions are not modelled
    const container = task.containers.find((c) => c.name === def.name) ?? task.containers[0];
    if (!container) continue;
    if (!isCreateGroupSet(options['awslogs-create-group'])) {
      const message = `${PREFIX}failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1`;
      return { container, behavior: { kind: 'resourceInitError', message } };
    }
    const roleArn = definition?.executionRoleArn ?? '';
    // The driver's request names the stream's parent: that is the resource IAM sees.
    const resource = `${logs.groupArn(group)}:log-stream:`;
    const decision = iam.decide(roleArn, 'logs:CreateLogGroup', resource)?.decision ?? 'implicitDeny';
    if (decision === 'allowed') {
      logs.createGroup(group);
      continue;
    }
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1) || 'unknown';
    const message =
      `${PREFIX}failed to create Cloudwatch log group: AccessDeniedException: User: arn:aws:sts::${logs.accountId}:assumed-role/${roleName}/${task.id} ` +
      `is not authorized to perform: logs:CreateLogGroup on resource: ${resource} because no identity-based policy allows the logs:CreateLogGroup action : exit status 1`;
    return { container, behavior: { kind: 'resourceInitError', message } };
  }
  return undefined;
}
