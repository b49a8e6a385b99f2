/**
 * What a local run asks of Secrets Manager: one secret value (GetSecretValue), by ARN and optional
 * version stage or id. The value is returned to the caller only: never logged, never cached here.
 * Editor-free.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { sdk } from './sdkModules';

export interface SecretValueRequest {
  readonly secretId: string;
  readonly versionStage?: string;
  readonly versionId?: string;
}

export interface SecretValue {
  readonly arn?: string;
  /** The text value; undefined for a binary secret. */
  readonly secretString?: string;
  readonly isBinary: boolean;
}

export interface SecretsManagerGateway {
  getSecretValue(request: SecretValueRequest, signal?: AbortSignal): Promise<SecretValue>;
}

export function createSecretsManagerGateway(client: SecretsManagerClient): SecretsManagerGateway {
  return {
    async getSecretValue(request, signal) {
      const out = await client.send(
        new (sdk.secretsManager().GetSecretValueCommand)({
          SecretId: request.secretId,
          ...(request.versionStage ? { VersionStage: request.versionStage } : {}),
          ...(request.versionId ? { VersionId: request.versionId } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
      return {
        ...(out.ARN ? { arn: out.ARN } : {}),
        ...(out.SecretString !== undefined ? { secretString: out.SecretString } : {}),
        isBinary: out.SecretString === undefined && out.SecretBinary !== undefined,
      };
    },
  };
}
