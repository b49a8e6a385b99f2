/**
 * Secrets Manager's secrets for the fake account, as GetSecretValue sees them: a name, an ARN with
 * the service's 6-character suffix, versions (id, staging labels, string or binary value) and a
 * deletion mark. Built from the Secrets Manager API reference (GetSecretValue, its errors).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { AwsError } from '../errors';

export interface SecretVersion {
  readonly versionId: string;
  stages: string[];
  readonly secretString?: string;
  readonly secretBinary?: Uint8Array;
  readonly createdDate: Date;
}

export interface SecretRecord {
  readonly name: string;
  readonly arn: string;
  readonly versions: SecretVersion[];
  deleted: boolean;
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function suffix(): string {
  return [...randomBytes(6)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

export class FakeSecretsManager {
  readonly secrets = new Map<string, SecretRecord>();
  /** Every GetSecretValue that returned a value (secret ARNs only), for tests to count. */
  readonly reads: string[] = [];

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    private readonly clock: Clock = systemClock,
  ) {}

  reset(): void {
    this.secrets.clear();
    this.reads.length = 0;
  }

  /** Creates a secret (CreateSecret) or adds a version that becomes AWSCURRENT (PutSecretValue). */
  putSecret(name: string, value: string | Uint8Array, options: { stages?: string[] } = {}): SecretRecord {
    let secret = this.secrets.get(name);
    if (!secret) {
      secret = {
        name,
        arn: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix()}`,
        versions: [],
        deleted: false,
      };
      this.secrets.set(name, secret);
    }
    const stages = options.stages ?? ['AWSCURRENT'];
    if (stages.includes('AWSCURRENT')) {
      for (const v of secret.versions) {
        if (v.stages.includes('AWSCURRENT'))
          v.stages = [...v.stages.filter((s) => s !== 'AWSCURRENT' && s !== 'AWSPREVIOUS'), 'AWSPREVIOUS'];
        else v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
      }
    }
    secret.versions.push({
      versionId: randomUUID(),
      stages,
      ...(typeof value === 'string' ? { secretString: value } : { secretBinary: value }),
      createdDate: new Date(this.clock.now()),
    });
    return secret;
  }

  /** The secret a SecretId names: its name, its full ARN, or its ARN without the suffix. */
  find(secretId: string): SecretRecord | undefined {
    for (const secret of this.secrets.values()) {
      if (secretId === secret.name || secretId === secret.arn || secretId === secret.arn.slice(0, -7))
        return secret;
    }
    return undefined;
  }

  getSecretValue(input: { SecretId?: string; VersionId?: string; VersionStage?: string }): unknown {
    if (!input.SecretId) {
      throw new AwsError(
        'ValidationException',
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      );
    }
    const secret = this.find(input.SecretId);
    if (!secret)
      throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    if (secret.deleted) {
      throw new AwsError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    let version: SecretVersion | undefined;
    if (input.VersionId) {
      version = secret.versions.find((v) => v.versionId === input.VersionId);
      if (!version)
        throw new AwsError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}`,
        );
      if (input.VersionStage && !version.stages.includes(input.VersionStage)) {
        throw new AwsError(
          'InvalidParameterException',
          'You provided a VersionStage that is not associated to the provided VersionId.',
        );
      }
    } else {
      const stage = input.VersionStage ?? 'AWSCURRENT';
      version = secret.versions.find((v) => v.stages.includes(stage));
      if (!version)
        throw new AwsError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        );
    }
    this.reads.push(secret.arn);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
      // Blobs travel base64-encoded in awsJson.
      ...(version.secretBinary ? { SecretBinary: Buffer.from(version.secretBinary).toString('base64') } : {}),
      VersionStages: version.stages,
      CreatedDate: version.createdDate,
    };
  }
}
