/**
 * What the rest of the extension knows about "which AWS account and region we talk to".
 * Implemented by ConnectionManager (connectionManager.ts); consumed by the explorer, the
 * status bar and every command. Editor-free.
 */
import type { Disposable } from '../shared/events';
import type { AwsClientFactory } from './clientFactory';

/** How a profile gets its credentials; drives hints such as "run aws sso login". */
export type ProfileKind =
  | 'static' // aws_access_key_id / aws_secret_access_key
  | 'sso' // sso_session or sso_start_url
  | 'role' // role_arn + source_profile / credential_source
  | 'process' // credential_process
  | 'webIdentity' // web_identity_token_file
  | 'environment' // the pseudo-profile for AWS_ACCESS_KEY_ID & co.
  | 'unknown'; // present, but no recognisable credential source (may still chain to one)

export interface AwsProfile {
  readonly name: string;
  readonly kind: ProfileKind;
  /** The profile's own `region`, if any. */
  readonly region?: string;
  /** Why this profile cannot produce credentials as configured (missing source_profile, a cycle…). */
  readonly problem?: string;
  /**
   * The profile to pass to `aws sso login --profile` when the credentials come from IAM Identity
   * Center: the profile itself for an SSO profile, the root of the role chain for a role profile.
   */
  readonly ssoProfile?: string;
}

export interface AwsConnection {
  /** The profile name, or ENVIRONMENT_PROFILE when credentials come from environment variables. */
  readonly profile: string;
  readonly profileKind: ProfileKind;
  readonly region: string;
  /** See AwsProfile.ssoProfile: where `aws sso login` must be run when the SSO session expires. */
  readonly ssoProfile?: string;
}

/** Shown as the profile name when credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. */
export const ENVIRONMENT_PROFILE = 'environment';

export interface ConnectionSource {
  /** The connection in use; undefined when no profile or environment credentials exist at all. */
  readonly current: AwsConnection | undefined;
  /** Fires after the profile or region changed (and on re-reading the shared files). */
  readonly onDidChange: (listener: (connection: AwsConnection | undefined) => void) => Disposable;
  /** SDK clients for the current connection (cached until it changes). Throws NoCredentialsError when current is undefined. */
  clients(): AwsClientFactory;
}
