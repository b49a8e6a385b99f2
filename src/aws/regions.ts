/**
 * Regions for the region quick pick, and how the extension decides which region to use.
 */
import type { Env } from './sharedConfig';

export interface AwsRegion {
  readonly id: string;
  readonly name: string;
}

/**
 * The commercial (`aws` partition) regions. Copied from the partitions table the SDK itself ships
 * (`@aws-sdk/core` dist-es/submodules/client/util-endpoints/lib/aws/partitions.js, the "aws" partition's
 * `regions`, as installed with @aws-sdk/client-ecs 3.1164), minus the `aws-global` pseudo-region.
 * Opt-in regions are included; the user can also type any other region id in the quick pick.
 */
export const COMMERCIAL_REGIONS: readonly AwsRegion[] = [
  { id: 'us-east-1', name: 'US East (N. Virginia)' },
  { id: 'us-east-2', name: 'US East (Ohio)' },
  { id: 'us-west-1', name: 'US West (N. California)' },
  { id: 'us-west-2', name: 'US West (Oregon)' },
  { id: 'af-south-1', name: 'Africa (Cape Town)' },
  { id: 'ap-east-1', name: 'Asia Pacific (Hong Kong)' },
  { id: 'ap-east-2', name: 'Asia Pacific (Taipei)' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { id: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
  { id: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
  { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
  { id: 'ap-south-2', name: 'Asia Pacific (Hyderabad)' },
  { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { id: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
  { id: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)' },
  { id: 'ap-southeast-5', name: 'Asia Pacific (Malaysia)' },
  { id: 'ap-southeast-6', name: 'Asia Pacific (New Zealand)' },
  { id: 'ap-southeast-7', name: 'Asia Pacific (Thailand)' },
  { id: 'ca-central-1', name: 'Canada (Central)' },
  { id: 'ca-west-1', name: 'Canada West (Calgary)' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
  { id: 'eu-central-2', name: 'Europe (Zurich)' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)' },
  { id: 'eu-south-1', name: 'Europe (Milan)' },
  { id: 'eu-south-2', name: 'Europe (Spain)' },
  { id: 'eu-west-1', name: 'Europe (Ireland)' },
  { id: 'eu-west-2', name: 'Europe (London)' },
  { id: 'eu-west-3', name: 'Europe (Paris)' },
  { id: 'il-central-1', name: 'Israel (Tel Aviv)' },
  { id: 'me-central-1', name: 'Middle East (UAE)' },
  { id: 'me-south-1', name: 'Middle East (Bahrain)' },
  { id: 'me-west-1', name: 'Middle East (Saudi Arabia)' },
  { id: 'mx-central-1', name: 'Mexico (Central)' },
  { id: 'sa-east-1', name: 'South America (Sao Paulo)' },
  { id: 'sa-west-1', name: 'South America (Chile)' },
];

/**
 * Used when nothing names a region. The CLI would fail with "You must specify a region"; the SDK's
 * inner STS/SSO clients fall back to us-east-1 (their documented legacy default), and us-east-1 is the
 * region every account has enabled, so the explorer shows something instead of an error.
 */
export const FALLBACK_REGION = 'us-east-1';

export function regionName(id: string): string | undefined {
  return COMMERCIAL_REGIONS.find((r) => r.id === id)?.name;
}

/** Loose syntax check for a region id typed by the user (LocalStack and new regions included). */
export function isValidRegionId(id: string): boolean {
  return /^[a-z]{2,}(-[a-z0-9]+)*-\d+$/.test(id);
}

export type RegionSource = 'saved' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'fallback';

export interface RegionInput {
  /** The region the user picked for this profile in this workspace, if any. */
  readonly saved?: string;
  readonly env: Env;
  /** The profile's `region` setting, if any. */
  readonly profileRegion?: string;
}

/**
 * The region to use: the user's saved choice > AWS_REGION > AWS_DEFAULT_REGION > the profile's
 * `region` > us-east-1. (The SDK reads AWS_REGION, the CLI AWS_DEFAULT_REGION; we honour both.)
 */
export function resolveRegion(input: RegionInput): string {
  return explainRegion(input).region;
}

/** resolveRegion, plus where the value came from (for the status-bar tooltip). */
export function explainRegion(input: RegionInput): { region: string; source: RegionSource } {
  const { saved, env, profileRegion } = input;
  if (saved) return { region: saved, source: 'saved' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  if (profileRegion) return { region: profileRegion, source: 'profile' };
  return { region: FALLBACK_REGION, source: 'fallback' };
}
