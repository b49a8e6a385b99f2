/**
 * KMS for encrypted ECS Exec sessions: GenerateDataKey with the session's encryption context
 * (docs/exec-protocol.md §5). Implements the data channel's DataKeySource. Editor-free.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DataKeySource } from '../ssm/encryption';
import { sdk } from './sdkModules';

export type KmsGateway = DataKeySource;

export function createKmsGateway(client: KMSClient): KmsGateway {
  return {
    async generateDataKey(request, signal) {
      const out = await client.send(
        new (sdk.kms().GenerateDataKeyCommand)({
          KeyId: request.keyId,
          NumberOfBytes: request.numberOfBytes,
          EncryptionContext: { ...request.encryptionContext },
        }),
        { abortSignal: signal },
      );
      if (!out.Plaintext || !out.CiphertextBlob) {
        throw new Error(`KMS GenerateDataKey returned no data key for ${request.keyId}`);
      }
      return { plaintext: out.Plaintext, ciphertextBlob: out.CiphertextBlob };
    },
  };
}
