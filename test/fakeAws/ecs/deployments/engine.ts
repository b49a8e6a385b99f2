/**
 * Service deployments over the fake clock, advanced lazily (FakeEcs.tick) like the task lifecycle:
 * each read replays what happened since the last one, in time order (step ends, hook results, hook
 * timeouts, alarms going off). ROLLING deployments follow the scheduler's rollout (SUCCESSFUL when
 * it COMPLETES); BLUE_GREEN, LINEAR and CANARY walk their plan (plan.ts) and hold the blue tasks
 * (DeploymentRecord.hold) until CLEAN_UP. Rollbacks make the source deployment PRIMARY again.
 */
import type { DeploymentLifecycleHook } from '@aws-sdk/client-ecs';
import type { FakeEcs } from '../fakeEcs';
import { reachedAt, scheduledAt } from '../lifecycle';
import { addEvent } from '../scheduler';
import type { DeploymentRecord, HookRunRecord, ServiceDeploymentRecord, ServiceRecord } from '../types';
import { isTrafficShifting, strategyOf } from './config';
import { launchGreen, onlyDeployment, releaseBlue, restoreBlue } from './fleet';
import { planFor, type PlanStep } from './plan';
import { isFinished, newRecord, revisionOf } from './records';

const MINUTE = 60_000;
const MAX_EVENTS_PER_READ = 10_000;

/** Records a deployment the scheduler just started (UpdateService, CreateService, a fixture's history). */
export function startServiceDeployment(
  ecs: FakeEcs,
  service: ServiceRecord,
  target: DeploymentRecord,
  at: number,
): ServiceDeploymentRecord | undefined {
  if (service.deploymentController !== 'ECS') return undefined;
  const sources = service.deployments.filter((d) => d !== target);
  for (const old of service.serviceDeployments) {
    if (isFinished(old)) continue;
    old.status = 'STOPPED';
    old.statusReason = 'Service deployment superseded by a newer service deployment.';
    old.stoppedAt = at;
    old.finishedAt = at;
    old.updatedAt = at;
    for (const d of service.deployments) if (d.id === old.deploymentId) d.hold = undefined;
  }
  const strategy = strategyOf(service.deploymentConfiguration);
  // The first deployment of a service has nothing to shift traffic from: it just starts the tasks.
  const shifting = isTrafficShifting(strategy) && sources.length > 0;
  const record = newRecord(ecs, service, target, shifting ? sources.slice(0, 1) : sources, strategy, at);
  record.sourceDeploymentIds = sources.map((d) => d.id);
  record.sourceRevisionArns = [...new Set(record.sourceRevisionArns)];
  if (shifting) target.hold = 'launch';
  else record.productionWeight = 100;
  return record;
}

/** Brings every unfinished service deployment up to `now`. */
export function advanceServiceDeployments(ecs: FakeEcs, now: number): void {
  for (const services of ecs.services.values()) {
    for (const service of services.values()) {
      for (const record of service.serviceDeployments) {
        if (!isFinished(record)) advance(ecs, service, record, now);
      }
    }
  }
}

export function greenOf(
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
): DeploymentRecord | undefined {
  return service.deployments.find((d) => d.id === record.deploymentId);
}

function shiftsTraffic(record: ServiceDeploymentRecord): boolean {
  return isTrafficShifting(record.strategy) && record.sourceDeploymentIds.length > 0;
}

export function planOf(record: ServiceDeploymentRecord): PlanStep[] {
  return planFor(record.strategy, record.deploymentConfiguration);
}

type Happening = { at: number; run: () => void };

function advance(ecs: FakeEcs, service: ServiceRecord, record: ServiceDeploymentRecord, now: number): void {
  const green = greenOf(service, record);
  if (green) record.failedTasks = green.failedTasks;
  for (let i = 0; i < MAX_EVENTS_PER_READ && !isFinished(record); i++) {
    const next = nextHappening(ecs, service, record, now);
    if (!next || next.at > now) return;
    next.run();
    record.updatedAt = Math.max(record.updatedAt, next.at);
  }
}

/** The earliest thing due for this deployment (not necessarily by `now`). */
function nextHappening(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  now: number,
): Happening | undefined {
  const candidates: Happening[] = [];
  if (record.status === 'PENDING') {
    candidates.push({ at: record.startedAt, run: () => begin(ecs, service, record) });
    return candidates[0];
  }
  if (record.stopRequestedAt !== undefined) {
    const at = record.stopRequestedAt + ecs.lifecycleStepMs;
    return { at, run: () => finishStop(record, at) };
  }
  if (record.rollback) return rollbackDone(service, record);
  const alarm = alarmTrigger(ecs, record);
  if (alarm) candidates.push(alarm(service));
  if (shiftsTraffic(record)) candidates.push(...stepHappenings(ecs, service, record, now));
  else {
    const green = greenOf(service, record);
    if (green?.rolloutState === 'COMPLETED') {
      candidates.push({ at: green.updatedAt, run: () => succeed(record, green.updatedAt) });
    }
  }
  return candidates.sort((a, b) => a.at - b.at)[0];
}

