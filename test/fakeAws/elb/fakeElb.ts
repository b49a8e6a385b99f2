/**
 * The fake Elastic Load Balancing v2 account: load balancers, target groups, listeners and their
 * rules, enough for the ALB request-count scaling policy (DescribeTargetGroups gives each group's
 * LoadBalancerArns) and for blue/green deployments (DescribeListeners + DescribeRules: the production
 * listener rule). ARNs look like the real ones: `…:loadbalancer/app/<name>/<16 hex>`,
 * `…:targetgroup/<name>/<16 hex>`, `…:listener/app/<lb name>/<lb id>/<16 hex>` and
 * `…:listener-rule/app/<lb name>/<lb id>/<listener id>/<16 hex>`. Every listener has its default
 * rule (IsDefault, Priority "default": the listener's default actions); other rules have a priority
 * 1–50000, unique on their listener (ELBv2 API reference, CreateRule and DescribeRules).
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

/** A forward action's target group and its weight (0–999; a plain forward is one group, weight 1). */
export interface WeightedTargetGroup {
  targetGroupArn: string;
  weight: number;
}

export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
}

export interface RuleRecord {
  arn: string;
  listenerArn: string;
  /** 1–50000, or 'default' for the listener's default rule. */
  priority: number | 'default';
  /** path-pattern condition values (none on the default rule). */
  pathPatterns: string[];
  forward: WeightedTargetGroup[];
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
  /** Keyed by ARN, in creation order. */
  readonly listeners = new Map<string, ListenerRecord>();
  /** Keyed by ARN, in creation order. */
  readonly rules = new Map<string, RuleRecord>();
  readonly paginator = new Paginator();

  constructor(readonly options: FakeElbOptions) {}

  reset(): void {
    this.loadBalancers.clear();
    this.targetGroups.clear();
    this.listeners.clear();
    this.rules.clear();
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

  /**
   * Seeds a listener of a seeded load balancer whose default rule forwards to these target groups
   * (weighted). The groups now list the load balancer in their LoadBalancerArns, as in ELB.
   */
  createListener(
    loadBalancerArn: string,
    options: { port?: number; protocol?: string; forward: readonly WeightedTargetGroup[] },
  ): { listener: ListenerRecord; defaultRule: RuleRecord } {
    const lb = this.loadBalancers.get(loadBalancerArn);
    if (!lb) throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
    const port = options.port ?? 80;
    if ([...this.listeners.values()].some((l) => l.loadBalancerArn === lb.arn && l.port === port)) {
      throw new AwsError(
        'DuplicateListener',
        'A listener already exists on this port for this load balancer',
      );
    }
    const lbPath = lb.arn.split(':loadbalancer/')[1] ?? '';
    const listener: ListenerRecord = {
      arn: this.arn(`listener/${lbPath}/${FakeElb.id('listener', `${lb.arn}|${port}`)}`),
      loadBalancerArn: lb.arn,
      port,
      protocol: options.protocol ?? 'HTTP',
    };
    this.listeners.set(listener.arn, listener);
    const defaultRule = this.addRule(listener, 'default', [], options.forward);
    return { listener, defaultRule };
  }

  /** Seeds a rule of a seeded listener: path patterns forwarded to these target groups (weighted). */
  createRule(
    listenerArn: string,
    options: { priority: number; pathPatterns: readonly string[]; forward: readonly WeightedTargetGroup[] },
  ): RuleRecord {
    const listener = this.listeners.get(listenerArn);
    if (!listener) throw new AwsError('ListenerNotFound', 'One or more listeners not found');
    if (!Number.isInteger(options.priority) || options.priority < 1 || options.priority > 50_000) {
      throw new AwsError('ValidationError', 'Priority must be between 1 and 50000');
    }
    if (
      [...this.rules.values()].some((r) => r.listenerArn === listenerArn && r.priority === options.priority)
    ) {
      throw new AwsError('PriorityInUse', `Priority '${options.priority}' is currently in use`);
    }
    return this.addRule(listener, options.priority, options.pathPatterns, options.forward);
  }

  private addRule(
    listener: ListenerRecord,
    priority: RuleRecord['priority'],
    pathPatterns: readonly string[],
    forward: readonly WeightedTargetGroup[],
  ): RuleRecord {
    if (forward.length === 0) throw new AwsError('ValidationError', 'A forward action needs a target group');
    for (const f of forward) {
      const tg = this.targetGroups.get(f.targetGroupArn);
      if (!tg) throw new AwsError('TargetGroupNotFound', 'One or more target groups not found');
      if (!Number.isInteger(f.weight) || f.weight < 0 || f.weight > 999) {
        throw new AwsError('ValidationError', 'Target group weight must be between 0 and 999');
      }
      if (!tg.loadBalancerArns.includes(listener.loadBalancerArn)) {
        tg.loadBalancerArns.push(listener.loadBalancerArn);
      }
    }
    const listenerPath = listener.arn.split(':listener/')[1] ?? '';
    const rule: RuleRecord = {
      arn: this.arn(`listener-rule/${listenerPath}/${FakeElb.id('rule', `${listener.arn}|${priority}`)}`),
      listenerArn: listener.arn,
      priority,
      pathPatterns: [...pathPatterns],
      forward: forward.map((f) => ({ ...f })),
    };
    this.rules.set(rule.arn, rule);
    return rule;
  }
}
