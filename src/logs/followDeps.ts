/**
 * What a follow needs for one connection: ECS for tasks and task definitions, and CloudWatch Logs
 * in the connection's region (a container whose awslogs-region is another one is explained, not
 * followed). services.ts builds it once per connection from its gateways (the logs gateway caches
 * log group ARNs). Editor-free.
 */
import type { EcsGateway } from '../aws/ecsGateway';
import type { LogsGateway } from '../aws/logsGateway';
import type { FollowDeps, TaskDefinitionSource } from './serviceFollower';

export function createFollowDeps(
  region: string,
  ecs: EcsGateway,
  taskDefinitions: TaskDefinitionSource,
  logs: LogsGateway,
): FollowDeps {
  return {
    ecs,
    taskDefinitions,
    logs: (logsRegion) => (logsRegion === region ? logs : undefined),
    region,
  };
}