function begin(ecs: FakeEcs, service: ServiceRecord, record: ServiceDeploymentRecord): void {
  record.status = 'IN_PROGRESS';
  if (shiftsTraffic(record)) enterStep(ecs, service, record, 0, record.startedAt);
}

function succeed(record: ServiceDeploymentRecord, at: number): void {
  record.status = 'SUCCESSFUL';
  record.statusReason = 'Service deployment completed successfully.';
  record.finishedAt = at;
  record.updatedAt = at;
}

function finishStop(record: ServiceDeploymentRecord, at: number): void {
  record.status = 'STOPPED';
  record.stopRequestedAt = undefined;
  record.stoppedAt = at;
  record.finishedAt = at;
  record.updatedAt = at;
}

/** The monitored alarm that goes off first during the deployment, as a happening (rollback or stop). */
function alarmTrigger(
  ecs: FakeEcs,
  record: ServiceDeploymentRecord,
): ((service: ServiceRecord) => Happening) | undefined {
  const alarms = record.deploymentConfiguration.alarms;
  if (!alarms?.enable) return undefined;
  let first: { name: string; at: number } | undefined;
  for (const name of alarms.alarmNames ?? []) {
    const state = ecs.alarmStates.get(name);
    if (state?.state !== 'ALARM') continue;
    const at = Math.max(state.since, record.startedAt);
    if (!first || at < first.at) first = { name, at };
  }
  if (!first) return undefined;
  const { name, at } = first;
  return (service) => ({
    at,
    run: () => {
      record.triggeredAlarms = [name];
      const reason = `Service deployment failed: CloudWatch alarm ${name} is in ALARM state.`;
      if (alarms.rollback) rollBack(ecs, service, record, at, reason);
      else stopInPlace(service, record, at, reason);
    },
  });
}

// ---- blue/green family: the plan's steps -------------------------------------------------------

function hooksFor(record: ServiceDeploymentRecord, stage: string): DeploymentLifecycleHook[] {
  return (record.deploymentConfiguration.lifecycleHooks ?? []).filter((h) =>
    (h.lifecycleStages ?? []).includes(stage as never),
  );
}

function enterStep(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  index: number,
  at: number,
): void {
  const step = planOf(record)[index];
  record.step = index;
  record.stepStartedAt = at;
  record.updatedAt = at;
  if (!step) return;
  const green = greenOf(service, record);
  if (step.kind === 'scaleUp' && green) launchGreen(ecs, service, green, at);
  if (step.kind === 'cleanUp' && green) releaseBlue(ecs, service, green, at);
  if (step.kind === 'stage' || step.kind === 'shift') {
    for (const hook of hooksFor(record, step.stage)) {
      const pause = hook.targetType === 'PAUSE';
      const run: HookRunRecord = {
        hookId: `ecs-${pause ? 'pause' : 'lambda'}-${Buffer.from(ecs.ids.hex(60), 'hex').toString('base64url').slice(0, 41)}`,
        targetType: pause ? 'PAUSE' : 'AWS_LAMBDA',
        targetArn: pause ? undefined : hook.hookTargetArn,
        stage: step.stage,
        step: index,
        startedAt: at,
        status: pause ? 'AWAITING_ACTION' : 'IN_PROGRESS',
        expiresAt: at + (hook.timeoutConfiguration?.timeoutInMinutes ?? 1440) * MINUTE,
        timeoutAction: hook.timeoutConfiguration?.action ?? 'ROLLBACK',
      };
      record.hooks.push(run);
    }
  }
}

