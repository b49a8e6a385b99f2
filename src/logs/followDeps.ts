/**
 * What a follow needs for one connection: ECS for tasks and task definitions, and CloudWatch Logs
 * in the connection's region (a container whose awslogs-region is another one is explained, not
 * followed). services.ts builds it once per connection (perConnection): the logs gateway caches
 * log group ARNs. Editor-free.
 */
import type { AwsClientFactory } from '../aws/clientFactory';
import type { EcsGateway } from '../aws/ecsGateway';
import { createLogsGateway } from '../aws/logsGateway';
import type { FollowDeps, TaskDefinitionSource } from './serviceFollower';

export function createFollowDeps(
  clients: AwsClientFactory,
  ecs: EcsGateway,
  taskDefinitions: TaskDefinitionSource,
): FollowDeps {
  const logs = createLogsGateway(clients.logs(), { region: clients.region });
  return {
    ecs,
    taskDefinitions,
    logs: (region) => (region === clients.region ? logs : undefined),
    region: clients.region,
  };
}
