/**
 * Owns "which profile and region we talk to": reads the shared files, picks the profile, remembers the
 * user's choice per workspace, and hands out SDK clients for the current connection (rebuilt on
 * every change). Editor-free: the extension passes workspaceState as the store and wires a
 * FileSystemWatcher on the two files to reload().
 *
 * Initial profile: the saved choice (if it still exists) > AWS_PROFILE > the `environment`
 * pseudo-profile (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY) > `default` > the first profile.
 * Environment credentials come before `default` because that is what both the CLI and the SDK do
 * when AWS_PROFILE is not set; with AWS_PROFILE set we follow the SDK (the profile wins; the CLI
 * would still prefer the variables).
 *
 * Region: remembered per profile in the workspace, so switching back to a profile restores its region;
 * without a saved choice see regions.ts (AWS_REGION > AWS_DEFAULT_REGION > profile region > us-east-1).
 */
import { createHash } from 'node:crypto';
import { Emitter, type Disposable } from '../shared/events';
import type { Logger } from '../shared/logger';
import { registerCredentialSecrets, type Redactor } from '../shared/redact';
import { type AwsErrorContext, type AwsProblem, describeAwsError, NoCredentialsError } from './awsErrors';
import {
  type AwsClientFactory,
  createAwsClientFactory,
  createStsRoleAssumers,
  resolveMaxAttempts,
} from './clientFactory';
import {
  type AwsConnection,
  type AwsProfile,
  type ConnectionSource,
  ENVIRONMENT_PROFILE,
} from './connection';
import { credentialProviderFor, type MfaCodeProvider } from './credentials';
import { type AwsServiceId, type ConfiguredEndpoint, configuredEndpoint } from './endpoints';
import { type AwsRequestHandler, createHttpHandler } from './httpHandler';
import { hasEnvironmentCredentials, listProfiles } from './profiles';
import { explainRegion, isValidRegionId, type RegionSource } from './regions';
import {
  emptySharedConfig,
  type Env,
  loadSharedConfig,
  type ReadTextFile,
  secretValues,
  type SharedConfig,
  type SharedConfigPaths,
  sharedConfigPaths,
} from './sharedConfig';

/** The subset of vscode.Memento (workspaceState) we use. */
export interface ConnectionStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface ConnectionClientOptions {
  /** Overrides AWS_MAX_ATTEMPTS / the profile's max_attempts / 3. */
  readonly maxAttempts?: number;
  /** Prompts for MFA codes of role profiles with mfa_serial. */
  readonly mfaCodeProvider?: MfaCodeProvider;
  readonly connectionTimeoutMs?: number;
}

export interface ConnectionManagerOptions {
  readonly store: ConnectionStore;
  readonly env: Env;
  /** Defaults to AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE / ~/.aws from `env`. */
  readonly files?: SharedConfigPaths;
  readonly logger: Logger;
  readonly clientOptions?: ConnectionClientOptions;
  /** Receives every secret read from the files or returned by a credential provider; also used by describeError. */
  readonly redactor?: Redactor;
  /** Injected for tests. */
  readonly readFile?: ReadTextFile;
}

/** workspaceState keys. */
export const PROFILE_STATE_KEY = 'ecsFargate.connection.profile';
export const REGIONS_STATE_KEY = 'ecsFargate.connection.regionByProfile';

interface ClientBundle {
  readonly factory: AwsClientFactory;
  readonly handler: AwsRequestHandler;
}

export class ConnectionManager implements ConnectionSource, Disposable {
  private readonly emitter = new Emitter<AwsConnection | undefined>();
  readonly onDidChange = this.emitter.event;
  readonly paths: SharedConfigPaths;
  private config: SharedConfig;
  private profileList: AwsProfile[] = [];
  private connection: AwsConnection | undefined;
  private bundle: ClientBundle | undefined;
  private loading: Promise<void> = Promise.resolve();
  /** A hash of the files' content last applied (reloads that change nothing keep the clients). */
  private fingerprint: string | undefined;
  private disposed = false;

  constructor(private readonly options: ConnectionManagerOptions) {
    this.paths = options.files ?? sharedConfigPaths(options.env);
    this.config = emptySharedConfig(this.paths);
  }