/** Whether the step's own work is done, and when (undefined: not yet). */
function stepWorkDoneAt(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  step: PlanStep,
  now: number,
): number | undefined {
  const start = record.stepStartedAt;
  switch (step.kind) {
    case 'stage':
    case 'shift':
      return start + ecs.lifecycleStepMs;
    case 'bake':
      return start + step.ms;
    case 'scaleUp': {
      const green = greenOf(service, record);
      if (!green) return undefined;
      const tasks = ecs
        .serviceTasks(service.cluster, service.name)
        .filter((t) => t.deploymentId === green.id && t.desiredStatus === 'RUNNING');
      if (tasks.length < service.desiredCount || tasks.some((t) => t.plannedExit)) return undefined;
      let latest = start;
      for (const t of tasks) {
        const at = reachedAt(t, 'RUNNING', now);
        if (at === undefined) return undefined;
        latest = Math.max(latest, at);
      }
      return latest;
    }
    case 'cleanUp': {
      let latest = start;
      for (const t of ecs.serviceTasks(service.cluster, service.name)) {
        if (!record.sourceDeploymentIds.includes(t.deploymentId ?? '')) continue;
        const stopped = scheduledAt(t, 'STOPPED');
        if (t.desiredStatus === 'RUNNING' || stopped === undefined) return undefined;
        if (stopped > now) return undefined;
        latest = Math.max(latest, stopped);
      }
      return latest;
    }
  }
}

function stepHappenings(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  now: number,
): Happening[] {
  const plan = planOf(record);
  const step = plan[record.step];
  if (!step) return [];
  const out: Happening[] = [];
  let hooksDoneAt: number | undefined = record.stepStartedAt;
  for (const hook of record.hooks.filter((h) => h.step === record.step)) {
    if (hook.status === 'SUCCEEDED' || (hook.status === 'TIMED_OUT' && hook.timeoutAction === 'CONTINUE')) {
      hooksDoneAt = hooksDoneAt === undefined ? undefined : Math.max(hooksDoneAt, hook.finishedAt ?? 0);
      continue;
    }
    hooksDoneAt = undefined;
    if (hook.targetType === 'AWS_LAMBDA' && hook.status === 'IN_PROGRESS') {
      const at = hook.startedAt + Math.max(ecs.lifecycleStepMs, 1);
      const fails = ecs.failingHookTargets.has(hook.targetArn ?? '') || ecs.failingHookTargets.has('*');
      out.push({
        at,
        run: () => {
          hook.finishedAt = at;
          hook.status = fails ? 'FAILED' : 'SUCCEEDED';
          if (fails)
            rollBack(ecs, service, record, at, `Lifecycle hook ${hook.targetArn ?? hook.hookId} failed.`);
        },
      });
    }
    if (hook.status === 'AWAITING_ACTION' && hook.expiresAt !== undefined) {
      const at = hook.expiresAt;
      out.push({
        at,
        run: () => {
          hook.status = 'TIMED_OUT';
          hook.finishedAt = at;
          if (hook.timeoutAction === 'ROLLBACK')
            rollBack(ecs, service, record, at, `Lifecycle hook ${hook.hookId} timed out.`);
        },
      });
    }
  }
  const workDoneAt = stepWorkDoneAt(ecs, service, record, step, now);
  if (workDoneAt !== undefined && hooksDoneAt !== undefined) {
    const at = Math.max(workDoneAt, hooksDoneAt);
    out.push({ at, run: () => completeStep(ecs, service, record, step, at) });
  }
  return out;
}

function completeStep(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  step: PlanStep,
  at: number,
): void {
  if (step.kind === 'shift') {
    if (step.test !== undefined) record.testWeight = step.test;
    if (step.production !== undefined) {
      record.productionWeight = step.production;
      addEvent(
        ecs,
        service,
        at,
        `(service ${service.name}) (service-deployment ${record.id}) shifted ${step.production}% of production traffic to the new service revision.`,
      );
    }
  }
  if (step.kind === 'cleanUp') {
    succeed(record, at);
    return;
  }
  enterStep(ecs, service, record, record.step + 1, at);
}

/**
 * Ends the bake the service's deployment in progress is in (BAKE_TIME or a step bake) at `now`, as
 * if its minutes had passed: the admin API's way for tests in another process, which cannot move
 * the clock of a fake shared with other tests. False when no deployment of the service is baking.
 */
export function endBakeNow(service: ServiceRecord, now: number): boolean {
  const record = service.serviceDeployments.find((r) => !isFinished(r));
  if (!record || record.status !== 'IN_PROGRESS' || record.rollback || !shiftsTraffic(record)) return false;
  const step = planOf(record)[record.step];
  if (step?.kind !== 'bake') return false;
  record.stepStartedAt = Math.min(record.stepStartedAt, now - step.ms);
  return true;
}

// ---- rollbacks and stops -----------------------------------------------------------------------

/**
 * Rolls a deployment back at `at`: the source deployment (its tasks still running in a blue/green
 * family deployment, or part of them in a rolling one) becomes PRIMARY again and the target's tasks
 * stop; when the source revision is gone, a new deployment of its task definition starts.
 */
