/**
 * The runner's secrets seam (`ResolveLocalSecrets` in ../runLocalTask.ts) filled in: reads each
 * `valueFrom` as ECS does, takes the local secrets file's values, asks the command to confirm the
 * list of secrets it will fetch from AWS (`confirm`: the command shows describeSecret() lines), then
 * resolves them. Editor-free.
 */
import type { ParameterStoreGateway } from '../../../aws/parameterStoreGateway';
import type { SecretsManagerGateway } from '../../../aws/secretsManagerGateway';
import type { ResolveLocalSecrets } from '../runLocalTask';
import type { LocalSecretValues } from './localSecretsFile';
import { planSecrets, resolveSecrets, type ResolveSecretsOptions, type SecretsPlan } from './resolveSecrets';
import { parseValueFrom, type SecretReference } from './secretReference';

export class SecretsNotConfirmedError extends Error {
  override readonly name = 'SecretsNotConfirmedError';
  constructor() {
    super('Run Locally stopped before anything started: fetching the task secrets was not confirmed.');
  }
}

/** What services.ts hands the Run Locally command for secrets (the command adds confirm and the file). */
export interface LocalSecretsServices {
  readonly secretsManager: () => SecretsManagerGateway;
  readonly parameterStore: () => ParameterStoreGateway;
  /** The current connection's region (undefined: no connection, so only local values can be used). */
  readonly region: () => string | undefined;
  readonly onSecret: (value: string) => void;
}

export interface LocalSecretsResolverOptions extends Omit<ResolveSecretsOptions, 'local' | 'signal'> {
  /** The local secrets file's values (setting ecsFargate.local.secretsFile), read by the command. */
  readonly local?: () => Promise<LocalSecretValues | undefined>;
  /** Asked only when some secrets come from AWS; false stops the run. */
  readonly confirm: (plan: SecretsPlan) => Promise<boolean>;
}

export function localSecretsResolver(options: LocalSecretsResolverOptions): ResolveLocalSecrets {
  return async (requests, signal) => {
    const refs: SecretReference[] = requests.map((r) => ({
      ...r,
      source: parseValueFrom(r.valueFrom, `container ${r.container}, secret ${r.name}`),
    }));
    const local = await options.local?.();
    const plan = planSecrets(refs, local);
    if (plan.fromAws.length > 0 && !(await options.confirm(plan))) throw new SecretsNotConfirmedError();
    return resolveSecrets(refs, {
      secretsManager: options.secretsManager,
      parameterStore: options.parameterStore,
      region: options.region,
      onSecret: options.onSecret,
      ...(local ? { local } : {}),
      ...(signal ? { signal } : {}),
    });
  };
}
