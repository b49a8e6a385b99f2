/**
 * Application Auto Scaling as a service module of the fake endpoint: awsJson1_1, target prefix
 * AnyScaleFrontendService, signing name application-autoscaling. Enforces the documented limits
 * (ResourceIds ≤ 50 per DescribeScalableTargets, MaxResults 1–50, or 1–10 for DescribeScalingPolicies)
 * with the service's error shapes: ValidationException, ObjectNotFoundException, InvalidNextTokenException.
 */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { ServiceModule } from '../services';
import {
  AUTO_SCALING_LIMITS,
  type ActivityRecord,
  type FakeAutoScaling,
  type PolicyRecord,
  type TargetRecord,
  notFound,
  validation,
} from './fakeAutoScaling';

export const AUTO_SCALING_TARGET_PREFIX = 'AnyScaleFrontendService';

type Input = Record<string, unknown>;
type Handler = (fake: FakeAutoScaling, input: Input) => unknown;

const NAMESPACES = [
  'ecs',
  'elasticmapreduce',
  'ec2',
  'appstream',
  'dynamodb',
  'rds',
  'sagemaker',
  'custom-resource',
  'comprehend',
  'lambda',
  'cassandra',
  'kafka',
  'elasticache',
  'neptune',
  'workspaces',
];
const PREDEFINED_ECS = [
  'ECSServiceAverageCPUUtilization',
  'ECSServiceAverageMemoryUtilization',
  'ALBRequestCountPerTarget',
];

function required(input: Input, field: string, param: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw validation(
      `1 validation error detected: Value null at '${param}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function namespaceOf(input: Input): string {
  const value = required(input, 'ServiceNamespace', 'serviceNamespace');
  if (!NAMESPACES.includes(value)) {
    throw validation(
      `1 validation error detected: Value '${value}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: [${NAMESPACES.join(', ')}]`,
    );
  }
  return value;
}

function optionalInt(input: Input, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AwsError('SerializationException', `${field} must be an integer`);
  }
  return value;
}

