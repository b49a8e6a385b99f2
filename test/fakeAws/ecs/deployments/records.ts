/** Creating service revisions and service deployment records, and finding them on a service. */
import type { FakeEcs } from '../fakeEcs';
import { serviceDeploymentArn, serviceRevisionArn } from '../arns';
import type {
  DeploymentRecord,
  DeploymentStrategyName,
  ServiceDeploymentRecord,
  ServiceDeploymentStatusName,
  ServiceRecord,
  ServiceRevisionRecord,
} from '../types';

export const TERMINAL: readonly ServiceDeploymentStatusName[] = [
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

export const isFinished = (record: ServiceDeploymentRecord): boolean => TERMINAL.includes(record.status);

/** A service deployment id like ECS's: 21 characters of [A-Za-z0-9_-]. */
function deploymentId(ecs: FakeEcs): string {
  return Buffer.from(ecs.ids.hex(32), 'hex').toString('base64url').slice(0, 21);
}

/** The revision whose tasks a DeploymentRecord runs; made (at the deployment's creation) if none has it. */
export function revisionOf(
  ecs: FakeEcs,
  service: ServiceRecord,
  deployment: DeploymentRecord,
): ServiceRevisionRecord {
  const found = service.revisions.find((r) => r.deploymentIds.includes(deployment.id));
  if (found) return found;
  const id = ecs.ids.digits(19);
  const revision: ServiceRevisionRecord = {
    id,
    arn: serviceRevisionArn(ecs, service.cluster, service.name, id),
    cluster: service.cluster,
    service: service.name,
    taskDefinitionArn: deployment.taskDefinitionArn,
    launchType: deployment.launchType,
    capacityProviderStrategy: deployment.capacityProviderStrategy?.map((i) => ({ ...i })),
    loadBalancers: structuredClone(service.loadBalancers),
    networkConfiguration: structuredClone(service.networkConfiguration),
    createdAt: deployment.createdAt,
    deploymentIds: [deployment.id],
  };
  service.revisions.push(revision);
  return revision;
}

export function findRevision(service: ServiceRecord, arn: string): ServiceRevisionRecord | undefined {
  return service.revisions.find((r) => r.arn === arn);
}

/** The unfinished service deployment a DeploymentRecord is the target of. */
export function activeRecordFor(
  service: ServiceRecord,
  deploymentId: string,
): ServiceDeploymentRecord | undefined {
  return service.serviceDeployments.find((r) => r.deploymentId === deploymentId && !isFinished(r));
}

export function newRecord(
  ecs: FakeEcs,
  service: ServiceRecord,
  target: DeploymentRecord,
  sources: readonly DeploymentRecord[],
  strategy: DeploymentStrategyName,
  at: number,
): ServiceDeploymentRecord {
  const id = deploymentId(ecs);
  const record: ServiceDeploymentRecord = {
    id,
    arn: serviceDeploymentArn(ecs, service.cluster, service.name, id),
    cluster: service.cluster,
    service: service.name,
    createdAt: at,
    startedAt: at + ecs.lifecycleStepMs,
    updatedAt: at,
    strategy,
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    sourceRevisionArns: sources.map((d) => revisionOf(ecs, service, d).arn),
    targetRevisionArn: revisionOf(ecs, service, target).arn,
    deploymentId: target.id,
    sourceDeploymentIds: sources.map((d) => d.id),
    status: 'PENDING',
    step: 0,
    stepStartedAt: at + ecs.lifecycleStepMs,
    testWeight: 0,
    productionWeight: 0,
    hooks: [],
    triggeredAlarms: [],
    breakerTriggered: false,
    failedTasks: 0,
  };
  service.serviceDeployments.unshift(record);
  return record;
}