  get current(): AwsConnection | undefined {
    return this.connection;
  }

  /** The parsed shared files as last read. */
  get sharedConfig(): SharedConfig {
    return this.config;
  }

  /** Where the current region comes from (for the status-bar tooltip). */
  get regionSource(): RegionSource | undefined {
    const connection = this.connection;
    if (!connection) return undefined;
    return explainRegion({
      saved: this.savedRegion(connection.profile),
      env: this.options.env,
      profileRegion: this.profile(connection.profile)?.region,
    }).source;
  }

  listProfiles(): readonly AwsProfile[] {
    return this.profileList;
  }

  profile(name: string): AwsProfile | undefined {
    return this.profileList.find((p) => p.name === name);
  }

  /** The endpoints configured (not AWS defaults) for the current profile, by service. */
  configuredEndpoints(): Array<{ serviceId: AwsServiceId; endpoint: ConfiguredEndpoint }> {
    const connection = this.connection;
    if (!connection) return [];
    const profile = connection.profile === ENVIRONMENT_PROFILE ? undefined : connection.profile;
    const services: AwsServiceId[] = ['ECS', 'ECR', 'CloudWatch Logs', 'STS'];
    return services.flatMap((serviceId) => {
      const endpoint = configuredEndpoint(serviceId, { env: this.options.env, config: this.config, profile });
      return endpoint ? [{ serviceId, endpoint }] : [];
    });
  }

  /** Reads the files and picks the profile; fires onDidChange. */
  initialize(): Promise<void> {
    return this.reload();
  }

  /** Re-reads the files (after an edit), re-picks the profile if it vanished, rebuilds clients; fires onDidChange. */
  reload(): Promise<void> {
    const run = () => this.load();
    this.loading = this.loading.then(run, run);
    return this.loading;
  }

  /** Switches to a profile (by name, or ENVIRONMENT_PROFILE) and remembers it for this workspace. */
  async setProfile(name: string): Promise<void> {
    await this.settled();
    const profile = this.profile(name);
    if (!profile)
      throw new Error(`The profile is not defined in the AWS config or credentials file: ${name}`);
    await this.options.store.update(PROFILE_STATE_KEY, name);
    this.options.logger.info(`Switched to the AWS profile ${name}`);
    this.apply(this.connectionFor(profile));
  }

  /** Switches the region of the current profile and remembers it for this profile in this workspace. */
  async setRegion(region: string): Promise<void> {
    await this.settled();
    const connection = this.connection;
    if (!connection) throw new NoCredentialsError();
    const trimmed = region.trim();
    if (!isValidRegionId(trimmed))
      throw new Error(`Not a region id (expected something like eu-west-1): ${region}`);
    const saved = { ...this.savedRegions(), [connection.profile]: trimmed };
    await this.options.store.update(REGIONS_STATE_KEY, saved);
    this.options.logger.info(`Switched to the AWS region ${trimmed}`);
    this.apply({ ...connection, region: trimmed });
  }

  clients(): AwsClientFactory {
    const connection = this.connection;
    if (!connection) throw new NoCredentialsError();
    this.bundle ??= this.createClients(connection);
    return this.bundle.factory;
  }

  /** describeAwsError with the current connection and the redactor filled in. */
  describeError(error: unknown, context: Omit<AwsErrorContext, 'connection' | 'redact'> = {}): AwsProblem {
    return describeAwsError(error, {
      ...context,
      ...(this.connection ? { connection: this.connection } : {}),
      ...(this.options.redactor ? { redact: this.options.redactor } : {}),
    });
  }

  dispose(): void {
    this.disposed = true;
    this.resetClients();
    this.emitter.dispose();
  }

  /** Waits for a reload in progress (its failure is reported by reload() itself). */
  private settled(): Promise<void> {
    return this.loading.catch(() => undefined);
  }

