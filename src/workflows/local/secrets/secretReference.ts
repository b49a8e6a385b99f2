/**
 * A container secret's `valueFrom`, read the way ECS reads it (docs/local-run.md §4):
 * - Secrets Manager: the secret's ARN (full, or without the 6-character suffix), optionally followed
 *   by `:json-key:version-stage:version-id` (each may be empty);
 * - SSM Parameter Store: the parameter's ARN, or its name (`/app/db-url`, `db-url`) when it lives in
 *   the task's region.
 * Editor-free and pure.
 */

export type SecretSource =
  | {
      readonly kind: 'secretsManager';
      /** What GetSecretValue takes: the secret's ARN without the suffix fields. */
      readonly secretId: string;
      readonly region: string;
      readonly jsonKey?: string;
      readonly versionStage?: string;
      readonly versionId?: string;
    }
  | {
      readonly kind: 'parameterStore';
      /** What GetParameters takes: the name or the ARN as written. */
      readonly name: string;
      /** The ARN's region; undefined for a bare name (the task's region). */
      readonly region?: string;
    };

/** One secret of one container: the variable it sets and where its value comes from. */
export interface SecretReference {
  readonly container: string;
  /** The environment variable name (`secrets[].name`). */
  readonly name: string;
  readonly valueFrom: string;
  readonly source: SecretSource;
}

export class SecretReferenceError extends Error {
  override readonly name = 'SecretReferenceError';
}

const SECRETS_MANAGER_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;
const SSM_ARN = /^arn:(aws[a-z-]*):ssm:([a-z0-9-]+):(\d{12}):parameter(\/.+)$/;

/** Parses one `valueFrom`; `where` names the container and variable for the error. */
export function parseValueFrom(valueFrom: string, where: string): SecretSource {
  const value = valueFrom.trim();
  const sm = SECRETS_MANAGER_ARN.exec(value);
  if (sm) {
    const [, partition, region, account, rest] = sm as unknown as [string, string, string, string, string];
    // The secret name cannot hold ':'; after it come json-key, version-stage, version-id.
    const [secretName, jsonKey, versionStage, versionId, ...extra] = rest.split(':');
    if (!secretName || extra.length > 0) {
      throw new SecretReferenceError(
        `${where}: "${valueFrom}" is not a Secrets Manager reference ECS understands: ` +
          'arn:aws:secretsmanager:region:account:secret:name[:json-key:version-stage:version-id].',
      );
    }
    if (versionStage && versionId) {
      throw new SecretReferenceError(
        `${where}: "${valueFrom}" names both a version stage and a version id; ECS takes one of them.`,
      );
    }
    return {
      kind: 'secretsManager',
      secretId: `arn:${partition}:secretsmanager:${region}:${account}:secret:${secretName}`,
      region,
      ...(jsonKey ? { jsonKey } : {}),
      ...(versionStage ? { versionStage } : {}),
      ...(versionId ? { versionId } : {}),
    };
  }
  const ssm = SSM_ARN.exec(value);
  if (ssm) return { kind: 'parameterStore', name: value, region: ssm[2] as string };
  if (value.startsWith('arn:')) {
    throw new SecretReferenceError(
      `${where}: "${valueFrom}" is neither a Secrets Manager secret ARN nor an SSM parameter ARN.`,
    );
  }
  if (!/^[\w./-]+(?::[\w.-]+)?$/.test(value)) {
    throw new SecretReferenceError(`${where}: "${valueFrom}" is not a valid SSM parameter name.`);
  }
  return { kind: 'parameterStore', name: value };
}

interface ContainerWithSecrets {
  readonly name?: string;
  readonly secrets?: ReadonlyArray<{ readonly name?: string; readonly valueFrom?: string }>;
}

/** Every container secret of a task definition, in order: what the confirmation lists. */
export function taskSecrets(taskDefinition: {
  readonly containerDefinitions?: readonly ContainerWithSecrets[];
}): SecretReference[] {
  const found: SecretReference[] = [];
  for (const container of taskDefinition.containerDefinitions ?? []) {
    const containerName = container.name ?? '(unnamed container)';
    for (const secret of container.secrets ?? []) {
      const where = `container ${containerName}, secret ${secret.name ?? '(no name)'}`;
      if (!secret.name || !secret.valueFrom) {
        throw new SecretReferenceError(`${where}: a secret needs both name and valueFrom.`);
      }
      found.push({
        container: containerName,
        name: secret.name,
        valueFrom: secret.valueFrom,
        source: parseValueFrom(secret.valueFrom, where),
      });
    }
  }
  return found;
}
