/**
 * The only place that constructs AWS SDK clients. Every client gets:
 * - an explicit region (never the SDK's own lookup, which may reach EC2 instance metadata);
 * - the connection's credential provider;
 * - the SDK's adaptive retry (exponential back-off plus a client-side rate limiter that slows down
 *   after throttling responses, so bursts of ECS Describe calls settle instead of failing), with
 *   `maxAttempts`: the option, else AWS_MAX_ATTEMPTS, else the profile's `max_attempts`, else 3 (the
 *   SDK's and the CLI's standard-mode default; more would only delay the error for a stopped LocalStack);
 *   read-only calls retry throttling and 5xx with more patience behind the same rate limiter
 *   (retryPolicy.ts, docs/aws-facts.md §10);
 * - the configured endpoint for the selected profile (endpoints.ts), with the SDK's own lookup
 *   switched off (`ignoreConfiguredEndpointUrls`) because it would read the wrong profile;
 * - the shared HTTP handler (AWS_CA_BUNDLE, HTTPS_PROXY/NO_PROXY, connection timeout);
 * - a middleware that records the operation and endpoint on any error, for describeAwsError;
 * - the middleware stack resolved once per command class (`cacheMiddleware`), with `{ abortSignal }`
 *   calls rewritten so that they use it and are still cancelled (requestAbort.ts).
 * Clients are created on first use and cached; destroy() releases them and their sockets.
 */
import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { RetryStrategyV2 } from '@smithy/types';
import { sdk } from './sdkModules';
import { EXTENSION_USER_AGENT } from './userAgent';
import type { Logger } from '../shared/logger';
import { AwsError, recordRequestInfo } from './awsErrors';
import { type AwsConnection, ENVIRONMENT_PROFILE } from './connection';
import type {
  AwsCredentials,
  CredentialProvider,
  RoleAssumer,
  RoleAssumerWithWebIdentity,
} from './credentials';
import { type AwsServiceId, type ConfiguredEndpoint, configuredEndpoint, endpointProblem } from './endpoints';
import { type AwsRequestHandler, createHttpHandler } from './httpHandler';
import { profileSettings } from './profiles';
import { sendWithoutOptions } from './requestAbort';
import { createClientRetry, installRetryPolicy, type RetryPolicyOptions } from './retryPolicy';
import type { Env, SharedConfig } from './sharedConfig';

export interface AwsClientFactory {
  readonly region: string;
  ecs(): ECSClient;
  ecr(): ECRClient;
  logs(): CloudWatchLogsClient;
  /** CloudWatch metrics (GetMetricData). */
  cloudwatch(): CloudWatchClient;
  sts(): STSClient;
  /** IAM is global: the SDK resolves the partition's single endpoint from the region. */
  iam(): IAMClient;
  /** KMS (the data keys of encrypted ECS Exec sessions). */
  kms(): KMSClient;
  /** Application Auto Scaling (ECS service scalable targets and policies). */
  autoScaling(): ApplicationAutoScalingClient;
  /** Elastic Load Balancing v2 (the target groups of a service's load balancers). */
  elb(): ElasticLoadBalancingV2Client;
  /** EC2 (the VPCs, subnets and security groups tasks run in). */
  ec2(): EC2Client;
  /** CodeDeploy (deployments of services whose deployment controller is CODE_DEPLOY). */
  codeDeploy(): CodeDeployClient;
  /** CloudTrail (LookupEvents: who started a service deployment). */
  cloudTrail(): CloudTrailClient;
  /** Systems Manager (Session Manager sessions: port forwarding; Parameter Store: a local task's secrets). */
  ssm(): SSMClient;
  /** Secrets Manager (a local task's secrets). */
  secretsManager(): SecretsManagerClient;
  /** The endpoint configured for a service (undefined: the regional AWS endpoint). */
  endpoint(serviceId: AwsServiceId): ConfiguredEndpoint | undefined;
  /** Destroys every client created so far (sockets are released). */
  destroy(): void;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface AwsClientFactoryOptions {
  readonly connection: AwsConnection;
  readonly credentials: CredentialProvider;
  readonly env: Env;
  /** The parsed shared files (for the profile's endpoint settings and max_attempts). */
  readonly files: SharedConfig;
  readonly logger: Logger;
  readonly maxAttempts?: number;
  /** Shared with the credential providers; created from `env` (and then owned) when absent. */
  readonly requestHandler?: AwsRequestHandler;
  /** The read retry policy's knobs (tests: small delays, a seeded random). */
  readonly retry?: RetryPolicyOptions;
}

function positiveInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number.parseInt(value, 10);
  return n >= 1 ? n : undefined;
}

/** maxAttempts by precedence: explicit option > AWS_MAX_ATTEMPTS > profile max_attempts > 3. */
export function resolveMaxAttempts(
  option: number | undefined,
  env: Env,
  files: SharedConfig,
  profile: string | undefined,
): number {
  if (option !== undefined && Number.isInteger(option) && option >= 1) return option;
  const settings = profile === undefined ? undefined : profileSettings(files, profile);
  return (
    positiveInteger(env.AWS_MAX_ATTEMPTS) ?? positiveInteger(settings?.max_attempts) ?? DEFAULT_MAX_ATTEMPTS
  );
}

