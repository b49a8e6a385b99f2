/**
 * Turns the parsed shared files into the profiles the user can pick, classified by how they get
 * credentials. Classification follows the order in which `fromIni` (@aws-sdk/credential-provider-ini)
 * tries the settings, so the kind we show is the kind the SDK will use:
 * role (role_arn + source_profile or credential_source) → static keys → web identity →
 * credential_process → SSO. Problems that would make `fromIni` fail (a missing source_profile,
 * a role-chain cycle, an incomplete SSO profile…) are reported on the profile.
 */
import { type AwsProfile, ENVIRONMENT_PROFILE, type ProfileKind } from './connection';
import type { Env, IniSection, SharedConfig } from './sharedConfig';

/** The credential_source values fromIni accepts. */
const CREDENTIAL_SOURCES = new Set(['EcsContainer', 'Ec2InstanceMetadata', 'Environment']);

/**
 * A profile's settings as the CLI and the SDK see them: the config-file section with the
 * credentials-file section laid over it, key by key (botocore's `full_config` and the SDK's
 * `mergeConfigFiles` both let the credentials file win per key). Undefined when neither file has it.
 */
export function profileSettings(config: SharedConfig, name: string): IniSection | undefined {
  const fromConfig = config.configProfiles.get(name);
  const fromCredentials = config.credentialsProfiles.get(name);
  if (!fromConfig && !fromCredentials) return undefined;
  return { ...fromConfig, ...fromCredentials };
}

/** True when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are both set (the `environment` pseudo-profile). */
export function hasEnvironmentCredentials(env: Env): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
}

const isStatic = (s: IniSection) => Boolean(s.aws_access_key_id && s.aws_secret_access_key);
const isRoleWithSource = (s: IniSection) =>
  Boolean(s.role_arn && s.source_profile !== undefined && s.credential_source === undefined);
const isRoleWithCredentialSource = (s: IniSection) =>
  Boolean(s.role_arn && s.credential_source !== undefined && s.source_profile === undefined);
const isWebIdentity = (s: IniSection) => Boolean(s.web_identity_token_file && s.role_arn);
const isProcess = (s: IniSection) => Boolean(s.credential_process);
const isSso = (s: IniSection) =>
  Boolean(s.sso_start_url || s.sso_account_id || s.sso_session || s.sso_region || s.sso_role_name);

export interface ProfileClassification {
  readonly kind: ProfileKind;
  readonly problem?: string;
  readonly ssoProfile?: string;
}

/** Classifies one named profile (it must exist in one of the files). */
export function classifyProfile(config: SharedConfig, name: string): ProfileClassification {
  const settings = profileSettings(config, name);
  if (!settings) return { kind: 'unknown', problem: `Profile "${name}" is not defined in the shared files.` };

  if (settings.role_arn && !isWebIdentity(settings)) {
    if (isRoleWithSource(settings)) return { kind: 'role', ...followRoleChain(config, name, settings) };
    if (isRoleWithCredentialSource(settings)) {
      const source = settings.credential_source ?? '';
      return CREDENTIAL_SOURCES.has(source)
        ? { kind: 'role' }
        : {
            kind: 'role',
            problem: `credential_source must be EcsContainer, Ec2InstanceMetadata or Environment, not: ${source}`,
          };
    }
    if (settings.source_profile !== undefined && settings.credential_source !== undefined) {
      return { kind: 'role', problem: 'role_arn needs source_profile or credential_source, not both.' };
    }
    if (!isStatic(settings) && !isProcess(settings) && !isSso(settings)) {
      return { kind: 'role', problem: 'role_arn needs a source_profile or a credential_source.' };
    }
  }
  if (isStatic(settings)) return { kind: 'static' };
  if (settings.aws_access_key_id || settings.aws_secret_access_key) {
    const missing = settings.aws_access_key_id ? 'aws_secret_access_key' : 'aws_access_key_id';
    return { kind: 'static', problem: `The access key is incomplete; missing: ${missing}` };
  }
  if (isWebIdentity(settings)) return { kind: 'webIdentity' };
  if (settings.web_identity_token_file) {
    return { kind: 'webIdentity', problem: 'web_identity_token_file needs a role_arn.' };
  }
  if (isProcess(settings)) return { kind: 'process' };
  if (isSso(settings)) {
    const problem = ssoProblem(config, settings);
    return problem ? { kind: 'sso', problem, ssoProfile: name } : { kind: 'sso', ssoProfile: name };
  }
  if (settings.login_session) return { kind: 'unknown' }; // `aws login` console credentials; fromIni handles them.
  return {
    kind: 'unknown',
    problem: 'No credentials configured (no access key, role, SSO, web identity or credential_process).',
  };
}

/**
 * Walks role_arn + source_profile hops the way fromIni does: a hop ends at a profile with static keys
 * (a profile may even name itself as source_profile when it holds the keys), at credential_source,
 * or at any other self-sufficient profile (process, SSO, web identity). Revisiting a role profile is a cycle.
 */
