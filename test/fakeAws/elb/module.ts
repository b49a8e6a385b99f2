/**
 * Elastic Load Balancing v2 as a service module of the fake endpoint: the query protocol (version
 * 2015-12-01, signing name elasticloadbalancing, XML answers). DescribeTargetGroups by
 * TargetGroupArns, Names or LoadBalancerArn; DescribeListeners by LoadBalancerArn or ListenerArns;
 * DescribeRules by ListenerArn or RuleArns (by priority, the default rule last). Each pages with
 * Marker/NextMarker (PageSize 1–400) and has the service's errors: TargetGroupNotFound,
 * LoadBalancerNotFound, ListenerNotFound, RuleNotFound, ValidationError (ELBv2 API reference).
 */
import { AwsError } from '../errors';
import { queryProtocol } from '../protocols/query';
import type { ServiceModule } from '../services';
import {
  ELB_LIMITS,
  type FakeElb,
  type ListenerRecord,
  type RuleRecord,
  type TargetGroupRecord,
  type WeightedTargetGroup,
} from './fakeElb';

export const ELB_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
export const ELB_VERSION = '2015-12-01';

type Form = Record<string, string>;

/** `Names.member.1=a&Names.member.2=b` → `['a', 'b']` (undefined when absent). */
function stringMembers(form: Form, name: string): string[] | undefined {
  const prefix = `${name}.member.`;
  const items: string[] = [];
  let seen = false;
  for (const [key, value] of Object.entries(form)) {
    if (!key.startsWith(prefix)) continue;
    const i = Number(key.slice(prefix.length)) - 1;
    if (!Number.isInteger(i) || i < 0) continue;
    items[i] = value;
    seen = true;
  }
  return seen ? items.filter((v) => v !== undefined) : undefined;
}

const validation = (message: string) => new AwsError('ValidationError', message);

function render(tg: TargetGroupRecord): unknown {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: tg.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: tg.loadBalancerArns,
    TargetType: tg.targetType,
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

function describeTargetGroups(fake: FakeElb, form: Form): unknown {
  const arns = stringMembers(form, 'TargetGroupArns');
  const names = stringMembers(form, 'Names');
  const lb = form['LoadBalancerArn'];
  if ([arns, names, lb].filter((v) => v !== undefined).length > 1) {
    throw validation('Only one of target group ARNs, names, or load balancer ARN can be specified');
  }
  const pageSize = pageSizeOf(form);
  const all = [...fake.targetGroups.values()];
  let matches: TargetGroupRecord[];
  if (arns) {
    matches = arns.map((arn) => all.find((tg) => tg.arn === arn)) as TargetGroupRecord[];
    if (matches.some((tg) => tg === undefined)) {
      throw new AwsError('TargetGroupNotFound', 'One or more target groups not found');
    }
  } else if (names) {
    matches = names.map((name) => all.find((tg) => tg.name === name)) as TargetGroupRecord[];
    if (matches.some((tg) => tg === undefined)) {
      throw new AwsError('TargetGroupNotFound', 'One or more target groups not found');
    }
  } else if (lb !== undefined) {
    if (!fake.loadBalancers.has(lb)) {
      throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    matches = all.filter((tg) => tg.loadBalancerArns.includes(lb));
  } else {
    matches = all;
  }
  const scope = `DescribeTargetGroups|${(arns ?? []).join(',')}|${(names ?? []).join(',')}|${lb ?? ''}`;
  const page = pageOf(fake, matches, scope, form, pageSize);
  return { TargetGroups: page.items.map(render), NextMarker: page.nextToken };
}

/** PageSize: 1–400 when given. */
function pageSizeOf(form: Form): number | undefined {
  const pageSizeText = form['PageSize'];
  if (pageSizeText === undefined) return undefined;
  const pageSize = Number(pageSizeText);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ELB_LIMITS.maxPageSize) {
    throw validation(
      `1 validation error detected: Value '${pageSizeText}' at 'pageSize' failed to satisfy constraint: Member must have value ${pageSize < 1 ? 'greater than or equal to 1' : `less than or equal to ${ELB_LIMITS.maxPageSize}`}`,
    );
  }
  return pageSize;
}

function pageOf<T>(fake: FakeElb, matches: T[], scope: string, form: Form, pageSize: number | undefined) {
  return fake.paginator.page(
    matches,
    {
      scope,
      ...(form['Marker'] !== undefined ? { nextToken: form['Marker'] } : {}),
      ...(pageSize !== undefined ? { maxResults: pageSize } : {}),
      defaultPageSize: ELB_LIMITS.defaultPageSize,
      maxPageSize: ELB_LIMITS.maxPageSize,
    },
    () => validation('The marker is not valid'),
  );
}

/** A forward action as ELB renders it: one group also as TargetGroupArn; always a ForwardConfig. */
function forwardAction(forward: readonly WeightedTargetGroup[]): unknown {
  return {
    Type: 'forward',
    ...(forward.length === 1 ? { TargetGroupArn: forward[0]?.targetGroupArn } : {}),
    Order: 1,
    ForwardConfig: {
      TargetGroups: forward.map((f) => ({ TargetGroupArn: f.targetGroupArn, Weight: f.weight })),
      TargetGroupStickinessConfig: { Enabled: false },
    },
  };
}

function defaultRuleOf(fake: FakeElb, listener: ListenerRecord): RuleRecord | undefined {
  return [...fake.rules.values()].find((r) => r.listenerArn === listener.arn && r.priority === 'default');
}

function renderListener(fake: FakeElb, listener: ListenerRecord): unknown {
  const rule = defaultRuleOf(fake, listener);
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: rule ? [forwardAction(rule.forward)] : [],
  };
}

