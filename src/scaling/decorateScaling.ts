/**
 * The auto scaling half of ExplorerContext.decorateServices: one DescribeScalableTargets per 50
 * services, then the policies of the services that have a target, folded into each service's
 * `scaling` {min, max, policies}. Never throws: without permission (AccessDenied) or on any other
 * failure, the services simply carry no scaling facts (other failures are logged).
 */
import type { Service } from '@aws-sdk/client-ecs';
import { describeAwsError } from '../aws/awsErrors';
import type { ScalingGateway } from '../aws/scalingGateway';
import type { ServiceDecoration, ServiceDecorations } from '../explorer/nodes/explorerNode';
import type { Logger } from '../shared/logger';
import { describePolicy } from './scalingConfig';

export type DecorateServices = (
  cluster: string,
  services: readonly Service[],
  signal?: AbortSignal,
) => Promise<ServiceDecorations>;

export function createScalingDecorator(scaling: () => ScalingGateway, logger?: Logger): DecorateServices {
  return async (cluster, services, signal) => {
    const out = new Map<string, ServiceDecoration>();
    const names = services.flatMap((s) => (s.serviceName ? [s.serviceName] : []));
    if (names.length === 0) return out;
    try {
      const gateway = scaling();
      const targets = await gateway.describeTargets(cluster, names, signal);
      if (targets.size === 0) return out;
      const policies = await gateway
        .describePoliciesOf(cluster, [...targets.keys()], signal)
        .catch((error: unknown) => {
          // The range alone is still worth showing.
          logger?.debug(`Scaling policies of ${cluster} not shown: ${describeAwsError(error).message}`);
          return new Map<string, never[]>();
        });
      for (const [name, target] of targets) {
        out.set(name, {
          scaling: {
            min: target.MinCapacity ?? 0,
            max: target.MaxCapacity ?? 0,
            policies: (policies.get(name) ?? []).map(describePolicy),
          },
        });
      }
      return out;
    } catch (error) {
      const problem = describeAwsError(error);
      if (problem.kind !== 'accessDenied' && !signal?.aborted) {
        logger?.warn(`Auto scaling of the services in ${cluster} not shown: ${problem.message}`);
      }
      return out;
    }
  };
}
