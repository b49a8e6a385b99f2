/**
 * A service deployment (DescribeServiceDeployments) in words: its status, the revisions it moves
 * from and to, where it stands (scale up, test traffic, production traffic with the weights, bake
 * time left, a lifecycle hook awaiting action), why it stopped or rolled back, the alarms that fired
 * and the circuit breaker's count. Used by the tree, "Show Deployment" and the deploy's follower.
 * Field meanings: docs/deployments.md §1. Pure and editor-free.
 */
import type {
  DeploymentLifecycleHookDetail,
  ServiceDeployment,
  ServiceDeploymentStatus,
  ServiceRevisionSummary,
} from '@aws-sdk/client-ecs';
import type { DeploymentTrigger } from './deploymentTrigger';

/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES: ReadonlySet<ServiceDeploymentStatus> = new Set<ServiceDeploymentStatus>([
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

/** Statuses where the deployment can still be steered (Roll Back, Continue). */
export function isInProgress(status: ServiceDeploymentStatus | undefined): boolean {
  return status === 'PENDING' || status === 'IN_PROGRESS';
}

export function isFinal(status: ServiceDeploymentStatus | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.has(status);
}

/** Still moving (the tree keeps refreshing it). */
export function isTransitionalDeployment(status: ServiceDeploymentStatus | undefined): boolean {
  return status !== undefined && !FINAL_STATUSES.has(status);
}

/** `arn:…:service-deployment/c/s/AbC123` → `AbC123`. */
export function deploymentId(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '';
}

const STAGE_WORDS: Readonly<Record<string, string>> = {
  RECONCILE_SERVICE: 'reconciling the service',
  PRE_SCALE_UP: 'before scale up',
  SCALE_UP: 'scaling up the new revision',
  POST_SCALE_UP: 'after scale up',
  TEST_TRAFFIC_SHIFT: 'shifting test traffic',
  POST_TEST_TRAFFIC_SHIFT: 'after the test traffic shift',
  PRE_PRODUCTION_TRAFFIC_SHIFT: 'before the production traffic shift',
  PRODUCTION_TRAFFIC_SHIFT: 'shifting production traffic',
  POST_PRODUCTION_TRAFFIC_SHIFT: 'after the production traffic shift',
  BAKE_TIME: 'bake time',
  CLEAN_UP: 'cleaning up the old revision',
};

export function stageWords(stage: string | undefined): string {
  return stage ? (STAGE_WORDS[stage] ?? stage) : '';
}

/** The PAUSE hook waiting for Continue or Roll Back, if any. */
export function awaitingHook(d: ServiceDeployment): DeploymentLifecycleHookDetail | undefined {
  return d.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION' && h.hookId);
}

function weight(n: number | undefined): string {
  return `${Math.round((n ?? 0) * 10) / 10} %`;
}

/** "new 20 % / old 80 %" from the revisions' requested production weights. */
export function trafficWeights(
  d: ServiceDeployment,
  kind: 'production' | 'test' = 'production',
): string | undefined {
  const pick = (r: ServiceRevisionSummary | undefined) =>
    kind === 'production' ? r?.requestedProductionTrafficWeight : r?.requestedTestTrafficWeight;
  const target = pick(d.targetServiceRevision);
  if (target === undefined) return undefined;
  const old = (d.sourceServiceRevisions ?? []).reduce((sum, r) => sum + (pick(r) ?? 0), 0);
  return `new ${weight(target)} / old ${weight(old)}`;
}

function tasks(r: ServiceRevisionSummary | undefined): string | undefined {
  if (!r || r.requestedTaskCount === undefined) return undefined;
  return `${r.runningTaskCount ?? 0}/${r.requestedTaskCount} new tasks running`;
}

export interface StageContext {
  readonly now: number;
  /** When the current stage was first seen (the follower knows; the tree uses updatedAt). */
  readonly stageSince?: number;
}

/**
 * Where an in-progress deployment stands, in one line, e.g. "shifting production traffic: new 20 % /
 * old 80 %", "bake time: 7 min left", "paused before continuing at POST_TEST_TRAFFIC_SHIFT: Continue
 * or Roll Back". Final deployments: their status in words.
 */
export function stageLine(d: ServiceDeployment, ctx: StageContext): string {
  const hook = awaitingHook(d);
  if (hook) {
    const expires = hook.expiresAt
      ? `, ${hook.timeoutAction === 'CONTINUE' ? 'continues' : 'rolls back'} by itself in ${minutesLeft(hook.expiresAt.getTime(), ctx.now)} min`
      : '';
    return `paused (${stageWords(d.lifecycleStage) || 'lifecycle hook'}): waiting for Continue or Roll Back${expires}`;
  }
  if (!isTransitionalDeployment(d.status)) return statusWords(d.status);
  if (d.status === 'PENDING') return 'pending';
  if (d.status !== 'IN_PROGRESS') return statusWords(d.status);
  const stage = d.lifecycleStage;
  const words = stageWords(stage) || 'in progress';
  switch (stage) {
    case 'SCALE_UP': {
      const t = tasks(d.targetServiceRevision);
      return t ? `${words}: ${t}` : words;
    }
    case 'TEST_TRAFFIC_SHIFT': {
      const w = trafficWeights(d, 'test');
      return w ? `${words}: ${w}` : words;
    }
    case 'PRODUCTION_TRAFFIC_SHIFT': {
      const w = trafficWeights(d);
      return w ? `${words}: ${w}` : words;
    }
    case 'BAKE_TIME': {
      const bake = d.deploymentConfiguration?.bakeTimeInMinutes;
      const since = ctx.stageSince ?? d.updatedAt?.getTime();
      if (bake === undefined || since === undefined) return words;
      return `${words}: ${minutesLeft(since + bake * 60_000, ctx.now)} min left of ${bake}`;
    }
    default:
      return words;
  }
}

function minutesLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 60_000));
}

