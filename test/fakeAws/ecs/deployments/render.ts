/** Service deployments and revisions in the SDK's shapes (ServiceDeployment, ServiceDeploymentBrief, ServiceRevision). */
import type {
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceRevision,
  ServiceRevisionSummary,
} from '@aws-sdk/client-ecs';
import { clusterArn, serviceArn } from '../arns';
import { failureThreshold } from '../circuitBreaker';
import type { FakeEcs } from '../fakeEcs';
import { isStarting, statusAt } from '../lifecycle';
import type {
  ServiceDeploymentRecord,
  ServiceDeploymentStatusName,
  ServiceRecord,
  ServiceRevisionRecord,
} from '../types';
import { planOf } from './engine';
import { findRevision, isFinished } from './records';

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

/** ROLLBACK_REQUESTED for the first lifecycle step of a rollback, then ROLLBACK_IN_PROGRESS. */
export function visibleStatus(ecs: FakeEcs, record: ServiceDeploymentRecord): ServiceDeploymentStatusName {
  const rollback = record.rollback;
  if (
    record.status === 'ROLLBACK_IN_PROGRESS' &&
    rollback &&
    ecs.now() < rollback.startedAt + ecs.lifecycleStepMs
  ) {
    return 'ROLLBACK_REQUESTED';
  }
  return record.status;
}

/** Requested / running / pending tasks of a revision now. */
export function revisionCounts(
  ecs: FakeEcs,
  service: ServiceRecord,
  revision: ServiceRevisionRecord,
): { requested: number; running: number; pending: number } {
  const now = ecs.now();
  const primary = service.deployments[0];
  let requested = 0;
  let running = 0;
  let pending = 0;
  for (const d of service.deployments) {
    if (!revision.deploymentIds.includes(d.id)) continue;
    const tasks = ecs.serviceTasks(service.cluster, service.name).filter((t) => t.deploymentId === d.id);
    const live = tasks.filter((t) => t.desiredStatus === 'RUNNING').length;
    if (d === primary)
      requested += d.hold === 'launch' || d.rolloutState === 'FAILED' ? live : service.desiredCount;
    else requested += primary?.hold ? service.desiredCount : live;
    for (const t of tasks) {
      const status = statusAt(t, now);
      if (status === 'RUNNING') running++;
      else if (isStarting(status) && t.desiredStatus === 'RUNNING') pending++;
    }
  }
  return { requested, running, pending };
}

function summary(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
  arn: string,
  target: boolean,
): ServiceRevisionSummary {
  const revision = findRevision(service, arn);
  const counts = revision ? revisionCounts(ecs, service, revision) : { requested: 0, running: 0, pending: 0 };
  const out: ServiceRevisionSummary = {
    arn,
    requestedTaskCount: counts.requested,
    runningTaskCount: counts.running,
    pendingTaskCount: counts.pending,
  };
  if (record.strategy !== 'ROLLING') {
    out.requestedTestTrafficWeight = target ? record.testWeight : 100 - record.testWeight;
    out.requestedProductionTrafficWeight = target ? record.productionWeight : 100 - record.productionWeight;
  }
  return out;
}

function monitorStatus(
  enabled: boolean,
  triggered: boolean,
  finished: boolean,
): 'DISABLED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'TRIGGERED' {
  if (!enabled) return 'DISABLED';
  if (triggered) return 'TRIGGERED';
  return finished ? 'MONITORING_COMPLETE' : 'MONITORING';
}