/** IAM action prefix for our clients, for "which action failed" messages. */
const ACTION_PREFIX: Record<string, string> = {
  ECSClient: 'ecs',
  ECRClient: 'ecr',
  CloudWatchLogsClient: 'logs',
  CloudWatchClient: 'cloudwatch',
  STSClient: 'sts',
  IAMClient: 'iam',
  KMSClient: 'kms',
  ApplicationAutoScalingClient: 'application-autoscaling',
  ElasticLoadBalancingV2Client: 'elasticloadbalancing',
  EC2Client: 'ec2',
  CodeDeployClient: 'codedeploy',
  CloudTrailClient: 'cloudtrail',
  SSMClient: 'ssm',
  SecretsManagerClient: 'secretsmanager',
};

interface MiddlewareClient {
  readonly middlewareStack: unknown;
}

/** What requestAbort.ts needs of a client: every SDK client's `send` (its overloads) fits. */
interface SendingClient extends MiddlewareClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(...args: any[]): unknown;
}

/** Records operation and endpoint on every error the client throws (see awsErrors.recordRequestInfo). */
function addRequestInfoMiddleware(
  client: MiddlewareClient,
  clientName: string,
  endpoint: ConfiguredEndpoint | undefined,
): void {
  // Every SDK client's stack is the same smithy MiddlewareStack; only its input/output type
  // parameters differ, and this middleware does not look at either.
  const stack = client.middlewareStack as STSClient['middlewareStack'];
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const command = context.commandName?.replace(/Command$/, '');
        const prefix = ACTION_PREFIX[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
        const url = endpoint?.url ?? context.endpointV2?.url.href;
        recordRequestInfo(error, {
          ...(command ? { operation: `${prefix}:${command}` } : {}),
          ...(url ? { endpoint: url } : {}),
          ...(endpoint ? { endpointSource: endpoint.source } : {}),
        });
        throw error;
      }
    },
    { step: 'initialize', name: 'ecsFargateRequestInfo', override: true },
  );
}

function checkedEndpoint(endpoint: ConfiguredEndpoint | undefined): ConfiguredEndpoint | undefined {
  const problem = endpoint && endpointProblem(endpoint);
  if (problem) {
    throw new AwsError({
      kind: 'endpoint',
      message: `Cannot create the AWS client — ${problem} Fix the setting: ${endpoint.source}`,
      action: { title: 'Open AWS Config', kind: 'openConfig' },
    });
  }
  return endpoint;
}