export function statusWords(status: ServiceDeploymentStatus | undefined): string {
  switch (status) {
    case 'SUCCESSFUL':
      return 'successful';
    case 'STOPPED':
      return 'stopped';
    case 'STOP_REQUESTED':
      return 'stop requested';
    case 'ROLLBACK_REQUESTED':
      return 'rollback requested';
    case 'ROLLBACK_IN_PROGRESS':
      return 'rolling back';
    case 'ROLLBACK_SUCCESSFUL':
      return 'rolled back';
    case 'ROLLBACK_FAILED':
      return 'rollback failed';
    case 'PENDING':
      return 'pending';
    case 'IN_PROGRESS':
      return 'in progress';
    default:
      return status ?? 'unknown';
  }
}

/** Why it failed, rolled back or stopped: the reason, the alarms that fired, the breaker's count. */
export function failureFacts(d: ServiceDeployment): string[] {
  const facts: string[] = [];
  const reason = d.rollback?.reason ?? d.statusReason;
  if (reason) facts.push(reason);
  const fired = d.alarms?.triggeredAlarmNames ?? [];
  if (fired.length > 0) facts.push(`alarm${fired.length === 1 ? '' : 's'} fired: ${fired.join(', ')}`);
  const breaker = d.deploymentCircuitBreaker;
  if (breaker?.status === 'TRIGGERED' || (breaker?.failureCount ?? 0) > 0) {
    facts.push(
      `circuit breaker: ${breaker?.failureCount ?? 0} failed task${breaker?.failureCount === 1 ? '' : 's'}` +
        `${breaker?.threshold !== undefined ? ` of ${breaker.threshold} allowed` : ''}${breaker?.status === 'TRIGGERED' ? ' (triggered)' : ''}`,
    );
  }
  return facts;
}

/** How the revision ARNs read: the task definitions when known (`web:12`), else the revision id. */
export type RevisionNames = ReadonlyMap<string, string>;

export function revisionName(arn: string | undefined, names: RevisionNames | undefined): string {
  if (!arn) return '—';
  return names?.get(arn) ?? `revision ${arn.split('/').pop() ?? arn}`;
}

/** "web:11 → web:12". */
export function fromTo(d: ServiceDeployment, names?: RevisionNames): string {
  const from = (d.sourceServiceRevisions ?? []).map((r) => revisionName(r.arn, names));
  return `${from.length > 0 ? from.join(' + ') : '(none)'} → ${revisionName(d.targetServiceRevision?.arn, names)}`;
}

/** Who or what started it: a rollback names the deployment it undid; the rest say what ECS records. */
export function triggerOf(d: ServiceDeployment): string {
  if (d.rollback?.startedAt) return `rollback (${d.rollback.reason ?? 'no reason given'})`;
  return 'service update';
}

const iso = (d: Date | undefined) =>
  d ? d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : undefined;

