/**
 * ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions, StopServiceDeployment,
 * ContinueServiceDeployment (the 2024–2025 service deployment API; limits from the API reference:
 * ListServiceDeployments pages 1–100, 20 by default, newest first; Describe* take at most 20 ARNs).
 */
import type {
  ContinueServiceDeploymentRequest,
  DescribeServiceDeploymentsRequest,
  DescribeServiceRevisionsRequest,
  Failure,
  ListServiceDeploymentsRequest,
  ServiceDeployment,
  ServiceRevision,
  StopServiceDeploymentRequest,
} from '@aws-sdk/client-ecs';
import { AwsError } from '../../errors';
import { serviceChildRef, serviceRef } from '../arns';
import { requestAbort, rollBack } from '../deployments/engine';
import { isFinished } from '../deployments/records';
import { renderBrief, renderServiceDeployment, renderServiceRevision } from '../deployments/render';
import { invalidParameter, serviceNotFound } from '../errors';
import type { FakeEcs } from '../fakeEcs';
import type { ServiceDeploymentRecord, ServiceRecord } from '../types';
import { op, pageOf, requireBatch, requireCluster, type Handler } from './common';

const STATUSES = [
  'PENDING',
  'IN_PROGRESS',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

const notFound = (): AwsError =>
  new AwsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');

function serviceOf(ecs: FakeEcs, cluster: string, name: string): ServiceRecord | undefined {
  return ecs.services.get(cluster)?.get(name);
}

function findDeployment(
  ecs: FakeEcs,
  arn: string | undefined,
): { service: ServiceRecord; record: ServiceDeploymentRecord } | undefined {
  const ref = serviceChildRef(arn, 'service-deployment');
  const service = ref && serviceOf(ecs, ref.cluster, ref.service);
  const record = service?.serviceDeployments.find((r) => r.id === ref?.id);
  return service && record ? { service, record } : undefined;
}

function requireDeployment(
  ecs: FakeEcs,
  arn: string | undefined,
): { service: ServiceRecord; record: ServiceDeploymentRecord } {
  if (!arn) throw invalidParameter('serviceDeploymentArn can not be blank.');
  const found = findDeployment(ecs, arn);
  if (!found) throw notFound();
  return found;
}

/** A timestamp of the request in ms (awsJson sends epoch seconds). */
const millis = (value: unknown): number | undefined => {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value * 1000 : new Date(value as string).getTime();
};

export const serviceDeploymentHandlers: Record<string, Handler> = {
  ListServiceDeployments: op<ListServiceDeploymentsRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    if (!input.service) throw invalidParameter('service can not be blank.');
    const ref = serviceRef(input.service);
    if (!ref || (ref.cluster !== undefined && ref.cluster !== cluster.name)) throw serviceNotFound();
    const service = serviceOf(ecs, cluster.name, ref.name);
    if (!service || service.status === 'INACTIVE') throw serviceNotFound();
    for (const status of input.status ?? []) {
      if (!STATUSES.includes(status)) throw invalidParameter(`Invalid status ${status}.`);
    }
    const after = millis(input.createdAt?.after);
    const before = millis(input.createdAt?.before);
    const records = [...service.serviceDeployments]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((r) => renderBrief(ecs, service, r))
      .filter((b) => !input.status?.length || input.status.includes(b.status!))
      .filter((b) => after === undefined || b.createdAt!.getTime() >= after)
      .filter((b) => before === undefined || b.createdAt!.getTime() <= before);
    const scope = `ListServiceDeployments|${service.arn}|${(input.status ?? []).join(',')}|${after ?? ''}|${before ?? ''}`;
    const page = pageOf(ecs, records, scope, input, 20);
    return { serviceDeployments: page.items, nextToken: page.nextToken };
  }),

  DescribeServiceDeployments: op<DescribeServiceDeploymentsRequest>((ecs, input) => {
    const arns = requireBatch(input.serviceDeploymentArns, 20, 'serviceDeploymentArns');
    const serviceDeployments: ServiceDeployment[] = [];
    const failures: Failure[] = [];
    for (const arn of arns) {
      const found = findDeployment(ecs, arn);
      if (found) serviceDeployments.push(renderServiceDeployment(ecs, found.service, found.record));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { serviceDeployments, failures };
  }),

  DescribeServiceRevisions: op<DescribeServiceRevisionsRequest>((ecs, input) => {
    const arns = requireBatch(input.serviceRevisionArns, 20, 'serviceRevisionArns');
    const serviceRevisions: ServiceRevision[] = [];
    const failures: Failure[] = [];
    for (const arn of arns) {
      const ref = serviceChildRef(arn, 'service-revision');
      const revision =
        ref && serviceOf(ecs, ref.cluster, ref.service)?.revisions.find((r) => r.id === ref.id);
      if (revision) serviceRevisions.push(renderServiceRevision(ecs, revision));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { serviceRevisions, failures };
  }),

  StopServiceDeployment: op<StopServiceDeploymentRequest>((ecs, input) => {
    const { service, record } = requireDeployment(ecs, input.serviceDeploymentArn);
    const stopType = input.stopType ?? 'ROLLBACK';
    if (stopType !== 'ROLLBACK' && stopType !== 'ABORT') {
      throw invalidParameter(`Invalid stopType ${String(stopType)}. Valid values: ROLLBACK, ABORT.`);
    }
    if (isFinished(record)) {
      throw new AwsError(
        'ConflictException',
        `The service deployment is ${record.status} and can no longer be stopped. ` +
          'Only PENDING, IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED and ROLLBACK_IN_PROGRESS deployments can be stopped.',
      );
    }
    // Already stopping or rolling back: it carries on.
    if (record.status === 'PENDING' || record.status === 'IN_PROGRESS') {
      const now = ecs.now();
      if (record.status === 'PENDING') record.status = 'IN_PROGRESS';
      if (stopType === 'ABORT') requestAbort(service, record, now);
      else rollBack(ecs, service, record, now, 'Service deployment rolled back by StopServiceDeployment.');
      ecs.tick();
    }
    return { serviceDeploymentArn: record.arn };
  }),

  ContinueServiceDeployment: op<ContinueServiceDeploymentRequest>((ecs, input) => {
    const { service, record } = requireDeployment(ecs, input.serviceDeploymentArn);
    if (!input.hookId) throw invalidParameter('hookId can not be blank.');
    const action = input.action ?? 'CONTINUE';
    if (action !== 'CONTINUE' && action !== 'ROLLBACK') {
      throw invalidParameter(`Invalid action ${String(action)}. Valid values: CONTINUE, ROLLBACK.`);
    }
    const hook = record.hooks.find((h) => h.hookId === input.hookId);
    if (!hook)
      throw invalidParameter(`The lifecycle hook ${input.hookId} is not part of this service deployment.`);
    if (hook.status !== 'AWAITING_ACTION' || record.status !== 'IN_PROGRESS') {
      throw invalidParameter(
        `The lifecycle hook ${input.hookId} is ${hook.status}, not AWAITING_ACTION: only a paused hook can be continued or rolled back.`,
      );
    }
    const now = ecs.now();
    hook.finishedAt = now;
    if (action === 'CONTINUE') hook.status = 'SUCCEEDED';
    else
      rollBack(ecs, service, record, now, `Service deployment rolled back at lifecycle hook ${hook.hookId}.`);
    ecs.tick();
    return { serviceDeploymentArn: record.arn };
  }),
};