export function renderServiceDeployment(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
): ServiceDeployment {
  const config = record.deploymentConfiguration;
  const finished = isFinished(record);
  const green = service.deployments.find((d) => d.id === record.deploymentId);
  const breaker = config.deploymentCircuitBreaker;
  const step =
    record.strategy !== 'ROLLING' && record.sourceDeploymentIds.length > 0
      ? planOf(record)[record.step]
      : undefined;
  const stageShown = record.status === 'IN_PROGRESS' && step !== undefined;
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: serviceArn(ecs, service.cluster, service.name),
    clusterArn: clusterArn(ecs, service.cluster),
    createdAt: date(record.createdAt),
    startedAt: record.status === 'PENDING' ? undefined : date(record.startedAt),
    finishedAt: date(record.finishedAt),
    stoppedAt: date(record.stoppedAt),
    updatedAt: date(record.updatedAt),
    sourceServiceRevisions: record.sourceRevisionArns.map((arn) => summary(ecs, service, record, arn, false)),
    targetServiceRevision: summary(ecs, service, record, record.targetRevisionArn, true),
    status: visibleStatus(ecs, record),
    statusReason: record.statusReason,
    lifecycleStage: stageShown ? (step.stage as ServiceDeployment['lifecycleStage']) : undefined,
    lifecycleHookDetails: record.hooks
      .filter((h) => h.step === record.step || h.status === 'FAILED' || h.status === 'TIMED_OUT')
      .map((h) => ({
        hookId: h.hookId,
        targetType: h.targetType,
        targetArn: h.targetArn,
        status: h.status,
        expiresAt: h.targetType === 'PAUSE' ? date(h.expiresAt) : undefined,
        timeoutAction: h.targetType === 'PAUSE' ? h.timeoutAction : undefined,
      })),
    deploymentConfiguration: structuredClone(config),
    rollback: record.rollback
      ? {
          reason: record.rollback.reason,
          startedAt: date(record.rollback.startedAt),
          serviceRevisionArn: record.rollback.revisionArn,
        }
      : undefined,
    deploymentCircuitBreaker: {
      status: monitorStatus(breaker?.enable === true, record.breakerTriggered, finished),
      failureCount: green?.failedTasks ?? record.failedTasks,
      threshold: failureThreshold(service.desiredCount),
    },
    alarms: {
      status: monitorStatus(config.alarms?.enable === true, record.triggeredAlarms.length > 0, finished),
      alarmNames: [...(config.alarms?.alarmNames ?? [])],
      triggeredAlarmNames: [...record.triggeredAlarms],
    },
  };
}

export function renderBrief(
  ecs: FakeEcs,
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
): ServiceDeploymentBrief {
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: serviceArn(ecs, service.cluster, service.name),
    clusterArn: clusterArn(ecs, service.cluster),
    createdAt: date(record.createdAt),
    startedAt: record.status === 'PENDING' ? undefined : date(record.startedAt),
    finishedAt: date(record.finishedAt),
    targetServiceRevisionArn: record.targetRevisionArn,
    status: visibleStatus(ecs, record),
    statusReason: record.statusReason,
  };
}

export function renderServiceRevision(ecs: FakeEcs, revision: ServiceRevisionRecord): ServiceRevision {
  const definition = ecs.taskDefinitions.resolve(revision.taskDefinitionArn);
  const fargate = revision.launchType === 'FARGATE';
  return {
    serviceRevisionArn: revision.arn,
    serviceArn: serviceArn(ecs, revision.cluster, revision.service),
    clusterArn: clusterArn(ecs, revision.cluster),
    taskDefinition: revision.taskDefinitionArn,
    capacityProviderStrategy: revision.capacityProviderStrategy?.map((i) => ({ ...i })),
    launchType: revision.capacityProviderStrategy ? undefined : revision.launchType,
    platformVersion: fargate ? '1.4.0' : undefined,
    platformFamily: fargate ? 'DockerLinux' : undefined,
    loadBalancers: structuredClone(revision.loadBalancers),
    serviceRegistries: [],
    networkConfiguration: structuredClone(revision.networkConfiguration),
    containerImages: (definition?.input.containerDefinitions ?? []).map((c) => ({
      containerName: c.name,
      image: c.image,
    })),
    guardDutyEnabled: false,
    createdAt: date(revision.createdAt),
  };
}
