/**
 * What the extension asks of Elastic Load Balancing v2: the target groups of a service (for the
 * ResourceLabel of an ALB request-count scaling policy), over one ElasticLoadBalancingV2Client.
 * DescribeTargetGroups pages with Marker (PageSize at most 400). Editor-free.
 */
import type { ElasticLoadBalancingV2Client, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { sdk } from './sdkModules';

/** The documented maximum PageSize of DescribeTargetGroups. */
export const ELB_PAGE_SIZE = 400;

export interface ElbGateway {
  /**
   * These target groups (by ARN), with the ARNs of the load balancers they are attached to.
   * An unknown ARN fails the call (TargetGroupNotFoundException), as the API does.
   */
  describeTargetGroups(arns: readonly string[], signal?: AbortSignal): Promise<TargetGroup[]>;
}

export function createElbGateway(client: ElasticLoadBalancingV2Client): ElbGateway {
  return {
    describeTargetGroups: async (arns, signal) => {
      if (arns.length === 0) return [];
      const groups: TargetGroup[] = [];
      let Marker: string | undefined;
      do {
        const out = await client.send(
          new (sdk.elb().DescribeTargetGroupsCommand)({
            TargetGroupArns: [...arns],
            PageSize: ELB_PAGE_SIZE,
            Marker,
          }),
          { abortSignal: signal },
        );
        groups.push(...(out.TargetGroups ?? []));
        Marker = out.NextMarker;
      } while (Marker);
      return groups;
    },
  };
}
