/**
 * ECS service deployments (the deployment history ECS keeps since 2024, and the blue/green, linear
 * and canary deployments it runs since 2025) over the same ECSClient as the ECS gateway: list
 * (pages of at most 100), describe (at most 20 ARNs per call), the revisions they move between
 * (at most 20 per call), stop with ROLLBACK, act on a paused lifecycle hook, and the service's
 * deployment configuration (UpdateService). Limits and behaviours: docs/deployments.md §1.
 * Editor-free.
 */
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookAction,
  ECSClient,
  LoadBalancer,
  Service,
  ServiceDeployment,
  ServiceDeploymentBrief,
  ServiceDeploymentStatus,
  ServiceRevision,
  StopServiceDeploymentStopType,
} from '@aws-sdk/client-ecs';
import { chunk, type Described } from './listAndDescribe';
import { sdk } from './sdkModules';

/** docs/deployments.md §1: the documented maxima. */
export const SERVICE_DEPLOYMENT_LIMITS = {
  /** ListServiceDeployments maxResults: 1–100 (default 20). */
  listPageSize: 100,
  /** DescribeServiceDeployments: at most 20 ARNs. */
  describeDeployments: 20,
  /** DescribeServiceRevisions: at most 20 ARNs. */
  describeRevisions: 20,
} as const;

export interface ServiceDeploymentFilter {
  readonly status?: readonly ServiceDeploymentStatus[];
  /** Only deployments created after this time. */
  readonly createdAfter?: Date;
}

export interface ServiceDeploymentPage {
  readonly items: readonly ServiceDeploymentBrief[];
  readonly nextToken?: string;
}

export interface ServiceDeploymentsGateway {
  /** One page of ListServiceDeployments (`maxResults` ≤ 100). */
  listServiceDeployments(
    cluster: string,
    service: string,
    options?: ServiceDeploymentFilter & { readonly nextToken?: string; readonly maxResults?: number },
    signal?: AbortSignal,
  ): Promise<ServiceDeploymentPage>;
  /** DescribeServiceDeployments in batches of 20; `failures[]` come back, never dropped. */
  describeServiceDeployments(
    arns: readonly string[],
    signal?: AbortSignal,
  ): Promise<Described<ServiceDeployment>>;
  describeServiceRevisions(
    arns: readonly string[],
    signal?: AbortSignal,
  ): Promise<Described<ServiceRevision>>;
  /** StopServiceDeployment (ROLLBACK: back to the revision that ran before). */
  stopServiceDeployment(
    arn: string,
    stopType: StopServiceDeploymentStopType,
    signal?: AbortSignal,
  ): Promise<void>;
  /** ContinueServiceDeployment on a PAUSE hook that is AWAITING_ACTION. */
  continueServiceDeployment(
    arn: string,
    hookId: string,
    action: DeploymentLifecycleHookAction,
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * UpdateService with a new deployment configuration (and the load balancers when a blue/green
   * strategy needs their advanced configuration); nothing else about the service changes.
   */
  updateDeploymentConfiguration(
    cluster: string,
    service: string,
    configuration: DeploymentConfiguration,
    loadBalancers: readonly LoadBalancer[] | undefined,
    signal?: AbortSignal,
  ): Promise<Service | undefined>;
}

export function createServiceDeploymentsGateway(client: ECSClient): ServiceDeploymentsGateway {
  const ecs = sdk.ecs;
  return {
    listServiceDeployments: async (cluster, service, options = {}, signal) => {
      const out = await client.send(
        new (ecs().ListServiceDeploymentsCommand)({
          cluster,
          service,
          ...(options.status ? { status: [...options.status] } : {}),
          ...(options.createdAfter ? { createdAt: { after: options.createdAfter } } : {}),
          maxResults: Math.min(
            options.maxResults ?? SERVICE_DEPLOYMENT_LIMITS.listPageSize,
            SERVICE_DEPLOYMENT_LIMITS.listPageSize,
          ),
          ...(options.nextToken ? { nextToken: options.nextToken } : {}),
        }),
        { abortSignal: signal },
      );
      return {
        items: out.serviceDeployments ?? [],
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      };
    },

    describeServiceDeployments: async (arns, signal) => {
      const batches = await Promise.all(
        chunk(arns, SERVICE_DEPLOYMENT_LIMITS.describeDeployments).map((batch) =>
          client.send(new (ecs().DescribeServiceDeploymentsCommand)({ serviceDeploymentArns: [...batch] }), {
            abortSignal: signal,
          }),
        ),
      );
      return {
        items: batches.flatMap((b) => b.serviceDeployments ?? []),
        failures: batches.flatMap((b) =>
          (b.failures ?? []).map((f) => ({ arn: f.arn, reason: f.reason, detail: f.detail })),
        ),
      };
    },

    describeServiceRevisions: async (arns, signal) => {
      const batches = await Promise.all(
        chunk(arns, SERVICE_DEPLOYMENT_LIMITS.describeRevisions).map((batch) =>
          client.send(new (ecs().DescribeServiceRevisionsCommand)({ serviceRevisionArns: [...batch] }), {
            abortSignal: signal,
          }),
        ),
      );
      return {
        items: batches.flatMap((b) => b.serviceRevisions ?? []),
        failures: batches.flatMap((b) =>
          (b.failures ?? []).map((f) => ({ arn: f.arn, reason: f.reason, detail: f.detail })),
        ),
      };
    },

    stopServiceDeployment: async (arn, stopType, signal) => {
      await client.send(new (ecs().StopServiceDeploymentCommand)({ serviceDeploymentArn: arn, stopType }), {
        abortSignal: signal,
      });
    },

    continueServiceDeployment: async (arn, hookId, action, signal) => {
      await client.send(
        new (ecs().ContinueServiceDeploymentCommand)({ serviceDeploymentArn: arn, hookId, action }),
        { abortSignal: signal },
      );
    },

    updateDeploymentConfiguration: async (cluster, service, configuration, loadBalancers, signal) => {
      const out = await client.send(
        new (ecs().UpdateServiceCommand)({
          cluster,
          service,
          deploymentConfiguration: configuration,
          ...(loadBalancers ? { loadBalancers: [...loadBalancers] } : {}),
        }),
        { abortSignal: signal },
      );
      return out.service;
    },
  };
}
