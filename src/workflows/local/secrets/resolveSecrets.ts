/**
 * A local task's secrets, resolved as ECS resolves them before the containers start
 * (docs/local-run.md §4): Secrets Manager values (a JSON key, a version stage or id) and Parameter
 * Store values (decrypted, 10 names a call), with the user's profile, after the command showed
 * planSecrets()'s list and the user confirmed; values from the local secrets file win. Every value
 * goes to the redactor (`onSecret`) and into the containers' environment only: never to a log,
 * never to disk. Every failure is collected, so one error names all the secrets that failed.
 * Editor-free.
 */
import type { ParameterStoreGateway } from '../../../aws/parameterStoreGateway';
import type { SecretsManagerGateway } from '../../../aws/secretsManagerGateway';
import { localValueFor, type LocalSecretValues } from './localSecretsFile';
import type { SecretReference } from './secretReference';

export interface SecretsPlan {
  /** Fetched from AWS with the user's profile: what the confirmation lists. */
  readonly fromAws: readonly SecretReference[];
  /** Taken from the local secrets file. */
  readonly fromLocalFile: readonly SecretReference[];
}

export function planSecrets(refs: readonly SecretReference[], local?: LocalSecretValues): SecretsPlan {
  const fromLocal = (r: SecretReference) =>
    local !== undefined && localValueFor(local, r.container, r.name) !== undefined;
  return { fromAws: refs.filter((r) => !fromLocal(r)), fromLocalFile: refs.filter(fromLocal) };
}

/** One line per secret for the confirmation: `app: DB_PASSWORD ← Secrets Manager arn:…`. */
export function describeSecret(ref: SecretReference): string {
  const where = ref.source.kind === 'secretsManager' ? 'Secrets Manager' : 'Parameter Store';
  return `${ref.container}: ${ref.name} ← ${where} ${ref.valueFrom}`;
}

export interface SecretFailure {
  readonly ref: SecretReference;
  readonly reason: string;
}

export class SecretsResolutionError extends Error {
  override readonly name = 'SecretsResolutionError';
  constructor(readonly failures: readonly SecretFailure[]) {
    super(
      `Cannot resolve ${failures.length} secret${failures.length === 1 ? '' : 's'} of the task — nothing was started:\n` +
        failures.map((f) => `• ${describeSecret(f.ref)}: ${f.reason}`).join('\n') +
        '\nFix the task definition or your profile, or give local values in the file named by ecsFargate.local.secretsFile.',
    );
  }
}

export interface ResolveSecretsOptions {
  readonly secretsManager: () => SecretsManagerGateway;
  readonly parameterStore: () => ParameterStoreGateway;
  /** The connection's region: the gateways read there. */
  readonly region: string;
  readonly local?: LocalSecretValues;
  /** The redactor's registerSecret. */
  readonly onSecret: (value: string) => void;
  readonly signal?: AbortSignal;
}

/** container name → variable → value. */
export type ResolvedSecrets = Map<string, Record<string, string>>;

function reasonOf(error: unknown): string {
  const name = (error as { name?: unknown }).name;
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'ResourceNotFoundException':
      return `not found (${message})`;
    case 'AccessDeniedException':
    case 'AccessDenied':
      return `your profile may not read it: it needs secretsmanager:GetSecretValue (and kms:Decrypt for a customer key) — ${message}`;
    case 'InvalidRequestException':
      return message;
    default:
      return `${typeof name === 'string' ? `${name}: ` : ''}${message}`;
  }
}

function pickJsonKey(text: string, key: string): { value?: string; reason?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { reason: `the secret is not JSON, so it has no key "${key}"` };
  }
  if (parsed === null || typeof parsed !== 'object' || !Object.hasOwn(parsed, key)) {
    return { reason: `the secret's JSON has no key "${key}"` };
  }
  const value = (parsed as Record<string, unknown>)[key];
  return { value: typeof value === 'string' ? value : JSON.stringify(value) };
}

export async function resolveSecrets(
  refs: readonly SecretReference[],
  options: ResolveSecretsOptions,
): Promise<ResolvedSecrets> {
  const resolved: ResolvedSecrets = new Map();
  const failures: SecretFailure[] = [];
  const set = (ref: SecretReference, value: string) => {
    options.onSecret(value);
    const env = resolved.get(ref.container) ?? {};
    env[ref.name] = value;
    resolved.set(ref.container, env);
  };

  const remote: SecretReference[] = [];
  for (const ref of refs) {
    const local = options.local ? localValueFor(options.local, ref.container, ref.name) : undefined;
    if (local !== undefined) set(ref, local);
    else if (ref.source.region !== undefined && ref.source.region !== options.region) {
      failures.push({
        ref,
        reason: `it is in ${ref.source.region}, and a local run reads secrets in the connection's region ${options.region}`,
      });
    } else remote.push(ref);
  }

  // Parameter Store: every name at once (the gateway sends them 10 a call).
  const parameters = remote.filter((r) => r.source.kind === 'parameterStore');
  if (parameters.length > 0) {
    const names = parameters.map((r) => (r.source.kind === 'parameterStore' ? r.source.name : ''));
    try {
      const out = await options.parameterStore().getParameters(names, options.signal);
      for (const ref of parameters) {
        const name = ref.source.kind === 'parameterStore' ? ref.source.name : '';
        const value = out.values.get(name);
        if (value !== undefined) set(ref, value);
        else
          failures.push({
            ref,
            reason: 'no such parameter in Parameter Store (or your profile may not read it)',
          });
      }
    } catch (error) {
      for (const ref of parameters) failures.push({ ref, reason: reasonOf(error) });
    }
  }

  // Secrets Manager: one GetSecretValue per distinct secret version, in parallel.
  const secrets = remote.filter((r) => r.source.kind === 'secretsManager');
  const reads = new Map<string, Promise<{ text?: string; reason?: string }>>();
  await Promise.all(
    secrets.map(async (ref) => {
      if (ref.source.kind !== 'secretsManager') return;
      const { secretId, versionStage, versionId, jsonKey } = ref.source;
      const key = JSON.stringify([secretId, versionStage ?? '', versionId ?? '']);
      let read = reads.get(key);
      if (!read) {
        read = options
          .secretsManager()
          .getSecretValue(
            { secretId, ...(versionStage ? { versionStage } : {}), ...(versionId ? { versionId } : {}) },
            options.signal,
          )
          .then(
            (v) =>
              v.secretString !== undefined
                ? { text: v.secretString }
                : { reason: 'it is a binary secret; ECS passes only text secrets to environment variables' },
            (error: unknown) => ({ reason: reasonOf(error) }),
          );
        reads.set(key, read);
      }
      const result = await read;
      if (result.text === undefined) {
        failures.push({ ref, reason: result.reason ?? 'no value' });
        return;
      }
      options.onSecret(result.text);
      if (!jsonKey) {
        set(ref, result.text);
        return;
      }
      const picked = pickJsonKey(result.text, jsonKey);
      if (picked.value !== undefined) set(ref, picked.value);
      else failures.push({ ref, reason: picked.reason ?? 'no value' });
    }),
  );

  if (failures.length > 0) throw new SecretsResolutionError(failures);
  return resolved;
}