export function rollBack(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  at: number,
  reason: string,
): void {
  const green = greenOf(service, record);
  const blue = service.deployments.find((d) => record.sourceDeploymentIds.includes(d.id));
  const revisionArn = record.sourceRevisionArns[0] ?? record.targetRevisionArn;
  record.status = 'ROLLBACK_IN_PROGRESS';
  record.statusReason = reason;
  record.testWeight = 0;
  record.productionWeight = 0;
  for (const hook of record.hooks) {
    if (hook.status === 'AWAITING_ACTION' || hook.status === 'IN_PROGRESS') {
      hook.status = 'FAILED';
      hook.finishedAt = at;
    }
  }
  const revision = service.revisions.find((r) => r.arn === revisionArn);
  const back = restoreBlue(ecs, service, green, blue, revision?.taskDefinitionArn, at, reason);
  if (back && revision && !revision.deploymentIds.includes(back.id)) revision.deploymentIds.push(back.id);
  record.rollback = { reason, startedAt: at, revisionArn, deploymentId: back?.id };
  addEvent(
    ecs,
    service,
    at,
    `(service ${service.name}) (service-deployment ${record.id}) rolling back: ${reason}`,
  );
}

/** A rollback is done when its deployment is the only one left and COMPLETED. */
function rollbackDone(service: ServiceRecord, record: ServiceDeploymentRecord): Happening | undefined {
  const back = service.deployments[0];
  if (!back || !onlyDeployment(service, record.rollback?.deploymentId)) return undefined;
  const at = Math.max(back.updatedAt, record.rollback?.startedAt ?? 0);
  return {
    at,
    run: () => {
      record.status = 'ROLLBACK_SUCCESSFUL';
      record.finishedAt = at;
      record.updatedAt = at;
    },
  };
}

/** A failure without rollback: the deployment stops where it is and launches nothing more. */
export function stopInPlace(
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  at: number,
  reason: string,
): void {
  const green = greenOf(service, record);
  if (green) {
    green.rolloutState = 'FAILED';
    green.rolloutStateReason = reason;
    green.updatedAt = at;
  }
  record.statusReason = reason;
  finishStop(record, at);
}

/** StopServiceDeployment ABORT: STOP_REQUESTED now, STOPPED one lifecycle step later. */
export function requestAbort(service: ServiceRecord, record: ServiceDeploymentRecord, at: number): void {
  const green = greenOf(service, record);
  if (green) {
    green.rolloutState = 'FAILED';
    green.rolloutStateReason = 'Service deployment stopped by user.';
    green.updatedAt = at;
  }
  record.status = 'STOP_REQUESTED';
  record.statusReason = 'Service deployment stopped by user.';
  record.stopRequestedAt = at;
  record.updatedAt = at;
}

/** The circuit breaker failed a deployment (circuitBreaker.ts): record it, or roll a blue/green back. */
export function breakerTripped(
  ecs: FakeEcs,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  at: number,
  reason: string,
  rollback: boolean,
): 'rolledBack' | undefined {
  const rolling = service.serviceDeployments.find(
    (r) => !isFinished(r) && r.rollback?.deploymentId === deployment.id,
  );
  if (rolling) {
    rolling.status = 'ROLLBACK_FAILED';
    rolling.statusReason = reason;
    rolling.finishedAt = at;
    rolling.updatedAt = at;
    return undefined;
  }
  const record = service.serviceDeployments.find((r) => !isFinished(r) && r.deploymentId === deployment.id);
  if (!record) return undefined;
  record.breakerTriggered = true;
  record.failedTasks = deployment.failedTasks;
  if (rollback && shiftsTraffic(record)) {
    rollBack(ecs, service, record, at, reason);
    return 'rolledBack';
  }
  if (!rollback || !service.lastCompleted || service.lastCompleted.id === deployment.id) {
    stopInPlace(service, record, at, reason);
  }
  return undefined;
}

/** The circuit breaker started `back` to roll `deployment` back (a ROLLING deployment). */
export function breakerRolledBack(
  ecs: FakeEcs,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  back: DeploymentRecord,
  at: number,
  reason: string,
): void {
  const record = service.serviceDeployments.find((r) => !isFinished(r) && r.deploymentId === deployment.id);
  if (!record) return;
  const revision =
    service.revisions.find(
      (r) => r.taskDefinitionArn === back.taskDefinitionArn && r.arn !== record.targetRevisionArn,
    ) ?? revisionOf(ecs, service, back);
  if (!revision.deploymentIds.includes(back.id)) revision.deploymentIds.push(back.id);
  record.status = 'ROLLBACK_IN_PROGRESS';
  record.statusReason = reason;
  record.rollback = { reason, startedAt: at, revisionArn: revision.arn, deploymentId: back.id };
}
