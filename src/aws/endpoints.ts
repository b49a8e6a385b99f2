/**
 * Configured endpoint URLs ("service-specific endpoints"), resolved for the profile WE selected.
 *
 * Why not leave it to the SDK: its resolver (`getEndpointFromConfig` in @smithy/core/endpoints) reads
 * process.env and the AWS_PROFILE/default profile, ignoring the `profile` client option, so a profile
 * picked in the editor would not get its own `endpoint_url` (verified: a client built with
 * `{ profile: 'other' }` went to ecs.<region>.amazonaws.com although [profile other] had endpoint_url).
 * So clients get an explicit `endpoint` from here and `ignoreConfiguredEndpointUrls: true`.
 *
 * Precedence, as the AWS CLI implements it (botocore `EndpointConfigProvider`, and the shared test
 * suite aws-cli tests/functional/configured_endpoint_urls/profile-tests.json):
 * 0. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true, or `ignore_configured_endpoint_urls = true` in the
 *    profile (the variable, when set, decides): no configured endpoint at all;
 * 1. AWS_ENDPOINT_URL_<SERVICE_ID> (e.g. AWS_ENDPOINT_URL_CLOUDWATCH_LOGS);
 * 2. AWS_ENDPOINT_URL;
 * 3. the profile's `services = x` → `[services x]` → `<service_key> =\n  endpoint_url = …`;
 * 4. the profile's `endpoint_url`.
 * Note the global environment variable beats the services section ("Global endpoint url environment
 * variable takes precedence over service-specific endpoint configuration option").
 */
import { profileSettings } from './profiles';
import type { Env, SharedConfig } from './sharedConfig';

/** AWS service ids (the `serviceId` of the API model), as used for the variable and config keys. */
export type AwsServiceId =
  | 'ECS'
  | 'ECR'
  | 'CloudWatch Logs'
  | 'CloudWatch'
  | 'STS'
  | 'EC2'
  | 'IAM'
  | 'KMS'
  | 'Application Auto Scaling'
  | 'Elastic Load Balancing v2'
  | 'CodeDeploy'
  | 'CloudTrail'
  | 'SSM'
  | 'Secrets Manager';

export interface ConfiguredEndpoint {
  readonly url: string;
  /** Where it came from, for tooltips and error messages, e.g. `AWS_ENDPOINT_URL_ECS` or `[services local] ecs`. */
  readonly source: string;
}

/** `CloudWatch Logs` → `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`. */
export function endpointVariableName(serviceId: AwsServiceId): string {
  return `AWS_ENDPOINT_URL_${serviceId.toUpperCase().split(' ').join('_')}`;
}

/** `CloudWatch Logs` → `cloudwatch_logs` (the key inside a [services] section). */
export function servicesSectionKey(serviceId: AwsServiceId): string {
  return serviceId.toLowerCase().split(' ').join('_');
}

function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

export interface EndpointLookup {
  readonly env: Env;
  readonly config: SharedConfig;
  /** The selected profile; undefined for the environment pseudo-profile (then only variables apply). */
  readonly profile: string | undefined;
}

/** The configured endpoint for a service, or undefined to use the SDK's regional AWS endpoint. */
export function configuredEndpoint(
  serviceId: AwsServiceId,
  lookup: EndpointLookup,
): ConfiguredEndpoint | undefined {
  const { env, config, profile } = lookup;
  const settings = profile === undefined ? undefined : profileSettings(config, profile);

  const ignore =
    parseBoolean(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ??
    parseBoolean(settings?.ignore_configured_endpoint_urls);
  if (ignore) return undefined;

  const variable = endpointVariableName(serviceId);
  const fromServiceVariable = env[variable];
  if (fromServiceVariable) return { url: fromServiceVariable, source: variable };
  if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL' };
  if (!settings) return undefined;

  const servicesName = settings.services;
  if (servicesName !== undefined) {
    const key = servicesSectionKey(serviceId);
    const fromServices = config.services.get(servicesName)?.[`${key}.endpoint_url`];
    if (fromServices) return { url: fromServices, source: `[services ${servicesName}] ${key}.endpoint_url` };
  }
  if (settings.endpoint_url)
    return { url: settings.endpoint_url, source: `endpoint_url of profile ${profile}` };
  return undefined;
}

/** Checks that a configured endpoint is an absolute http(s) URL; returns the reason when it is not. */
export function endpointProblem(endpoint: ConfiguredEndpoint): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    return `The endpoint set by ${endpoint.source} is not a valid URL.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The endpoint set by ${endpoint.source} must start with http:// or https://.`;
  }
  return undefined;
}
