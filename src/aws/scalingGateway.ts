/**
 * Everything the extension asks of Application Auto Scaling about ECS services, over one
 * ApplicationAutoScalingClient. An ECS service's scalable target is keyed by
 * ResourceId `service/<cluster>/<service>`, ScalableDimension `ecs:service:DesiredCount` and
 * ServiceNamespace `ecs`. DescribeScalableTargets takes at most 50 ResourceIds per call, so
 * many services are described in batches of 50 (concurrently, within a limiter); the Describe*
 * calls page with NextToken. Editor-free.
 */
import type {
  ApplicationAutoScalingClient,
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';
import { createLimiter } from '../shared/concurrency';
import { chunk } from './listAndDescribe';
import { sdk } from './sdkModules';

/** The documented maxima (Application Auto Scaling API reference). */
export const SCALING_LIMITS = {
  /** ResourceIds per DescribeScalableTargets call. */
  describeTargetsResourceIds: 50,
  /** MaxResults for DescribeScalableTargets / DescribeScalingActivities. */
  pageSize: 50,
  /** MaxResults for DescribeScalingPolicies. */
  policiesPageSize: 10,
} as const;

export const ECS_NAMESPACE = 'ecs';
export const ECS_DIMENSION = 'ecs:service:DesiredCount';

/** The ResourceId of an ECS service: `service/<cluster name>/<service name>` (names, not ARNs). */
export function ecsResourceId(cluster: string, service: string): string {
  return `service/${nameOf(cluster)}/${nameOf(service)}`;
}

/** `arn:aws:ecs:…:cluster/prod` or `…:service/prod/web` → `prod` / `web`; a name stays as it is. */
function nameOf(ref: string): string {
  if (!ref.startsWith('arn:')) return ref;
  const resource = ref.split(':').slice(5).join(':');
  return resource.split('/').pop() ?? ref;
}

export interface ScalingPolicyInput {
  readonly policyName: string;
  readonly targetTracking: TargetTrackingScalingPolicyConfiguration;
}

export interface ScalingGateway {
  /** The scalable targets of these services, keyed by service name (services without one are absent). */
  describeTargets(
    cluster: string,
    services: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, ScalableTarget>>;
  /** The service's scalable target, or undefined when it is not auto scaled. */
  describeTarget(cluster: string, service: string, signal?: AbortSignal): Promise<ScalableTarget | undefined>;
  /** Whether the service has a scalable target (a deploy must then leave its desired count alone). */
  isAutoScaled(cluster: string, service: string, signal?: AbortSignal): Promise<boolean>;
  /** Every scaling policy of the service (all pages). */
  describePolicies(cluster: string, service: string, signal?: AbortSignal): Promise<ScalingPolicy[]>;
  /** Policies of many services at once (all pages of the namespace, filtered), keyed by service name. */
  describePoliciesOf(
    cluster: string,
    services: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, ScalingPolicy[]>>;
  /** The service's recent scaling activities, oldest first (the API answers newest first). */
  describeActivities(
    cluster: string,
    service: string,
    options?: { readonly limit?: number; readonly signal?: AbortSignal },
  ): Promise<ScalingActivity[]>;
  registerTarget(cluster: string, service: string, min: number, max: number): Promise<void>;
  putPolicy(cluster: string, service: string, policy: ScalingPolicyInput): Promise<void>;
  deletePolicy(cluster: string, service: string, policyName: string): Promise<void>;
  /** Deregisters the target; Application Auto Scaling deletes its policies with it. */
  deregisterTarget(cluster: string, service: string): Promise<void>;
}

export interface ScalingGatewayOptions {
  /** Maximum DescribeScalableTargets in flight (setting ecsFargate.maxConcurrentRequests). */
  readonly concurrency: () => number;
}

export function createScalingGateway(
  client: ApplicationAutoScalingClient,
  options: ScalingGatewayOptions,
): ScalingGateway {
  const targetsLimiter = createLimiter(options.concurrency);
  const key = (cluster: string, service: string) =>
    ({
      ServiceNamespace: ECS_NAMESPACE,
      ResourceId: ecsResourceId(cluster, service),
      ScalableDimension: ECS_DIMENSION,
    }) as const;

  const describeBatch = async (resourceIds: readonly string[], signal?: AbortSignal) => {
    const targets: ScalableTarget[] = [];
    let NextToken: string | undefined;
    do {
      const out = await client.send(
        new (sdk.autoScaling().DescribeScalableTargetsCommand)({
          ServiceNamespace: ECS_NAMESPACE,
          ResourceIds: [...resourceIds],
          ScalableDimension: ECS_DIMENSION,
          MaxResults: SCALING_LIMITS.pageSize,
          NextToken,
        }),
        { abortSignal: signal },
      );
      targets.push(...(out.ScalableTargets ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    return targets;
  };

  const describeTargets = async (cluster: string, services: readonly string[], signal?: AbortSignal) => {
    const byResource = new Map(services.map((s) => [ecsResourceId(cluster, s), nameOf(s)] as const));
    const batches = chunk([...byResource.keys()], SCALING_LIMITS.describeTargetsResourceIds);
    const results = await Promise.all(
      batches.map((batch) => targetsLimiter.run(() => describeBatch(batch, signal), signal)),
    );
    const out = new Map<string, ScalableTarget>();
    for (const target of results.flat()) {
      const service = target.ResourceId ? byResource.get(target.ResourceId) : undefined;
      if (service !== undefined) out.set(service, target);
    }
    return out;
  };

  const describePolicies = async (resourceId: string | undefined, signal?: AbortSignal) => {
    const policies: ScalingPolicy[] = [];
    let NextToken: string | undefined;
    do {
      const out = await client.send(
        new (sdk.autoScaling().DescribeScalingPoliciesCommand)({
          ServiceNamespace: ECS_NAMESPACE,
          ...(resourceId ? { ResourceId: resourceId, ScalableDimension: ECS_DIMENSION } : {}),
          MaxResults: SCALING_LIMITS.policiesPageSize,
          NextToken,
        }),
        { abortSignal: signal },
      );
      policies.push(...(out.ScalingPolicies ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    return policies;
  };

  return {
    describeTargets,

    describeTarget: async (cluster, service, signal) =>
      (await describeBatch([ecsResourceId(cluster, service)], signal))[0],

    isAutoScaled: async (cluster, service, signal) =>
      (await describeBatch([ecsResourceId(cluster, service)], signal)).length > 0,

    describePolicies: (cluster, service, signal) => describePolicies(ecsResourceId(cluster, service), signal),

    describePoliciesOf: async (cluster, services, signal) => {
      const out = new Map<string, ScalingPolicy[]>();
      if (services.length === 0) return out;
      // One service: filter on the server. Several: one paged listing of the namespace beats a call per service.
      const only = services.length === 1 ? ecsResourceId(cluster, services[0] ?? '') : undefined;
      const byResource = new Map(services.map((s) => [ecsResourceId(cluster, s), nameOf(s)] as const));
      for (const policy of await describePolicies(only, signal)) {
        const service = policy.ResourceId ? byResource.get(policy.ResourceId) : undefined;
        if (service === undefined || policy.ScalableDimension !== ECS_DIMENSION) continue;
        out.set(service, [...(out.get(service) ?? []), policy]);
      }
      return out;
    },

    describeActivities: async (cluster, service, activityOptions = {}) => {
      const limit = activityOptions.limit ?? 50;
      const newestFirst: ScalingActivity[] = [];
      let NextToken: string | undefined;
      do {
        const out = await client.send(
          new (sdk.autoScaling().DescribeScalingActivitiesCommand)({
            ...key(cluster, service),
            MaxResults: Math.min(SCALING_LIMITS.pageSize, limit - newestFirst.length),
            NextToken,
          }),
          { abortSignal: activityOptions.signal },
        );
        newestFirst.push(...(out.ScalingActivities ?? []));
        NextToken = out.NextToken;
      } while (NextToken && newestFirst.length < limit);
      // Sorted rather than reversed, so the order holds even if a page is not strictly ordered.
      return newestFirst
        .slice(0, limit)
        .sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0));
    },

    registerTarget: async (cluster, service, min, max) => {
      await client.send(
        new (sdk.autoScaling().RegisterScalableTargetCommand)({
          ...key(cluster, service),
          MinCapacity: min,
          MaxCapacity: max,
        }),
      );
    },

    putPolicy: async (cluster, service, policy) => {
      await client.send(
        new (sdk.autoScaling().PutScalingPolicyCommand)({
          ...key(cluster, service),
          PolicyName: policy.policyName,
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: policy.targetTracking,
        }),
      );
    },

    deletePolicy: async (cluster, service, policyName) => {
      await client.send(
        new (sdk.autoScaling().DeleteScalingPolicyCommand)({
          ...key(cluster, service),
          PolicyName: policyName,
        }),
      );
    },

    deregisterTarget: async (cluster, service) => {
      await client.send(new (sdk.autoScaling().DeregisterScalableTargetCommand)(key(cluster, service)));
    },
  };
}

/** Standalone for the deploy workflow: whether a deploy must leave the service's desired count alone. */
export function isAutoScaled(
  gateway: ScalingGateway,
  cluster: string,
  service: string,
  signal?: AbortSignal,
): Promise<boolean> {
  return gateway.isAutoScaled(cluster, service, signal);
}