/** The whole record, for "Show Deployment" (the report channel). */
export function formatDeploymentRecord(
  d: ServiceDeployment,
  names: RevisionNames | undefined,
  now: number,
  /** Who started it (and rolled it back), from CloudTrail; undefined: not looked up. */
  trigger?: DeploymentTrigger,
): string[] {
  const lines: string[] = [];
  const push = (label: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') lines.push(`${label.padEnd(22)}${value}`);
  };
  push('Service deployment', d.serviceDeploymentArn);
  push('Service', d.serviceArn);
  push('Status', `${d.status ?? '?'}${d.statusReason ? ` — ${d.statusReason}` : ''}`);
  if (isTransitionalDeployment(d.status)) push('Stage', stageLine(d, { now }));
  push('Revisions', fromTo(d, names));
  push('Trigger', triggerOf(d));
  push('Triggered by', trigger?.startedBy);
  push('Rolled back by', trigger?.rolledBackBy);
  push('Created', iso(d.createdAt));
  push('Started', iso(d.startedAt));
  push('Updated', iso(d.updatedAt));
  push('Finished', iso(d.finishedAt));
  push('Stopped', iso(d.stoppedAt));
  const config = d.deploymentConfiguration;
  if (config) {
    push('Strategy', config.strategy ?? 'ROLLING');
    push('Bake time', config.bakeTimeInMinutes !== undefined ? `${config.bakeTimeInMinutes} min` : undefined);
    if (config.linearConfiguration) {
      push(
        'Linear',
        `${config.linearConfiguration.stepPercent ?? '?'} % every ${config.linearConfiguration.stepBakeTimeInMinutes ?? '?'} min`,
      );
    }
    if (config.canaryConfiguration) {
      push(
        'Canary',
        `${config.canaryConfiguration.canaryPercent ?? '?'} %, then ${config.canaryConfiguration.canaryBakeTimeInMinutes ?? '?'} min`,
      );
    }
  }
  const target = d.targetServiceRevision;
  if (target) {
    push(
      'Target revision',
      `${revisionName(target.arn, names)}: ${target.runningTaskCount ?? 0} running / ${target.requestedTaskCount ?? 0} requested / ${target.pendingTaskCount ?? 0} pending` +
        `${target.requestedProductionTrafficWeight !== undefined ? `, production ${weight(target.requestedProductionTrafficWeight)}` : ''}` +
        `${target.requestedTestTrafficWeight !== undefined ? `, test ${weight(target.requestedTestTrafficWeight)}` : ''}`,
    );
  }
  for (const source of d.sourceServiceRevisions ?? []) {
    push(
      'Source revision',
      `${revisionName(source.arn, names)}: ${source.runningTaskCount ?? 0} running / ${source.requestedTaskCount ?? 0} requested` +
        `${source.requestedProductionTrafficWeight !== undefined ? `, production ${weight(source.requestedProductionTrafficWeight)}` : ''}`,
    );
  }
  if (d.alarms) {
    push(
      'Alarms',
      `${d.alarms.status ?? '?'}: ${(d.alarms.alarmNames ?? []).join(', ') || 'none'}` +
        `${(d.alarms.triggeredAlarmNames ?? []).length > 0 ? `; fired: ${(d.alarms.triggeredAlarmNames ?? []).join(', ')}` : ''}`,
    );
  }
  if (d.deploymentCircuitBreaker) {
    const b = d.deploymentCircuitBreaker;
    push(
      'Circuit breaker',
      `${b.status ?? '?'}: ${b.failureCount ?? 0} failed of ${b.threshold ?? '?'} allowed`,
    );
  }
  if (d.rollback) {
    push(
      'Rollback',
      `${d.rollback.reason ?? 'no reason given'}${d.rollback.startedAt ? ` (started ${iso(d.rollback.startedAt)})` : ''}` +
        `${d.rollback.serviceRevisionArn ? ` → ${revisionName(d.rollback.serviceRevisionArn, names)}` : ''}`,
    );
  }
  for (const hook of d.lifecycleHookDetails ?? []) {
    push(
      'Lifecycle hook',
      `${hook.targetType ?? '?'} ${hook.status ?? '?'}${hook.hookId ? ` (hook id ${hook.hookId})` : ''}` +
        `${hook.expiresAt ? `, expires ${iso(hook.expiresAt)} then ${hook.timeoutAction ?? 'ROLLBACK'}` : ''}` +
        `${hook.targetArn ? `, target ${hook.targetArn}` : ''}`,
    );
  }
  return lines;
}