  private async load(): Promise<void> {
    const { env, logger, redactor } = this.options;
    const config = await loadSharedConfig(this.paths, {
      logger,
      ...(this.options.readFile ? { readFile: this.options.readFile } : {}),
    });
    if (this.disposed) return;
    if (redactor) for (const secret of secretValues(config)) redactor.registerSecret(secret);
    this.config = config;
    this.profileList = listProfiles(config, env);
    const profile = this.pickProfile();
    if (!profile) logger.info('No AWS profile or environment credentials found.');
    const next = profile ? this.connectionFor(profile) : undefined;
    // Editors save files that did not change, and the watcher fires for the other file too: keep
    // the clients (and the expanded views) when neither the files nor the connection changed.
    const fingerprint = createHash('sha256').update(JSON.stringify(config, mapsAsEntries)).digest('hex');
    const unchanged =
      this.fingerprint === fingerprint && JSON.stringify(next) === JSON.stringify(this.connection);
    this.fingerprint = fingerprint;
    if (unchanged) return;
    this.apply(next);
  }

  private pickProfile(): AwsProfile | undefined {
    const { env, logger, store } = this.options;
    const saved = store.get<string>(PROFILE_STATE_KEY);
    if (saved !== undefined) {
      const profile = this.profile(saved);
      if (profile) return profile;
      logger.info(`The saved AWS profile no longer exists; choosing another: ${saved}`);
    }
    if (env.AWS_PROFILE) {
      const profile = this.profile(env.AWS_PROFILE);
      if (profile) return profile;
      logger.warn(`AWS_PROFILE names a profile that is not defined in the shared files: ${env.AWS_PROFILE}`);
    }
    if (hasEnvironmentCredentials(env)) return this.profile(ENVIRONMENT_PROFILE);
    return this.profile('default') ?? this.profileList[0];
  }

  private savedRegions(): Record<string, string> {
    const value = this.options.store.get<unknown>(REGIONS_STATE_KEY);
    return typeof value === 'object' && value !== null ? { ...(value as Record<string, string>) } : {};
  }

  private savedRegion(profile: string): string | undefined {
    const region = this.savedRegions()[profile];
    return typeof region === 'string' && region !== '' ? region : undefined;
  }

  private connectionFor(profile: AwsProfile): AwsConnection {
    const { region } = explainRegion({
      saved: this.savedRegion(profile.name),
      env: this.options.env,
      profileRegion: profile.region,
    });
    return {
      profile: profile.name,
      profileKind: profile.kind,
      region,
      ...(profile.ssoProfile ? { ssoProfile: profile.ssoProfile } : {}),
    };
  }

  private apply(connection: AwsConnection | undefined): void {
    this.resetClients();
    this.connection = connection;
    this.emitter.fire(connection);
  }

  private resetClients(): void {
    const bundle = this.bundle;
    this.bundle = undefined;
    if (!bundle) return;
    bundle.factory.destroy();
    bundle.handler.destroy();
  }

  private createClients(connection: AwsConnection): ClientBundle {
    const { env, logger, redactor, clientOptions } = this.options;
    const profile = connection.profile === ENVIRONMENT_PROFILE ? undefined : connection.profile;
    const handler = createHttpHandler({
      env,
      logger,
      ...(clientOptions?.connectionTimeoutMs !== undefined
        ? { connectionTimeoutMs: clientOptions.connectionTimeoutMs }
        : {}),
    });
    const maxAttempts = resolveMaxAttempts(clientOptions?.maxAttempts, env, this.config, profile);
    const stsEndpoint = configuredEndpoint('STS', { env, config: this.config, profile });
    const assumers = createStsRoleAssumers({
      region: connection.region,
      requestHandler: handler,
      maxAttempts,
      ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
    });
    const credentials = credentialProviderFor(connection.profile, {
      env,
      paths: this.paths,
      requestHandler: handler,
      ...assumers,
      ...(clientOptions?.mfaCodeProvider ? { mfaCodeProvider: clientOptions.mfaCodeProvider } : {}),
      ...(redactor ? { onCredentials: (c) => registerCredentialSecrets(redactor, c) } : {}),
    });
    const factory = createAwsClientFactory({
      connection,
      credentials,
      env,
      files: this.config,
      logger,
      maxAttempts,
      requestHandler: handler,
    });
    return { factory, handler };
  }
}

/** JSON.stringify writes a Map as `{}`: the parsed files keep their sections in Maps. */
function mapsAsEntries(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : value;
}
