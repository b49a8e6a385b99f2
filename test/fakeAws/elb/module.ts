/**
 * Elastic Load Balancing v2 as a service module of the fake endpoint: the query protocol (version
 * 2015-12-01, signing name elasticloadbalancing, XML answers). DescribeTargetGroups by
 * TargetGroupArns, Names or LoadBalancerArn, paged with Marker/NextMarker (PageSize 1–400), with the
 * service's errors: TargetGroupNotFound, LoadBalancerNotFound, ValidationError.
 */
import { AwsError } from '../errors';
import { queryProtocol } from '../protocols/query';
import type { ServiceModule } from '../services';
import { ELB_LIMITS, type FakeElb, type TargetGroupRecord } from './fakeElb';

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
  const pageSizeText = form['PageSize'];
  let pageSize: number | undefined;
  if (pageSizeText !== undefined) {
    pageSize = Number(pageSizeText);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ELB_LIMITS.maxPageSize) {
      throw validation(
        `1 validation error detected: Value '${pageSizeText}' at 'pageSize' failed to satisfy constraint: Member must have value ${pageSize !== undefined && pageSize < 1 ? 'greater than or equal to 1' : `less than or equal to ${ELB_LIMITS.maxPageSize}`}`,
      );
    }
  }
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
  const page = fake.paginator.page(
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
  return { TargetGroups: page.items.map(render), NextMarker: page.nextToken };
}

export function elbModule(fake: FakeElb): ServiceModule {
  return {
    signingName: 'elasticloadbalancing',
    protocol: queryProtocol(ELB_XMLNS),
    queryVersion: ELB_VERSION,
    handle(operation: string, input: unknown): unknown {
      if (operation === 'DescribeTargetGroups') return describeTargetGroups(fake, (input ?? {}) as Form);
      throw new AwsError('InvalidAction', `Could not find operation ${operation} for version ${ELB_VERSION}`);
    },
  };
}
