/**
 * Who or what started a service deployment, and who rolled it back. ECS's ServiceDeployment record
 * does not say; CloudTrail does: the CreateService / UpdateService event on the service that made
 * it, StopServiceDeployment for a rollback asked for, and no event at all for a rollback ECS started
 * itself (an alarm, the circuit breaker), which the record's own fields explain.
 * docs/aws-facts.md §11. Pure and editor-free except lookUpTriggers, which asks the gateway (once,
 * or for the EventName fallback).
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { ACCESS_DENIED, THROTTLED } from '../../aws/awsErrorCodes';
import {
  CLOUDTRAIL_LIMITS,
  type CloudTrailGateway,
  type TimeWindow,
  type TrailEvent,
} from '../../aws/cloudTrailGateway';
import { EXTENSION_USER_AGENT } from '../../aws/userAgent';

/** An event counts for a deployment when it is this close to the deployment's createdAt. */
export const MATCH_TOLERANCE_MS = 60_000;
/** The lookup window reaches this far before the oldest and after the newest deployment of a page. */
export const WINDOW_MARGIN_MS = 2 * 60_000;
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

const STARTING_EVENTS = new Set(['CreateService', 'UpdateService']);
const ROLLBACK_EVENTS = new Set(['StopServiceDeployment']);

export interface DeploymentTrigger {
  /** "alice (IAM user) via the console", "ECS (alarm search-p99-latency)", "unknown (…)". */
  readonly startedBy: string;
  /** For a rolled-back deployment: who asked for the rollback (or ECS and why). */
  readonly rolledBackBy?: string;
}

