/**
 * The fake Application Auto Scaling account: scalable targets, scaling policies and scaling
 * activities, keyed by (ServiceNamespace, ResourceId, ScalableDimension) as the real service keys
 * them. Registering an ECS target checks the service exists in the fake ECS (through `serviceExists`)
 * and, like the real service, moves a desired count outside [min, max] into it, recording an activity.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AwsError } from '../errors';
import { Paginator } from '../pagination';

/** The documented limits (API reference: DescribeScalableTargets, DescribeScalingPolicies, …). */
export const AUTO_SCALING_LIMITS = {
  resourceIdsPerDescribe: 50,
  policyNamesPerDescribe: 50,
  maxResultsTargets: 50,
  maxResultsPolicies: 10,
  maxResultsActivities: 50,
  maxCapacityEcs: 5000,
} as const;

export interface TargetRecord {
  namespace: string;
  resourceId: string;
  dimension: string;
  min: number;
  max: number;
  roleArn: string;
  createdAt: number;
  arn: string;
}

export interface PolicyRecord {
  name: string;
  arn: string;
  namespace: string;
  resourceId: string;
  dimension: string;
  type: string;
  targetTracking?: Record<string, unknown>;
  stepScaling?: Record<string, unknown>;
  createdAt: number;
}

export interface ActivityRecord {
  activityId: string;
  namespace: string;
  resourceId: string;
  dimension: string;
  description: string;
  cause: string;
  startTime: number;
  endTime?: number;
  statusCode: 'Pending' | 'InProgress' | 'Successful' | 'Overridden' | 'Unfulfilled' | 'Failed';
  statusMessage?: string;
}

export const validation = (message: string): AwsError => new AwsError('ValidationException', message);
export const notFound = (message: string): AwsError => new AwsError('ObjectNotFoundException', message);

export function targetKey(namespace: string, resourceId: string, dimension: string): string {
  return `${namespace}|${resourceId}|${dimension}`;
}

export interface FakeAutoScalingOptions {
  clock: Clock;
  region: string;
  accountId: string;
  /** ECS: whether `service/<cluster>/<service>` exists (undefined: every service does). */
  serviceExists?: (cluster: string, service: string) => boolean;
  /** ECS: the service's desired count, and a setter, so registering a range can move it. */
  desiredCount?: (cluster: string, service: string) => number | undefined;
  setDesiredCount?: (cluster: string, service: string, count: number) => void;
}

export class FakeAutoScaling {
  readonly targets = new Map<string, TargetRecord>();
  /** Keyed by targetKey, then policy name. */
  readonly policies = new Map<string, Map<string, PolicyRecord>>();
  /** Oldest first (the API answers newest first). */
  readonly activities: ActivityRecord[] = [];
  readonly paginator = new Paginator();

  constructor(readonly options: FakeAutoScalingOptions) {}

  reset(): void {
    this.targets.clear();
    this.policies.clear();
    this.activities.length = 0;
  }

  now(): number {
    return this.options.clock.now();
  }