function renderRule(rule: RuleRecord): unknown {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions:
      rule.pathPatterns.length > 0
        ? [
            {
              Field: 'path-pattern',
              Values: rule.pathPatterns,
              PathPatternConfig: { Values: rule.pathPatterns },
            },
          ]
        : [],
    Actions: [forwardAction(rule.forward)],
    IsDefault: rule.priority === 'default',
  };
}

function describeListeners(fake: FakeElb, form: Form): unknown {
  const arns = stringMembers(form, 'ListenerArns');
  const lb = form['LoadBalancerArn'];
  if ((arns === undefined) === (lb === undefined)) {
    throw validation('You must specify either listener ARNs or a load balancer ARN');
  }
  const pageSize = pageSizeOf(form);
  let matches: ListenerRecord[];
  if (arns) {
    matches = arns.map((arn) => fake.listeners.get(arn)) as ListenerRecord[];
    if (matches.some((l) => l === undefined)) {
      throw new AwsError('ListenerNotFound', 'One or more listeners not found');
    }
  } else {
    if (!fake.loadBalancers.has(lb ?? '')) {
      throw new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    matches = [...fake.listeners.values()].filter((l) => l.loadBalancerArn === lb);
  }
  const page = pageOf(
    fake,
    matches,
    `DescribeListeners|${(arns ?? []).join(',')}|${lb ?? ''}`,
    form,
    pageSize,
  );
  return { Listeners: page.items.map((l) => renderListener(fake, l)), NextMarker: page.nextToken };
}

/** Rules by priority, the default rule last (as DescribeRules lists them). */
function byPriority(a: RuleRecord, b: RuleRecord): number {
  const rank = (r: RuleRecord) => (r.priority === 'default' ? Number.MAX_SAFE_INTEGER : r.priority);
  return rank(a) - rank(b);
}

function describeRules(fake: FakeElb, form: Form): unknown {
  const arns = stringMembers(form, 'RuleArns');
  const listener = form['ListenerArn'];
  if ((arns === undefined) === (listener === undefined)) {
    throw validation('You must specify either rule ARNs or a listener ARN');
  }
  const pageSize = pageSizeOf(form);
  let matches: RuleRecord[];
  if (arns) {
    matches = arns.map((arn) => fake.rules.get(arn)) as RuleRecord[];
    if (matches.some((r) => r === undefined)) {
      throw new AwsError('RuleNotFound', 'One or more rules not found');
    }
  } else {
    if (!fake.listeners.has(listener ?? '')) {
      throw new AwsError('ListenerNotFound', 'One or more listeners not found');
    }
    matches = [...fake.rules.values()].filter((r) => r.listenerArn === listener).sort(byPriority);
  }
  const page = pageOf(
    fake,
    matches,
    `DescribeRules|${(arns ?? []).join(',')}|${listener ?? ''}`,
    form,
    pageSize,
  );
  return { Rules: page.items.map(renderRule), NextMarker: page.nextToken };
}

export function elbModule(fake: FakeElb): ServiceModule {
  return {
    signingName: 'elasticloadbalancing',
    protocol: queryProtocol(ELB_XMLNS),
    queryVersion: ELB_VERSION,
    handle(operation: string, input: unknown): unknown {
      const form = (input ?? {}) as Form;
      if (operation === 'DescribeTargetGroups') return describeTargetGroups(fake, form);
      if (operation === 'DescribeListeners') return describeListeners(fake, form);
      if (operation === 'DescribeRules') return describeRules(fake, form);
      throw new AwsError('InvalidAction', `Could not find operation ${operation} for version ${ELB_VERSION}`);
    },
  };
}