/** What the lookup gave: the events, or why there are none. */
export type TrailLookup =
  | { readonly kind: 'events'; readonly events: readonly TrailEvent[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** The fields of a CloudTrail record this module reads (CloudTrailEvent is its JSON text). */
interface TrailRecord {
  readonly userIdentity?: {
    readonly type?: string;
    readonly arn?: string;
    readonly userName?: string;
    readonly invokedBy?: string;
    readonly principalId?: string;
  };
  readonly userAgent?: string;
  readonly sourceIPAddress?: string;
  readonly requestParameters?: {
    readonly service?: string;
    readonly serviceName?: string;
    readonly cluster?: string;
    readonly serviceDeploymentArn?: string;
  } | null;
}

function parseRecord(text: string | undefined): TrailRecord {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * The window one LookupEvents covers for a page of deployments (undefined: none within 90 days).
 * It depends on the deployments only (the start's 90-day floor moves by the hour), so a page
 * refreshed asks for the same window and the gateway's cache answers.
 */
export function lookupWindow(deployments: readonly ServiceDeployment[], now: number): TimeWindow | undefined {
  const oldestKept = Math.ceil((now - CLOUDTRAIL_LIMITS.historyDays * DAY_MS) / HOUR_MS) * HOUR_MS;
  const times = deployments
    .flatMap((d) => [d.createdAt, d.rollback?.startedAt])
    .flatMap((t) => (t ? [t.getTime()] : []));
  const recent = times.filter((t) => t + WINDOW_MARGIN_MS >= oldestKept);
  if (recent.length === 0) return undefined;
  return {
    start: new Date(Math.max(oldestKept, Math.min(...recent) - WINDOW_MARGIN_MS)),
    // Never past the current minute (a window still open is asked again after RECENT_TTL_MS anyway).
    end: new Date(Math.min(Math.max(...recent) + WINDOW_MARGIN_MS, Math.ceil(now / 60_000) * 60_000)),
  };
}

/** The event of `names` closest to `at` within the tolerance, else undefined. */
export function closestEvent(
  events: readonly TrailEvent[],
  names: ReadonlySet<string>,
  at: Date | undefined,
  about?: (record: TrailRecord) => boolean,
): TrailEvent | undefined {
  if (!at) return undefined;
  let best: { event: TrailEvent; distance: number } | undefined;
  for (const event of events) {
    if (!event.eventName || !names.has(event.eventName) || !event.eventTime) continue;
    const distance = Math.abs(event.eventTime.getTime() - at.getTime());
    if (distance > MATCH_TOLERANCE_MS) continue;
    if (about && !about(parseRecord(event.cloudTrailEvent))) continue;
    if (!best || distance < best.distance) best = { event, distance };
  }
  return best?.event;
}

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  'codepipeline.amazonaws.com': 'CodePipeline',
  'cloudformation.amazonaws.com': 'CloudFormation',
  'codedeploy.amazonaws.com': 'CodeDeploy',
  'codebuild.amazonaws.com': 'CodeBuild',
  'ecs.amazonaws.com': 'ECS',
  'application-autoscaling.amazonaws.com': 'Application Auto Scaling',
};

function serviceName(host: string): string {
  return SERVICE_NAMES[host] ?? host;
}

/** Through what the call came: the console, this extension, the AWS CLI, an AWS service. */
function channelOf(record: TrailRecord): string | undefined {
  const agent = record.userAgent ?? '';
  const invokedBy = record.userIdentity?.invokedBy;
  if (agent.includes(EXTENSION_USER_AGENT)) return 'this extension';
  if (invokedBy && invokedBy !== 'AWS Internal' && invokedBy.endsWith('.amazonaws.com')) {
    return invokedBy === 'signin.amazonaws.com' ? 'the console' : serviceName(invokedBy);
  }
  if (/console\.(aws\.)?amazonaws\.com/.test(agent) || agent === 'AWS Internal') return 'the console';
  if (agent.startsWith('aws-cli/')) return 'aws-cli';
  if (agent.includes('Terraform')) return 'Terraform';
  if (/^[a-z0-9-]+\.amazonaws\.com$/.test(agent)) return serviceName(agent);
  return undefined;
}

/** The principal: `alice (IAM user)`, `role/deploy-bot (assumed role, session ci-run-42)`, `the root user`. */
function principalOf(record: TrailRecord, username: string | undefined): string | undefined {
  const identity = record.userIdentity;
  const arn = identity?.arn ?? '';
  switch (identity?.type) {
    case 'IAMUser':
      return `${identity.userName ?? arn.split('/').pop() ?? username ?? 'an IAM user'} (IAM user)`;
    case 'AssumedRole': {
      // arn:aws:sts::123456789012:assumed-role/deploy-bot/ci-run-42
      const [, role, session] = /assumed-role\/([^/]+)\/(.+)$/.exec(arn) ?? [];
      return role
        ? `role/${role} (assumed role${session ? `, session ${session}` : ''})`
        : `${arn || username || 'a role'} (assumed role)`;
    }
    case 'Root':
      return 'the root user';
    case 'FederatedUser':
      return `${arn.split('/').pop() ?? username ?? 'a federated user'} (federated user)`;
    case 'IdentityCenterUser':
    case 'SAMLUser':
    case 'WebIdentityUser':
      return `${identity.userName ?? username ?? 'a user'} (${identity.type})`;
    case 'AWSService':
    case 'AWSAccount':
      return undefined;
    default:
      return username;
  }
}

/** One CloudTrail event in a few words: who, and through what. */
export function describeEvent(event: TrailEvent): string {
  const record = parseRecord(event.cloudTrailEvent);
  const channel = channelOf(record);
  if (record.userIdentity?.type === 'AWSService') {
    return record.userIdentity.invokedBy
      ? serviceName(record.userIdentity.invokedBy)
      : (channel ?? 'an AWS service');
  }
  const principal = principalOf(record, event.username);
  if (!principal) return channel ?? 'unknown (the CloudTrail event names no caller)';
  return channel ? `${principal} via ${channel}` : principal;
}

/** A rollback nobody asked for: what the record says made ECS roll back (undefined: it does not say). */
function ecsRollbackCause(d: ServiceDeployment): string | undefined {
  const fired = d.alarms?.triggeredAlarmNames ?? [];
  if (fired.length > 0) return `ECS (alarm ${fired.join(', ')})`;
  if (d.deploymentCircuitBreaker?.status === 'TRIGGERED') return 'ECS (circuit breaker)';
  const reason = d.rollback?.reason ?? '';
  if (/alarm/i.test(reason)) return 'ECS (alarm)';
  if (/circuit breaker/i.test(reason)) return 'ECS (circuit breaker)';
  return undefined;
}

function isAbout(d: ServiceDeployment): (record: TrailRecord) => boolean {
  const service = d.serviceArn?.split('/').pop();
  return (record) => {
    const p = record.requestParameters;
    if (!p) return true;
    if (p.serviceDeploymentArn) return p.serviceDeploymentArn === d.serviceDeploymentArn;
    const named = p.service ?? p.serviceName;
    return !named || !service || named === d.serviceArn || named.split('/').pop() === service;
  };
}

/** Who started `d` (and rolled it back), from what the lookup gave. */
export function triggerFor(d: ServiceDeployment, lookup: TrailLookup, now: number): DeploymentTrigger {
  const rolledBack = d.rollback?.startedAt !== undefined;
  const oldestKept = now - CLOUDTRAIL_LIMITS.historyDays * DAY_MS;
  const tooOld = (at: Date | undefined) => at !== undefined && at.getTime() < oldestKept;
  const unknown = (at: Date | undefined) =>
    lookup.kind === 'unavailable'
      ? `unknown (${lookup.reason})`
      : tooOld(at)
        ? "unknown (not in CloudTrail's last 90 days)"
        : 'unknown (no matching CloudTrail event)';
  const events = lookup.kind === 'events' ? lookup.events : [];
  const started = closestEvent(events, STARTING_EVENTS, d.createdAt, isAbout(d));
  const startedBy = started ? describeEvent(started) : unknown(d.createdAt);
  if (!rolledBack) return { startedBy };
  const stop = closestEvent(events, ROLLBACK_EVENTS, d.rollback?.startedAt, isAbout(d));
  // No StopServiceDeployment: ECS rolled back by itself (its own decision is never a CloudTrail call).
  const rolledBackBy = stop
    ? describeEvent(stop)
    : (ecsRollbackCause(d) ?? (lookup.kind === 'events' ? 'ECS' : unknown(d.rollback?.startedAt)));
  return { startedBy, rolledBackBy };
}

/** Why the lookup gave nothing, in the words the tooltip uses. */
export function unavailableReason(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  if (ACCESS_DENIED.has(name)) return 'no cloudtrail:LookupEvents permission';
  if (THROTTLED.has(name)) return 'CloudTrail throttled the lookup';
  return `CloudTrail lookup failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** A service as ECS's API names it: its cluster's name and its own. */
export interface ServiceRef {
  readonly cluster: string;
  readonly name: string;
}

/** `service/cluster/name` (or the old `service/name`) from an ECS ARN's resource part. */
function arnResource(arn: string): string[] {
  return arn.split(':').slice(5).join(':').split('/');
}

/** The service a deployment belongs to (the cluster from the service ARN, else from clusterArn). */
export function serviceRefOf(d: ServiceDeployment): ServiceRef | undefined {
  if (!d.serviceArn) return undefined;
  const parts = arnResource(d.serviceArn);
  const name = parts.at(-1);
  const cluster = parts.length >= 3 ? parts[1] : d.clusterArn?.split('/').pop();
  return name && cluster ? { cluster, name } : undefined;
}

/** A cluster parameter as ECS takes it: a name, an ARN, or absent for the `default` cluster. */
function clusterNameOf(value: string | undefined): string {
  if (!value) return 'default';
  return value.startsWith('arn:') ? (value.split('/').pop() ?? value) : value;
}

/**
 * Whether an event's requestParameters name `service`: `service` (UpdateService) or `serviceName`
 * (CreateService) as a name or an ARN, in `cluster` as a name, an ARN or absent ("default"); or
 * `serviceDeploymentArn` (StopServiceDeployment) of one of its deployments. Events found by EventName
 * are every service's, so this is the only thing that ties them to this one (docs/aws-facts.md §11).
 */
export function eventNamesService(event: TrailEvent, service: ServiceRef): boolean {
  const p = parseRecord(event.cloudTrailEvent).requestParameters;
  if (!p) return false;
  if (p.serviceDeploymentArn) {
    // …:service-deployment/cluster/service/id
    const [kind, cluster, name] = arnResource(p.serviceDeploymentArn);
    return kind === 'service-deployment' && cluster === service.cluster && name === service.name;
  }
  const named = p.service ?? p.serviceName;
  if (!named) return false;
  if (!named.startsWith('arn:'))
    return named === service.name && clusterNameOf(p.cluster) === service.cluster;
  const parts = arnResource(named);
  if (parts[0] !== 'service' || parts.at(-1) !== service.name) return false;
  // A new-format ARN names its cluster; an old-format one leaves it to the cluster parameter.
  return (parts.length >= 3 ? parts[1] : clusterNameOf(p.cluster)) === service.cluster;
}

/** Whether any deployment of the page has its CreateService/UpdateService event among `events`. */
function anyStartMatched(events: readonly TrailEvent[], deployments: readonly ServiceDeployment[]): boolean {
  return deployments.some(
    (d) => closestEvent(events, STARTING_EVENTS, d.createdAt, isAbout(d)) !== undefined,
  );
}

/** A service's first deployment (CreateService's) has no source revision. */
function isFirstDeployment(d: ServiceDeployment): boolean {
  return (d.sourceServiceRevisions ?? []).length === 0;
}

/**
 * The fallback (docs/aws-facts.md §11): this service's events among every UpdateService in the window
 * (EventName lookup), then CreateService if the service's first deployment is still unmatched, and
 * StopServiceDeployment if the page has a rollback. Each is one cached lookup of ≤ 3 pages.
 */
async function eventsByName(
  gateway: CloudTrailGateway,
  deployments: readonly ServiceDeployment[],
  service: ServiceRef,
  window: TimeWindow,
  signal: AbortSignal | undefined,
): Promise<TrailEvent[]> {
  const ofService = async (eventName: string) =>
    (await gateway.lookupEvents({ key: 'EventName', value: eventName }, window, signal)).filter((e) =>
      eventNamesService(e, service),
    );
  const events = await ofService('UpdateService');
  const unmatched = deployments.filter(
    (d) => !closestEvent(events, STARTING_EVENTS, d.createdAt, isAbout(d)),
  );
  if (unmatched.some(isFirstDeployment)) events.push(...(await ofService('CreateService')));
  if (deployments.some((d) => d.rollback?.startedAt)) {
    events.push(...(await ofService('StopServiceDeployment')));
  }
  return events;
}

/**
 * The service's events in the page's window. ResourceName = the service ARN first; if that finds no
 * CreateService/UpdateService for any deployment of the page, the EventName fallback, and a
 * connection where only the fallback found them asks it straight away from then on (§11).
 */
async function serviceEvents(
  gateway: CloudTrailGateway,
  deployments: readonly ServiceDeployment[],
  serviceArn: string,
  service: ServiceRef | undefined,
  window: TimeWindow,
  signal: AbortSignal | undefined,
): Promise<readonly TrailEvent[]> {
  let byResource: readonly TrailEvent[] = [];
  if (gateway.serviceEventsKey() === 'ResourceName' || !service) {
    byResource = await gateway.lookupEvents({ key: 'ResourceName', value: serviceArn }, window, signal);
    if (!service || anyStartMatched(byResource, deployments)) return byResource;
  }
  const byName = await eventsByName(gateway, deployments, service, window, signal);
  if (byResource.length === 0 && anyStartMatched(byName, deployments)) {
    gateway.rememberServiceEventsKey('EventName');
  }
  const seen = new Set(byName.map((e) => e.eventId));
  return [...byName, ...byResource.filter((e) => !e.eventId || !seen.has(e.eventId))];
}

/**
 * The service's events in the page's window (one LookupEvents, or the EventName fallback) and each
 * deployment's trigger. Never throws for CloudTrail's sake: a denied or throttled lookup gives
 * "unknown (…)" triggers.
 */
export async function lookUpTriggers(
  gateway: CloudTrailGateway,
  deployments: readonly ServiceDeployment[],
  now: number,
  signal?: AbortSignal,
): Promise<Map<string, DeploymentTrigger>> {
  const triggers = new Map<string, DeploymentTrigger>();
  const withArn = deployments.find((d) => d.serviceArn);
  const serviceArn = withArn?.serviceArn;
  const window = lookupWindow(deployments, now);
  let lookup: TrailLookup;
  if (!withArn || !serviceArn || !window) {
    lookup = { kind: 'events', events: [] };
  } else {
    try {
      const service = serviceRefOf(withArn);
      lookup = {
        kind: 'events',
        events: await serviceEvents(gateway, deployments, serviceArn, service, window, signal),
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      lookup = { kind: 'unavailable', reason: unavailableReason(error) };
    }
  }
  for (const d of deployments) {
    if (d.serviceDeploymentArn) triggers.set(d.serviceDeploymentArn, triggerFor(d, lookup, now));
  }
  return triggers;
}
