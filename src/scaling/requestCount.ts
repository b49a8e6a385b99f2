/**
 * The ALB request-count policy of "Configure Auto Scaling": which target groups a service has, and
 * the ResourceLabel Application Auto Scaling wants for `ALBRequestCountPerTarget`:
 * `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`, i.e. the load balancer ARN after
 * `loadbalancer/`, a slash, and the target group ARN from `targetgroup/`. Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';

export type LabelResult =
  { readonly ok: true; readonly label: string } | { readonly ok: false; readonly error: string };

const TARGET_GROUP_ARN = /^arn:[\w-]+:elasticloadbalancing:[\w-]*:\d*:(targetgroup\/[^/]+\/[^/]+)$/;
const LOAD_BALANCER_ARN = /^arn:[\w-]+:elasticloadbalancing:[\w-]*:\d*:loadbalancer\/([^/]+\/[^/]+\/[^/]+)$/;

/** `arn:…:targetgroup/web/73e2d6bc24d8a067` → `web` (the ARN itself when it is not a target group ARN). */
export function targetGroupName(arn: string): string {
  return TARGET_GROUP_ARN.exec(arn)?.[1]?.split('/')[1] ?? arn;
}

/** The distinct target group ARNs of a service's load balancers, in their order. */
export function serviceTargetGroups(service: Service): string[] {
  const arns = (service.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : []));
  return [...new Set(arns)];
}

/**
 * The ResourceLabel for a target group and the load balancers it is attached to (DescribeTargetGroups'
 * `LoadBalancerArns`). Only an Application Load Balancer counts requests per target.
 */
export function resourceLabel(targetGroupArn: string, loadBalancerArns: readonly string[]): LabelResult {
  const group = TARGET_GROUP_ARN.exec(targetGroupArn)?.[1];
  if (!group) return { ok: false, error: `Not a target group ARN: ${targetGroupArn}` };
  const name = targetGroupName(targetGroupArn);
  if (loadBalancerArns.length === 0) {
    return { ok: false, error: `The target group ${name} is not attached to a load balancer.` };
  }
  const balancers = loadBalancerArns.flatMap((arn) => {
    const match = LOAD_BALANCER_ARN.exec(arn)?.[1];
    return match ? [match] : [];
  });
  const application = balancers.find((b) => b.startsWith('app/'));
  if (!application) {
    return {
      ok: false,
      error: `The target group ${name} is not behind an Application Load Balancer: only an ALB counts requests per target.`,
    };
  }
  return { ok: true, label: `${application}/${group}` };
}

/** Whether a ResourceLabel is about this target group (for preselecting the current one). */
export function labelMatchesTargetGroup(label: string | undefined, targetGroupArn: string): boolean {
  const group = TARGET_GROUP_ARN.exec(targetGroupArn)?.[1];
  return label !== undefined && group !== undefined && label.endsWith(`/${group}`);
}
