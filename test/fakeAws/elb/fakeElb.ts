/**
 * The fake Elastic Load Balancing v2 account: load balancers and target groups, enough for the ALB
 * request-count scaling policy (DescribeTargetGroups gives each group's LoadBalancerArns). ARNs look
 * like the real ones: `…:loadbalancer/app/<name>/<16 hex>` and `…:targetgroup/<name>/<16 hex>`.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../errors';
import { Paginator } from '../pagination';
import { DEFAULT_VPC_ID } from '../ec2/fakeEc2';

/** The documented limits of DescribeTargetGroups. */
export const ELB_LIMITS = { maxPageSize: 400, defaultPageSize: 400 } as const;

export type LoadBalancerType = 'application' | 'network' | 'gateway';

export interface LoadBalancerRecord {
  name: string;
  arn: string;
  type: LoadBalancerType;
}

export interface TargetGroupRecord {
  name: string;
  arn: string;
  protocol: string;
  port: number;
  targetType: 'ip' | 'instance';
  vpcId: string;
  loadBalancerArns: string[];
}

export interface FakeElbOptions {
  region: string;
  accountId: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const TYPE_PREFIX: Record<LoadBalancerType, string> = { application: 'app', network: 'net', gateway: 'gwy' };

export class FakeElb {
  readonly loadBalancers = new Map<string, LoadBalancerRecord>();
  /** Keyed by ARN, in creation order. */
  readonly targetGroups = new Map<string, TargetGroupRecord>();
  readonly paginator = new Paginator();

  constructor(readonly options: FakeElbOptions) {}

  reset(): void {
    this.loadBalancers.clear();
    this.targetGroups.clear();
  }

  private arn(resource: string): string {
    return `arn:aws:elasticloadbalancing:${this.options.region}:${this.options.accountId}:${resource}`;
  }

  private static id(kind: string, name: string): string {
    return createHash('sha256').update(`${kind}|${name}`).digest('hex').slice(0, 16);
  }

  /** Seeds a load balancer (an ALB unless `type` says otherwise). */
  createLoadBalancer(name: string, type: LoadBalancerType = 'application'): LoadBalancerRecord {
    if (!NAME.test(name)) throw new AwsError('ValidationError', `Load balancer name '${name}' is not valid`);
    const arn = this.arn(`loadbalancer/${TYPE_PREFIX[type]}/${name}/${FakeElb.id('lb', name)}`);
    const record = { name, arn, type };
    this.loadBalancers.set(arn, record);
    return record;
  }

  /** Seeds a target group, attached to these load balancers (ARNs of seeded ones). */
  createTargetGroup(
    name: string,
    options: {
      loadBalancerArns?: readonly string[];
      port?: number;
      protocol?: string;
      targetType?: TargetGroupRecord['targetType'];
      /** Default: the fake EC2's default VPC, where Fargate tasks of the fake run. */
      vpcId?: string;
    } = {},
  ): TargetGroupRecord {
    if (!NAME.test(name)) throw new AwsError('ValidationError', `Target group name '${name}' is not valid`);
    for (const lb of options.loadBalancerArns ?? []) {
      if (!this.loadBalancers.has(lb))
        throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    const record: TargetGroupRecord = {
      name,
      arn: this.arn(`targetgroup/${name}/${FakeElb.id('tg', name)}`),
      protocol: options.protocol ?? 'HTTP',
      port: options.port ?? 80,
      targetType: options.targetType ?? 'ip',
      vpcId: options.vpcId ?? DEFAULT_VPC_ID,
      loadBalancerArns: [...(options.loadBalancerArns ?? [])],
    };
    this.targetGroups.set(record.arn, record);
    return record;
  }
}
