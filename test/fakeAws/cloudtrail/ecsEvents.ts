/**
 * The ECS calls CloudTrail records as management events that start or stop a service deployment,
 * with the service as the event's resource (ResourceType AWS::ECS::Service, ResourceName its ARN) —
 * unless `trail.indexEcsResources` is off: then the events have no resources, as the CloudTrail API
 * reference allows (an event's Resources list may be empty), and only EventName & co. find them.
 */
import type { CallContext } from '../services';
import type { FakeCloudTrail } from './fakeCloudTrail';

export const DEPLOYMENT_EVENTS = new Set(['CreateService', 'UpdateService', 'StopServiceDeployment']);

/** `…:service-deployment/cluster/service/id` → `…:service/cluster/service`. */
function serviceArnOfDeployment(arn: string): string | undefined {
  const match = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)service-deployment\/([^/]+)\/([^/]+)\/[^/]+$/.exec(arn);
  return match ? `${match[1]}service/${match[2]}/${match[3]}` : undefined;
}

export function recordEcsCall(
  trail: FakeCloudTrail,
  ctx: CallContext,
  input: unknown,
  result: unknown,
): void {
  if (ctx.service !== 'ecs' || !DEPLOYMENT_EVENTS.has(ctx.operation)) return;
  const out = (result ?? {}) as { service?: { serviceArn?: string }; serviceDeploymentArn?: string };
  const serviceArn =
    out.service?.serviceArn ??
    (out.serviceDeploymentArn ? serviceArnOfDeployment(out.serviceDeploymentArn) : undefined);
  trail.record({
    eventName: ctx.operation,
    ...(ctx.accessKeyId ? { accessKeyId: ctx.accessKeyId } : {}),
    ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}),
    sourceIPAddress: '127.0.0.1',
    requestParameters: input,
    responseElements: ctx.operation === 'StopServiceDeployment' ? result : null,
    requestId: ctx.requestId,
    resources:
      serviceArn && trail.indexEcsResources
        ? [{ ResourceType: 'AWS::ECS::Service', ResourceName: serviceArn }]
        : [],
  });
}