function page<T>(fake: FakeAutoScaling, items: readonly T[], input: Input, scope: string, max: number) {
  const maxResults = optionalInt(input, 'MaxResults');
  if (maxResults !== undefined && (maxResults < 1 || maxResults > max)) {
    throw validation(
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${maxResults < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    );
  }
  return fake.paginator.page(
    items,
    {
      scope,
      nextToken: typeof input['NextToken'] === 'string' ? input['NextToken'] : undefined,
      ...(maxResults !== undefined ? { maxResults } : {}),
      defaultPageSize: max,
      maxPageSize: max,
    },
    (message) => new AwsError('InvalidNextTokenException', message),
  );
}

function stringList(input: Input, field: string, param: string, max: number): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new AwsError('SerializationException', `${field} must be a list of strings`);
  }
  if (value.length > max) {
    throw validation(
      `1 validation error detected: Value '[${value.join(', ')}]' at '${param}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  return value as string[];
}

function renderTarget(t: TargetRecord): unknown {
  return {
    ServiceNamespace: t.namespace,
    ResourceId: t.resourceId,
    ScalableDimension: t.dimension,
    MinCapacity: t.min,
    MaxCapacity: t.max,
    RoleARN: t.roleArn,
    CreationTime: new Date(t.createdAt),
    SuspendedState: {
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    },
    ScalableTargetARN: t.arn,
  };
}

function renderPolicy(p: PolicyRecord): unknown {
  return {
    PolicyARN: p.arn,
    PolicyName: p.name,
    ServiceNamespace: p.namespace,
    ResourceId: p.resourceId,
    ScalableDimension: p.dimension,
    PolicyType: p.type,
    ...(p.targetTracking ? { TargetTrackingScalingPolicyConfiguration: p.targetTracking } : {}),
    ...(p.stepScaling ? { StepScalingPolicyConfiguration: p.stepScaling } : {}),
    Alarms: [],
    CreationTime: new Date(p.createdAt),
  };
}

function renderActivity(a: ActivityRecord): unknown {
  return {
    ActivityId: a.activityId,
    ServiceNamespace: a.namespace,
    ResourceId: a.resourceId,
    ScalableDimension: a.dimension,
    Description: a.description,
    Cause: a.cause,
    StartTime: new Date(a.startTime),
    ...(a.endTime !== undefined ? { EndTime: new Date(a.endTime) } : {}),
    StatusCode: a.statusCode,
    ...(a.statusMessage ? { StatusMessage: a.statusMessage } : {}),
  };
}

function checkTargetTracking(namespace: string, config: unknown): Record<string, unknown> {
  if (config === undefined || config === null || typeof config !== 'object') {
    throw validation(
      'TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy',
    );
  }
  const c = config as Record<string, unknown>;
  const target = c['TargetValue'];
  if (typeof target !== 'number' || !(target > 0)) {
    throw validation(
      `1 validation error detected: Value '${String(target)}' at 'targetTrackingScalingPolicyConfiguration.targetValue' failed to satisfy constraint: Member must have value greater than or equal to 8.515920e-109`,
    );
  }
  const predefined = c['PredefinedMetricSpecification'] as Record<string, unknown> | undefined;
  if (!predefined && !c['CustomizedMetricSpecification']) {
    throw validation(
      'Either PredefinedMetricSpecification or CustomizedMetricSpecification must be specified',
    );
  }
  if (predefined) {
    const type = predefined['PredefinedMetricType'];
    if (namespace === 'ecs' && (typeof type !== 'string' || !PREDEFINED_ECS.includes(type))) {
      throw validation(`Unsupported predefined metric type for ECS: ${String(type)}`);
    }
    if (type === 'ALBRequestCountPerTarget') {
      const label = predefined['ResourceLabel'];
      if (typeof label !== 'string' || !/^app\/[^/]+\/[^/]+\/targetgroup\/[^/]+\/[^/]+$/.test(label)) {
        throw validation(
          'ResourceLabel is required for ALBRequestCountPerTarget and must be app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>',
        );
      }
    }
  }
  for (const field of ['ScaleInCooldown', 'ScaleOutCooldown']) {
    const v = c[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 31536000)) {
      throw validation(`${field} must be between 0 and 31536000 seconds`);
    }
  }
  return c;
}

const handlers: Record<string, Handler> = {
  RegisterScalableTarget(fake, input) {
    const namespace = namespaceOf(input);
    const resourceId = required(input, 'ResourceId', 'resourceId');
    const dimension = required(input, 'ScalableDimension', 'scalableDimension');
    const min = optionalInt(input, 'MinCapacity');
    const max = optionalInt(input, 'MaxCapacity');
    if ((min !== undefined && min < 0) || (max !== undefined && max < 0)) {
      throw validation('Capacity values must be greater than or equal to 0');
    }
    const record = fake.registerTarget({
      namespace,
      resourceId,
      dimension,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    });
    return { ScalableTargetARN: record.arn };
  },

  DescribeScalableTargets(fake, input) {
    const namespace = namespaceOf(input);
    const ids = stringList(input, 'ResourceIds', 'resourceIds', AUTO_SCALING_LIMITS.resourceIdsPerDescribe);
    const dimension = typeof input['ScalableDimension'] === 'string' ? input['ScalableDimension'] : undefined;
    if (dimension && !ids) {
      throw validation('If you specify a scalable dimension, you must also specify a resource ID');
    }
    const matches = [...fake.targets.values()].filter(
      (t) =>
        t.namespace === namespace &&
        (!ids || ids.includes(t.resourceId)) &&
        (!dimension || t.dimension === dimension),
    );
    const scope = `DescribeScalableTargets|${namespace}|${(ids ?? []).join(',')}|${dimension ?? ''}`;
    const result = page(fake, matches, input, scope, AUTO_SCALING_LIMITS.maxResultsTargets);
    return { ScalableTargets: result.items.map(renderTarget), NextToken: result.nextToken };
  },

  DeregisterScalableTarget(fake, input) {
    const namespace = namespaceOf(input);
    fake.deregister(
      namespace,
      required(input, 'ResourceId', 'resourceId'),
      required(input, 'ScalableDimension', 'scalableDimension'),
    );
    return {};
  },

  PutScalingPolicy(fake, input) {
    const namespace = namespaceOf(input);
    const name = required(input, 'PolicyName', 'policyName');
    if (name.length > 256 || !/^[^\p{C}:/]+$/u.test(name)) {
      throw validation(
        `1 validation error detected: Value '${name}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: \\p{Print}&&[^:/]+`,
      );
    }
    const resourceId = required(input, 'ResourceId', 'resourceId');
    const dimension = required(input, 'ScalableDimension', 'scalableDimension');
    const type = typeof input['PolicyType'] === 'string' ? input['PolicyType'] : 'StepScaling';
    if (type !== 'TargetTrackingScaling' && type !== 'StepScaling' && type !== 'PredictiveScaling') {
      throw validation(`Unsupported policy type: ${type}`);
    }
    const targetTracking =
      type === 'TargetTrackingScaling'
        ? checkTargetTracking(namespace, input['TargetTrackingScalingPolicyConfiguration'])
        : undefined;
    const stored = fake.putPolicy({
      name,
      namespace,
      resourceId,
      dimension,
      type,
      ...(targetTracking ? { targetTracking } : {}),
      ...(type === 'StepScaling'
        ? { stepScaling: (input['StepScalingPolicyConfiguration'] ?? {}) as Record<string, unknown> }
        : {}),
    });
    const alarmPrefix = `TargetTracking-${resourceId}`;
    return {
      PolicyARN: stored.arn,
      Alarms:
        type === 'TargetTrackingScaling'
          ? [
              {
                AlarmName: `${alarmPrefix}-AlarmHigh-${stored.arn.slice(-8)}`,
                AlarmARN: `${stored.arn}:alarm-high`,
              },
              {
                AlarmName: `${alarmPrefix}-AlarmLow-${stored.arn.slice(-8)}`,
                AlarmARN: `${stored.arn}:alarm-low`,
              },
            ]
          : [],
    };
  },

  DescribeScalingPolicies(fake, input) {
    const namespace = namespaceOf(input);
    const names = stringList(input, 'PolicyNames', 'policyNames', AUTO_SCALING_LIMITS.policyNamesPerDescribe);
    const resourceId = typeof input['ResourceId'] === 'string' ? input['ResourceId'] : undefined;
    const dimension = typeof input['ScalableDimension'] === 'string' ? input['ScalableDimension'] : undefined;
    const all = [...fake.policies.values()].flatMap((byName) => [...byName.values()]);
    const matches = all.filter(
      (p) =>
        p.namespace === namespace &&
        (!names || names.includes(p.name)) &&
        (!resourceId || p.resourceId === resourceId) &&
        (!dimension || p.dimension === dimension),
    );
    const scope = `DescribeScalingPolicies|${namespace}|${(names ?? []).join(',')}|${resourceId ?? ''}|${dimension ?? ''}`;
    const result = page(fake, matches, input, scope, AUTO_SCALING_LIMITS.maxResultsPolicies);
    return { ScalingPolicies: result.items.map(renderPolicy), NextToken: result.nextToken };
  },

  DeleteScalingPolicy(fake, input) {
    const namespace = namespaceOf(input);
    const name = required(input, 'PolicyName', 'policyName');
    const resourceId = required(input, 'ResourceId', 'resourceId');
    const dimension = required(input, 'ScalableDimension', 'scalableDimension');
    const byName = fake.policies.get(`${namespace}|${resourceId}|${dimension}`);
    if (!byName?.delete(name)) {
      throw notFound(
        `No scaling policy found for service namespace: ${namespace}, resource ID: ${resourceId}, scalable dimension: ${dimension}, policy name: ${name}`,
      );
    }
    return {};
  },

  DescribeScalingActivities(fake, input) {
    const namespace = namespaceOf(input);
    const resourceId = typeof input['ResourceId'] === 'string' ? input['ResourceId'] : undefined;
    const dimension = typeof input['ScalableDimension'] === 'string' ? input['ScalableDimension'] : undefined;
    if (dimension && !resourceId) {
      throw validation('If you specify a scalable dimension, you must also specify a resource ID');
    }
    // The service answers newest first.
    const matches = fake.activities
      .filter(
        (a) =>
          a.namespace === namespace &&
          (!resourceId || a.resourceId === resourceId) &&
          (!dimension || a.dimension === dimension),
      )
      .reverse();
    const scope = `DescribeScalingActivities|${namespace}|${resourceId ?? ''}|${dimension ?? ''}`;
    const result = page(fake, matches, input, scope, AUTO_SCALING_LIMITS.maxResultsActivities);
    return { ScalingActivities: result.items.map(renderActivity), NextToken: result.nextToken };
  },
};

/** The operations the fake Application Auto Scaling implements. */
export const autoScalingOperations: readonly string[] = Object.keys(handlers);

export function autoScalingModule(fake: FakeAutoScaling): ServiceModule {
  return {
    signingName: 'application-autoscaling',
    protocol: awsJsonProtocol('com.amazonaws.applicationautoscaling'),
    jsonTargetPrefix: AUTO_SCALING_TARGET_PREFIX,
    errors: {
      serverError: {
        code: 'InternalServiceException',
        status: 500,
        message: 'The service encountered an internal error.',
      },
    },
    handle(operation: string, input: unknown): unknown {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return handler(fake, (input ?? {}) as Input);
    },
  };
}