  /** Seeds or updates a scalable target, with the same rules as RegisterScalableTarget. */
  registerTarget(input: {
    namespace: string;
    resourceId: string;
    dimension: string;
    min?: number;
    max?: number;
  }): TargetRecord {
    const key = targetKey(input.namespace, input.resourceId, input.dimension);
    const existing = this.targets.get(key);
    if (!existing && (input.min === undefined || input.max === undefined)) {
      throw validation('MinCapacity and MaxCapacity are required for registering a new scalable target');
    }
    const min = input.min ?? existing?.min ?? 0;
    const max = input.max ?? existing?.max ?? 0;
    if (min > max) throw validation('Minimum capacity cannot be greater than maximum capacity');
    const ecs = ecsService(input.namespace, input.resourceId);
    if (ecs) {
      if (input.dimension !== 'ecs:service:DesiredCount') {
        throw validation(`Unsupported scalable dimension for ECS: ${input.dimension}`);
      }
      if (this.options.serviceExists && !this.options.serviceExists(ecs.cluster, ecs.service)) {
        throw validation(`ECS service doesn't exist: ${input.resourceId}`);
      }
      if (max > AUTO_SCALING_LIMITS.maxCapacityEcs) {
        throw validation(`Maximum capacity cannot be greater than ${AUTO_SCALING_LIMITS.maxCapacityEcs}`);
      }
    } else if (input.namespace === 'ecs') {
      throw validation(`Unsupported resource ID format for ECS: ${input.resourceId}`);
    }
    const record: TargetRecord = existing
      ? Object.assign(existing, { min, max })
      : {
          namespace: input.namespace,
          resourceId: input.resourceId,
          dimension: input.dimension,
          min,
          max,
          roleArn: `arn:aws:iam::${this.options.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
          createdAt: this.now(),
          arn: `arn:aws:application-autoscaling:${this.options.region}:${this.options.accountId}:scalable-target/${randomUUID().replace(/-/g, '').slice(0, 28)}`,
        };
    this.targets.set(key, record);
    if (ecs) this.clampDesiredCount(record, ecs.cluster, ecs.service);
    return record;
  }

  private clampDesiredCount(target: TargetRecord, cluster: string, service: string): void {
    const current = this.options.desiredCount?.(cluster, service);
    if (current === undefined) return;
    const next = Math.min(Math.max(current, target.min), target.max);
    if (next === current) return;
    this.options.setDesiredCount?.(cluster, service, next);
    this.addActivity({
      resourceId: target.resourceId,
      description: `Setting desired count to ${next}.`,
      cause:
        next > current
          ? `minimum capacity was set to ${target.min}`
          : `maximum capacity was set to ${target.max}`,
      statusCode: 'Successful',
      statusMessage: `Successfully set desired count to ${next}. Change successfully fulfilled by ecs.`,
    });
  }

  /** Records a scaling activity (tests seed history with it); returns it. */
  addActivity(input: {
    resourceId: string;
    description: string;
    cause: string;
    statusCode: ActivityRecord['statusCode'];
    statusMessage?: string;
    startTime?: number;
    namespace?: string;
    dimension?: string;
  }): ActivityRecord {
    const start = input.startTime ?? this.now();
    const record: ActivityRecord = {
      activityId: randomUUID(),
      namespace: input.namespace ?? 'ecs',
      resourceId: input.resourceId,
      dimension: input.dimension ?? 'ecs:service:DesiredCount',
      description: input.description,
      cause: input.cause,
      startTime: start,
      ...(input.statusCode === 'InProgress' || input.statusCode === 'Pending'
        ? {}
        : { endTime: start + 1000 }),
      statusCode: input.statusCode,
      ...(input.statusMessage ? { statusMessage: input.statusMessage } : {}),
    };
    this.activities.push(record);
    this.activities.sort((a, b) => a.startTime - b.startTime);
    return record;
  }

  target(namespace: string, resourceId: string, dimension: string): TargetRecord | undefined {
    return this.targets.get(targetKey(namespace, resourceId, dimension));
  }

  /** The policies of one target, by name. */
  policiesOf(namespace: string, resourceId: string, dimension: string): PolicyRecord[] {
    return [...(this.policies.get(targetKey(namespace, resourceId, dimension))?.values() ?? [])];
  }

  /** ECS convenience: the target of service/<cluster>/<service>. */
  ecsTarget(cluster: string, service: string): TargetRecord | undefined {
    return this.target('ecs', `service/${cluster}/${service}`, 'ecs:service:DesiredCount');
  }

  ecsPolicies(cluster: string, service: string): PolicyRecord[] {
    return this.policiesOf('ecs', `service/${cluster}/${service}`, 'ecs:service:DesiredCount');
  }

  deregister(namespace: string, resourceId: string, dimension: string): void {
    const key = targetKey(namespace, resourceId, dimension);
    if (!this.targets.delete(key)) {
      throw notFound(
        `No scalable target found for service namespace: ${namespace}, resource ID: ${resourceId}, scalable dimension: ${dimension}`,
      );
    }
    // Deregistering a scalable target deletes the scaling policies associated with it.
    this.policies.delete(key);
  }

  putPolicy(record: Omit<PolicyRecord, 'arn' | 'createdAt'>): PolicyRecord {
    const key = targetKey(record.namespace, record.resourceId, record.dimension);
    if (!this.targets.has(key)) {
      throw notFound(
        `No scalable target registered for service namespace: ${record.namespace}, resource ID: ${record.resourceId}, scalable dimension: ${record.dimension}`,
      );
    }
    let byName = this.policies.get(key);
    if (!byName) {
      byName = new Map();
      this.policies.set(key, byName);
    }
    const existing = byName.get(record.name);
    const stored: PolicyRecord = {
      ...record,
      arn:
        existing?.arn ??
        `arn:aws:autoscaling:${this.options.region}:${this.options.accountId}:scalingPolicy:${randomUUID()}:resource/${record.namespace}/${record.resourceId}:policyName/${record.name}`,
      createdAt: existing?.createdAt ?? this.now(),
    };
    byName.set(record.name, stored);
    return stored;
  }
}

/** `service/<cluster>/<service>` in the ecs namespace → its parts. */
export function ecsService(
  namespace: string,
  resourceId: string,
): { cluster: string; service: string } | undefined {
  if (namespace !== 'ecs') return undefined;
  const match = /^service\/([^/]+)\/([^/]+)$/.exec(resourceId);
  return match ? { cluster: match[1] ?? '', service: match[2] ?? '' } : undefined;
}

/** The fake wired to a fake ECS account: targets need the service, and registering moves its desired count. */
export function autoScalingForEcs(
  ecs: {
    getService(cluster: string, name: string): { desiredCount: number; status: string } | undefined;
  },
  options: { clock: Clock; region: string; accountId: string },
): FakeAutoScaling {
  const active = (cluster: string, service: string) => {
    const record = ecs.getService(cluster, service);
    return record?.status === 'ACTIVE' ? record : undefined;
  };
  return new FakeAutoScaling({
    ...options,
    serviceExists: (cluster, service) => active(cluster, service) !== undefined,
    desiredCount: (cluster, service) => active(cluster, service)?.desiredCount,
    setDesiredCount: (cluster, service, count) => {
      const record = active(cluster, service);
      if (record) record.desiredCount = count;
    },
  });
}
