/**
 * What the extension asks of Elastic Load Balancing v2: the target groups of a service (for the
 * ResourceLabel of an ALB request-count scaling policy) and of the region (the deploy wizard), over one ElasticLoadBalancingV2Client.
 * DescribeTargetGroups pages with Marker (PageSize at most 400). Editor-free.
 */
import type {
  ElasticLoadBalancingV2Client,
  Rule,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { sdk } from './sdkModules';

/** The documented maximum PageSize of DescribeTargetGroups. */
export const ELB_PAGE_SIZE = 400;

export interface ElbGateway {
  /**
   * These target groups (by ARN), with the ARNs of the load balancers they are attached to.
   * An unknown ARN fails the call (TargetGroupNotFoundException), as the API does.
   */
  describeTargetGroups(arns: readonly string[], signal?: AbortSignal): Promise<TargetGroup[]>;
  /** Every target group of the region (all pages), for the deploy wizard's pick. */
  listTargetGroups(signal?: AbortSignal): Promise<TargetGroup[]>;
  /**
   * The listener rules of a load balancer (DescribeListeners, then DescribeRules per listener), for
   * the production listener rule a blue/green service deployment moves (docs/deployments.md §2).
   */
  listListenerRules(loadBalancerArn: string, signal?: AbortSignal): Promise<Rule[]>;
}

export function createElbGateway(client: ElasticLoadBalancingV2Client): ElbGateway {
  /** All pages of DescribeTargetGroups, for these ARNs or (none given) every group. */
  const allPages = async (arns: readonly string[] | undefined, signal?: AbortSignal) => {
    const groups: TargetGroup[] = [];
    let Marker: string | undefined;
    do {
      const out = await client.send(
        new (sdk.elb().DescribeTargetGroupsCommand)({
          ...(arns ? { TargetGroupArns: [...arns] } : {}),
          PageSize: ELB_PAGE_SIZE,
          Marker,
        }),
        { abortSignal: signal },
      );
      groups.push(...(out.TargetGroups ?? []));
      Marker = out.NextMarker;
    } while (Marker);
    return groups;
  };
  return {
    describeTargetGroups: async (arns, signal) => (arns.length === 0 ? [] : allPages(arns, signal)),
    listTargetGroups: (signal) => allPages(undefined, signal),
    listListenerRules: async (loadBalancerArn, signal) => {
      const listenerArns: string[] = [];
      let Marker: string | undefined;
      do {
        const out = await client.send(
          new (sdk.elb().DescribeListenersCommand)({
            LoadBalancerArn: loadBalancerArn,
            PageSize: ELB_PAGE_SIZE,
            Marker,
          }),
          { abortSignal: signal },
        );
        for (const l of out.Listeners ?? []) if (l.ListenerArn) listenerArns.push(l.ListenerArn);
        Marker = out.NextMarker;
      } while (Marker);
      const rules: Rule[] = [];
      for (const ListenerArn of listenerArns) {
        let RuleMarker: string | undefined;
        do {
          const out = await client.send(
            new (sdk.elb().DescribeRulesCommand)({
              ListenerArn,
              PageSize: ELB_PAGE_SIZE,
              Marker: RuleMarker,
            }),
            { abortSignal: signal },
          );
          rules.push(...(out.Rules ?? []));
          RuleMarker = out.NextMarker;
        } while (RuleMarker);
      }
      return rules;
    },
  };
}