function followRoleChain(
  config: SharedConfig,
  start: string,
  startSettings: IniSection,
): Omit<ProfileClassification, 'kind'> {
  const visited = [start];
  let current = startSettings.source_profile ?? '';
  for (;;) {
    const settings = profileSettings(config, current);
    if (!settings) {
      const via = visited.length > 1 ? ` (reached through ${visited.join(' → ')})` : '';
      return { problem: `source_profile does not exist${via}: ${current}` };
    }
    if (isStatic(settings)) return {};
    if (isRoleWithSource(settings)) {
      if (visited.includes(current)) {
        return { problem: `The role chain loops: ${[...visited, current].join(' → ')}` };
      }
      visited.push(current);
      current = settings.source_profile ?? '';
      continue;
    }
    if (settings.credential_source !== undefined && settings.source_profile === undefined) {
      return CREDENTIAL_SOURCES.has(settings.credential_source)
        ? {}
        : {
            problem: `source_profile "${current}" has an unsupported credential_source: ${settings.credential_source}`,
          };
    }
    if (isWebIdentity(settings) || isProcess(settings) || settings.login_session) return {};
    if (isSso(settings)) {
      const problem = ssoProblem(config, settings);
      return problem
        ? { problem: `source_profile "${current}": ${problem}`, ssoProfile: current }
        : { ssoProfile: current };
    }
    return { problem: `source_profile has no credentials of its own: ${current}` };
  }
}

/** What fromSSO will complain about, if anything. */
function ssoProblem(config: SharedConfig, settings: IniSection): string | undefined {
  let startUrl = settings.sso_start_url;
  let ssoRegion = settings.sso_region;
  if (settings.sso_session !== undefined) {
    const session = config.ssoSessions.get(settings.sso_session);
    if (!session) return `The [sso-session] section is missing from the config file: ${settings.sso_session}`;
    startUrl = session.sso_start_url;
    ssoRegion = session.sso_region;
    const missingInSession = [
      ['sso_start_url', startUrl],
      ['sso_region', ssoRegion],
    ]
      .filter(([, value]) => !value)
      .map(([key]) => key);
    if (missingInSession.length > 0) {
      return `sso-session "${settings.sso_session}" is incomplete; missing: ${missingInSession.join(', ')}`;
    }
  }
  const missing = [
    ['sso_start_url', startUrl],
    ['sso_region', ssoRegion],
    ['sso_account_id', settings.sso_account_id],
    ['sso_role_name', settings.sso_role_name],
  ]
    .filter(([, value]) => !value)
    .map(([key]) => key);
  return missing.length > 0 ? `The SSO profile is incomplete; missing: ${missing.join(', ')}` : undefined;
}

/** The `services` section a profile names but which does not exist, if any. */
function servicesProblem(config: SharedConfig, settings: IniSection): string | undefined {
  const name = settings.services;
  if (name === undefined || config.services.has(name)) return undefined;
  return `The [services] section named by this profile is missing from the config file: ${name}`;
}

/**
 * Every profile of both files (a union; one entry per name), plus the `environment` pseudo-profile
 * when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set. Order: environment, default, then by name.
 * A file profile literally named "environment" is shadowed by the pseudo-profile while the variables are set.
 */
export function listProfiles(config: SharedConfig, env: Env): AwsProfile[] {
  const names = new Set([...config.configProfiles.keys(), ...config.credentialsProfiles.keys()]);
  const withEnvironment = hasEnvironmentCredentials(env);
  if (withEnvironment) names.delete(ENVIRONMENT_PROFILE);
  const sorted = [...names].sort((a, b) => {
    if (a === 'default') return -1;
    if (b === 'default') return 1;
    return a.localeCompare(b, undefined, { sensitivity: 'base' }) || a.localeCompare(b);
  });
  const profiles: AwsProfile[] = sorted.map((name) => {
    const settings = profileSettings(config, name) ?? {};
    const classification = classifyProfile(config, name);
    const problem = classification.problem ?? servicesProblem(config, settings);
    return {
      name,
      kind: classification.kind,
      ...(settings.region ? { region: settings.region } : {}),
      ...(problem ? { problem } : {}),
      ...(classification.ssoProfile ? { ssoProfile: classification.ssoProfile } : {}),
    };
  });
  if (withEnvironment) profiles.unshift({ name: ENVIRONMENT_PROFILE, kind: 'environment' });
  return profiles;
}

/** A short human label for a kind, for quick picks and tooltips. */
export function describeProfileKind(kind: ProfileKind): string {
  switch (kind) {
    case 'static':
      return 'access key';
    case 'sso':
      return 'IAM Identity Center (SSO)';
    case 'role':
      return 'assumed role';
    case 'process':
      return 'credential_process';
    case 'webIdentity':
      return 'web identity';
    case 'environment':
      return 'environment variables';
    case 'unknown':
      return 'no recognised credentials';
  }
}