export function createAwsClientFactory(options: AwsClientFactoryOptions): AwsClientFactory {
  const { connection, credentials, env, files, logger } = options;
  const region = connection.region;
  const profile = connection.profile === ENVIRONMENT_PROFILE ? undefined : connection.profile;
  const ownsHandler = options.requestHandler === undefined;
  const requestHandler = options.requestHandler ?? createHttpHandler({ env, logger });
  const maxAttempts = resolveMaxAttempts(options.maxAttempts, env, files, profile);
  const endpointFor = (serviceId: AwsServiceId) =>
    configuredEndpoint(serviceId, { env, config: files, profile });

  const created: Array<{ destroy(): void }> = [];
  let destroyed = false;

  function make<C extends SendingClient & { destroy(): void }>(
    serviceId: AwsServiceId,
    clientName: string,
    construct: (config: {
      region: string;
      credentials: CredentialProvider;
      requestHandler: AwsRequestHandler;
      retryMode: string;
      retryStrategy: RetryStrategyV2;
      maxAttempts: number;
      ignoreConfiguredEndpointUrls: boolean;
      customUserAgent: string;
      cacheMiddleware: boolean;
      endpoint?: string;
      profile?: string;
    }) => C,
  ): () => C {
    let client: C | undefined;
    return () => {
      if (destroyed)
        throw new Error('The AWS client factory was destroyed; ask the connection for a new one.');
      if (client) return client;
      const endpoint = checkedEndpoint(endpointFor(serviceId));
      const retry = createClientRetry(maxAttempts, options.retry);
      client = construct({
        region,
        credentials,
        requestHandler,
        retryMode: 'adaptive',
        retryStrategy: retry.writeStrategy,
        maxAttempts,
        ignoreConfiguredEndpointUrls: true,
        // Appended to the User-Agent: CloudTrail records it, so a deployment we made reads "this extension".
        customUserAgent: EXTENSION_USER_AGENT,
        // The middleware stack is resolved once per command class (requestAbort.ts keeps cancellation).
        cacheMiddleware: true,
        ...(endpoint ? { endpoint: endpoint.url } : {}),
        ...(profile ? { profile } : {}),
      });
      addRequestInfoMiddleware(client, clientName, endpoint);
      installRetryPolicy(client, retry, maxAttempts);
      sendWithoutOptions(client);
      created.push(client);
      logger.debug(
        `Created the ${serviceId} client for ${connection.profile} in ${region}${endpoint ? ` (endpoint from ${endpoint.source})` : ''}`,
      );
      return client;
    };
  }

  const ecs = make('ECS', 'ECSClient', (config) => new (sdk.ecs().ECSClient)(config));
  const ecr = make('ECR', 'ECRClient', (config) => new (sdk.ecr().ECRClient)(config));
  const logs = make(
    'CloudWatch Logs',
    'CloudWatchLogsClient',
    // Live Tail's `stream-` host prefix only resolves on AWS: a custom endpoint (LocalStack, a proxy) takes it as is.
    (config) =>
      new (sdk.logs().CloudWatchLogsClient)({ ...config, disableHostPrefix: config.endpoint !== undefined }),
  );
  const cloudwatch = make(
    'CloudWatch',
    'CloudWatchClient',
    (config) => new (sdk.cloudwatch().CloudWatchClient)(config),
  );
  const sts = make('STS', 'STSClient', (config) => new (sdk.sts().STSClient)(config));
  const iam = make('IAM', 'IAMClient', (config) => new (sdk.iam().IAMClient)(config));
  const kms = make('KMS', 'KMSClient', (config) => new (sdk.kms().KMSClient)(config));
  const autoScaling = make(
    'Application Auto Scaling',
    'ApplicationAutoScalingClient',
    (config) => new (sdk.autoScaling().ApplicationAutoScalingClient)(config),
  );
  const elb = make(
    'Elastic Load Balancing v2',
    'ElasticLoadBalancingV2Client',
    (config) => new (sdk.elb().ElasticLoadBalancingV2Client)(config),
  );
  const ec2 = make('EC2', 'EC2Client', (config) => new (sdk.ec2().EC2Client)(config));
  const codeDeploy = make(
    'CodeDeploy',
    'CodeDeployClient',
    (config) => new (sdk.codeDeploy().CodeDeployClient)(config),
  );
  const cloudTrail = make(
    'CloudTrail',
    'CloudTrailClient',
    (config) => new (sdk.cloudTrail().CloudTrailClient)(config),
  );
  const ssm = make('SSM', 'SSMClient', (config) => new (sdk.ssm().SSMClient)(config));
  const secretsManager = make(
    'Secrets Manager',
    'SecretsManagerClient',
    (config) => new (sdk.secretsManager().SecretsManagerClient)(config),
  );

  return {
    region,
    ecs,
    ecr,
    logs,
    cloudwatch,
    sts,
    iam,
    kms,
    autoScaling,
    elb,
    ec2,
    codeDeploy,
    cloudTrail,
    ssm,
    secretsManager,
    endpoint: endpointFor,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const client of created.splice(0)) client.destroy();
      if (ownsHandler) requestHandler.destroy();
    },
  };
}

export interface RoleAssumerOptions {
  readonly region: string;
  readonly requestHandler: AwsRequestHandler;
  /** The STS endpoint configured for the profile, if any. */
  readonly endpoint?: ConfiguredEndpoint;
  readonly maxAttempts?: number;
}

function toCredentials(
  response: {
    Credentials?: {
      AccessKeyId?: string;
      SecretAccessKey?: string;
      SessionToken?: string;
      Expiration?: Date;
    };
  },
  arn: string | undefined,
  role: string | undefined,
): AwsCredentials {
  const c = response.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    throw new Error(`STS returned no credentials for the role: ${role ?? 'unknown role'}`);
  }
  const accountId = arn?.split(':')[4];
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
    ...(accountId ? { accountId } : {}),
  };
}

/**
 * The AssumeRole / AssumeRoleWithWebIdentity callers fromIni uses for role profiles: STS clients with
 * our handler, region and configured STS endpoint. A client per call, because each hop of a role chain
 * signs with different source credentials; they are not destroyed since the handler is shared.
 */
export function createStsRoleAssumers(options: RoleAssumerOptions): {
  roleAssumer: RoleAssumer;
  roleAssumerWithWebIdentity: RoleAssumerWithWebIdentity;
} {
  const endpoint = options.endpoint;
  // Checked on use: a bad STS endpoint must only break the profiles that assume a role.
  const base = () => ({
    region: options.region,
    requestHandler: options.requestHandler,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ignoreConfiguredEndpointUrls: true,
    ...(checkedEndpoint(endpoint) ? { endpoint: endpoint?.url } : {}),
  });
  return {
    roleAssumer: async (sourceCredentials, params) => {
      const { STSClient, AssumeRoleCommand } = sdk.sts();
      const client = new STSClient({ ...base(), credentials: sourceCredentials });
      addRequestInfoMiddleware(client, 'STSClient', endpoint);
      const response = await client.send(new AssumeRoleCommand(params));
      return toCredentials(response, response.AssumedRoleUser?.Arn, params.RoleArn);
    },
    roleAssumerWithWebIdentity: async (params) => {
      const { STSClient, AssumeRoleWithWebIdentityCommand } = sdk.sts();
      const client = new STSClient(base());
      addRequestInfoMiddleware(client, 'STSClient', endpoint);
      const response = await client.send(new AssumeRoleWithWebIdentityCommand(params));
      return toCredentials(response, response.AssumedRoleUser?.Arn, params.RoleArn);
    },
  };
}
