/**
 * What BLUE_GREEN, LINEAR and CANARY need on a service's load balancer (docs/deployments.md §2):
 * an alternate target group (same VPC, protocol and target type as the production one) and the
 * production listener rule that forwards to the production target group, which ECS re-weights.
 * Finds the candidates, or says exactly what is missing. Editor-free.
 */
import type { Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancer, Service } from '@aws-sdk/client-ecs';
import type { ElbGateway } from '../../aws/elbGateway';

export type TrafficShiftLookup =
  /** No load balancer: nothing to pick (ECS moves the tasks alone). */
  | { readonly kind: 'none' }
  /** The load balancer already has its advanced configuration: kept as is. */
  | { readonly kind: 'ready'; readonly loadBalancers: readonly LoadBalancer[] }
  | {
      readonly kind: 'candidates';
      readonly loadBalancer: LoadBalancer;
      readonly alternates: readonly TargetGroup[];
      readonly rules: readonly Rule[];
    }
  | { readonly kind: 'missing'; readonly problem: string };

function forwardsTo(rule: Rule, targetGroupArn: string): boolean {
  return (rule.Actions ?? []).some(
    (a) =>
      a.TargetGroupArn === targetGroupArn ||
      (a.ForwardConfig?.TargetGroups ?? []).some((t) => t.TargetGroupArn === targetGroupArn),
  );
}

const shortName = (arn: string | undefined) => arn?.split('/')[1] ?? arn ?? '?';

export async function findTrafficShiftResources(
  elb: Pick<ElbGateway, 'describeTargetGroups' | 'listTargetGroups' | 'listListenerRules'>,
  service: Pick<Service, 'loadBalancers'>,
  signal?: AbortSignal,
): Promise<TrafficShiftLookup> {
  const lbs = (service.loadBalancers ?? []).filter((lb) => lb.targetGroupArn);
  if (lbs.length === 0) return { kind: 'none' };
  if (
    lbs.every(
      (lb) =>
        lb.advancedConfiguration?.alternateTargetGroupArn && lb.advancedConfiguration.productionListenerRule,
    )
  ) {
    return { kind: 'ready', loadBalancers: lbs };
  }
  if (lbs.length > 1) {
    return {
      kind: 'missing',
      problem:
        'the service has several target groups without an alternate target group and listener rule; set them per load balancer ' +
        '(loadBalancers[].advancedConfiguration) with the AWS CLI or console, then pick the strategy here',
    };
  }
  const lb = lbs[0] as LoadBalancer;
  const production = (await elb.describeTargetGroups([lb.targetGroupArn ?? ''], signal))[0];
  const loadBalancerArn = production?.LoadBalancerArns?.[0];
  if (!production || !loadBalancerArn) {
    return {
      kind: 'missing',
      problem: `target group ${shortName(lb.targetGroupArn)} is not attached to a load balancer, so there is no listener rule to move`,
    };
  }
  const [groups, rules] = await Promise.all([
    elb.listTargetGroups(signal),
    elb.listListenerRules(loadBalancerArn, signal),
  ]);
  const alternates = groups.filter(
    (g) =>
      g.TargetGroupArn !== production.TargetGroupArn &&
      g.VpcId === production.VpcId &&
      g.Protocol === production.Protocol &&
      g.TargetType === production.TargetType,
  );
  const forwarding = rules.filter((r) => forwardsTo(r, production.TargetGroupArn ?? ''));
  const missing: string[] = [];
  if (alternates.length === 0) {
    missing.push(
      `a second target group in ${production.VpcId ?? 'the same VPC'} (protocol ${production.Protocol ?? '?'}, target type ${production.TargetType ?? 'ip'})`,
    );
  }
  if (forwarding.length === 0) {
    missing.push(
      `a listener rule of the load balancer that forwards to ${shortName(production.TargetGroupArn)}`,
    );
  }
  if (missing.length > 0) {
    return {
      kind: 'missing',
      problem: `traffic-shifting strategies need ${missing.join(' and ')}; create ${missing.length === 1 ? 'it' : 'them'} (EC2 console → Target groups / Load balancers), then configure again`,
    };
  }
  return { kind: 'candidates', loadBalancer: lb, alternates, rules: forwarding };
}

/** The service's load balancer with the picked alternate, rule and role. */
export function withAdvancedConfiguration(
  lb: LoadBalancer,
  alternateTargetGroupArn: string,
  productionListenerRule: string,
  roleArn: string,
): LoadBalancer {
  return { ...lb, advancedConfiguration: { alternateTargetGroupArn, productionListenerRule, roleArn } };
}

/** The role ARN a user types: `arn:aws:iam::123456789012:role/name`. */
export function roleArnProblem(value: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(value.trim())
    ? undefined
    : 'An IAM role ARN, like arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers';
}
