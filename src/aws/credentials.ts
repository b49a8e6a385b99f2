/**
 * Credential providers for the selected profile.
 * - A named profile → `fromIni` (@aws-sdk/credential-providers), which handles static keys, role
 *   chains (role_arn + source_profile / credential_source, with MFA through `mfaCodeProvider`),
 *   credential_process, web identity and SSO, reading the two files at the paths WE resolved.
 * - The `environment` pseudo-profile → AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
 *   (and AWS_CREDENTIAL_EXPIRATION, AWS_ACCOUNT_ID) read from the injected environment, with the
 *   semantics of `fromEnv()`, which can only read process.env.
 *
 * AssumeRole calls go through the role assumers built by the client factory, so they use the same
 * HTTP handler (CA bundle, proxy) and the STS endpoint configured for the profile (LocalStack).
 * Note: fromIni does not forward the file paths to its SSO step, which re-reads AWS_CONFIG_FILE and
 * ~/.aws from process.env; in the extension both agree because `env` is process.env.
 */
import type { fromIni } from '@aws-sdk/credential-providers';
import { ENVIRONMENT_PROFILE } from './connection';
import { sdk } from './sdkModules';
import type { AwsRequestHandler } from './httpHandler';
import type { Env, SharedConfigPaths } from './sharedConfig';

export type CredentialProvider = ReturnType<typeof fromIni>;
export type AwsCredentials = Awaited<ReturnType<CredentialProvider>>;
type FromIniInit = NonNullable<Parameters<typeof fromIni>[0]>;
export type RoleAssumer = NonNullable<FromIniInit['roleAssumer']>;
export type RoleAssumerWithWebIdentity = NonNullable<FromIniInit['roleAssumerWithWebIdentity']>;

/** Asks the user for the current code of an MFA device (the UI implements it with an input box). */
export type MfaCodeProvider = (mfaSerial: string) => Promise<string>;

export interface CredentialProviderOptions {
  readonly env: Env;
  readonly paths: SharedConfigPaths;
  /** Used by the SDK's inner SSO / SSO-OIDC clients. */
  readonly requestHandler?: AwsRequestHandler;
  readonly roleAssumer?: RoleAssumer;
  readonly roleAssumerWithWebIdentity?: RoleAssumerWithWebIdentity;
  readonly mfaCodeProvider?: MfaCodeProvider;
  /** Sees every credential identity the provider returns (used to register its secrets with the redactor). */
  readonly onCredentials?: (credentials: AwsCredentials) => void;
}

/** The error fromEnv throws, reproduced so describeAwsError treats both alike. */
class EnvironmentCredentialsError extends Error {
  override readonly name = 'CredentialsProviderError';
  readonly tryNextLink = false;
}

function fromInjectedEnv(env: Env): CredentialProvider {
  return () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      return Promise.reject(
        new EnvironmentCredentialsError('Unable to find environment variable credentials.'),
      );
    }
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    return Promise.resolve({
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
      ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
      ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
    });
  };
}

/** Credentials are refreshed this long before they expire (the SDK uses the same window). */
export const REFRESH_WINDOW_MS = 5 * 60 * 1000;

/**
 * Shares one resolution between all clients of a connection: every SDK client memoizes its own
 * credentials, so without this an MFA profile would prompt once per client and a credential_process
 * would run once per client.
 */
export function shareCredentials(
  provider: CredentialProvider,
  now: () => number = Date.now,
): CredentialProvider {
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return (properties) => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - now() > REFRESH_WINDOW_MS)) {
      return Promise.resolve(cached);
    }
    pending ??= provider(properties)
      .then((credentials) => {
        cached = credentials;
        return credentials;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** The (shared) credential provider for a profile name, or ENVIRONMENT_PROFILE. */
export function credentialProviderFor(
  profile: string,
  options: CredentialProviderOptions,
): CredentialProvider {
  const inner: CredentialProvider =
    profile === ENVIRONMENT_PROFILE
      ? fromInjectedEnv(options.env)
      : sdk.credentialProviders().fromIni({
          profile,
          filepath: options.paths.credentialsFile,
          configFilepath: options.paths.configFile,
          // The SDK caches file contents per path process-wide; reloading must see edits.
          ignoreCache: true,
          ...(options.mfaCodeProvider ? { mfaCodeProvider: options.mfaCodeProvider } : {}),
          ...(options.roleAssumer ? { roleAssumer: options.roleAssumer } : {}),
          ...(options.roleAssumerWithWebIdentity
            ? { roleAssumerWithWebIdentity: options.roleAssumerWithWebIdentity }
            : {}),
          ...(options.requestHandler ? { clientConfig: { requestHandler: options.requestHandler } } : {}),
        });
  const onCredentials = options.onCredentials;
  const observed: CredentialProvider = onCredentials
    ? async (properties) => {
        const credentials = await inner(properties);
        onCredentials(credentials);
        return credentials;
      }
    : inner;
  return shareCredentials(observed);
}
