/** ECS as a service module of the fake endpoint: awsJson1_1, target prefix AmazonEC2ContainerServiceV20141113. */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { ServiceModule } from '../services';
import { clusterArn, clusterName, serviceArn, serviceRef } from './arns';
import type { FakeEcs } from './fakeEcs';
import { clusterHandlers } from './handlers/clusters';
import type { Handler } from './handlers/common';
import { serviceDeploymentHandlers } from './handlers/serviceDeployments';
import { serviceHandlers } from './handlers/services';
import { tagHandlers } from './handlers/tags';
import { taskDefinitionHandlers } from './handlers/taskDefinitions';
import { taskHandlers } from './handlers/tasks';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';

const handlers: Record<string, Handler> = {
  ...clusterHandlers,
  ...serviceHandlers,
  ...serviceDeploymentHandlers,
  ...taskHandlers,
  ...taskDefinitionHandlers,
  ...tagHandlers,
};

/** The operations the fake ECS implements. */
export const ecsOperations: readonly string[] = Object.keys(handlers);

const UNSCOPED = new Set(['ListClusters', 'DescribeClusters', 'CreateCluster']);

/** `extra`: operations served with other fakes' help (ExecuteCommand needs the agent and IAM). */
export function ecsModule(ecs: FakeEcs, extra: Record<string, Handler> = {}): ServiceModule {
  return {
    signingName: 'ecs',
    protocol: awsJsonProtocol('com.amazonaws.ecs'),
    jsonTargetPrefix: ECS_TARGET_PREFIX,
    errors: {
      serverError: {
        code: 'ServerException',
        status: 500,
        message: 'Service Unavailable. Please try again later.',
      },
    },
    resourceFor(operation: string, input: unknown): string {
      if (UNSCOPED.has(operation) || operation.includes('TaskDefinition')) return '*';
      const fields = (input ?? {}) as { cluster?: string; service?: string; resourceArn?: string };
      if (fields.resourceArn) return fields.resourceArn;
      const cluster = clusterName(fields.cluster) ?? 'default';
      const service = fields.service === undefined ? undefined : serviceRef(fields.service);
      return service ? serviceArn(ecs, service.cluster ?? cluster, service.name) : clusterArn(ecs, cluster);
    },
    handle(operation: string, input: unknown, ctx): unknown {
      const handler = Object.hasOwn(handlers, operation)
        ? handlers[operation]
        : Object.hasOwn(extra, operation)
          ? extra[operation]
          : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      ecs.tick();
      return handler(ecs, input, ctx);
    },
  };
}
