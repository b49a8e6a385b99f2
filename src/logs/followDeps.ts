/**
 * What a follow needs for the current connection (ECS for tasks and task definitions, CloudWatch
 * Logs for the region), built once per connection: the logs gateway caches log group ARNs.
 * Editor-free; services.ts passes the connection and its ECS gateway.
 */
import type { AwsClientFactory } from '../aws/clientFactory';
import type { EcsGateway } from '../aws/ecsGateway';
import { createLogsGateway } from '../aws/logsGateway';
import { createTaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import type { FollowDeps } from './serviceFollower';

export function createFollowDepsProvider(
  clients: () => AwsClientFactory,
  ecs: () => EcsGateway,
  concurrency: () => number = () => 4,
): () => FollowDeps {
  let cached: { key: AwsClientFactory; deps: FollowDeps } | undefined;
  return () => {
    const factory = clients();
    if (cached?.key !== factory) {
      const logs = createLogsGateway(factory.logs(), { region: factory.region });
      cached = {
        key: factory,
        deps: {
          ecs: ecs(),
          taskDefinitions: createTaskDefinitionGateway(factory.ecs(), { concurrency }),
          // One client per connection, in its region: awslogs-region elsewhere is explained instead.
          logs: (region) => (region === factory.region ? logs : undefined),
          region: factory.region,
        },
      };
    }
    return cached.deps;
  };
}
