/** KMS as a service module of the fake endpoint: awsJson1_1, target prefix TrentService; blobs are base64. */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { ServiceModule } from '../services';
import type { FakeKms } from './fakeKms';

interface GenerateDataKeyInput {
  KeyId?: string;
  NumberOfBytes?: number;
  KeySpec?: string;
  EncryptionContext?: Record<string, string>;
}

interface DecryptInput {
  CiphertextBlob?: string;
  EncryptionContext?: Record<string, string>;
}

export function kmsModule(kms: FakeKms): ServiceModule {
  return {
    signingName: 'kms',
    protocol: awsJsonProtocol('com.amazonaws.kms'),
    jsonTargetPrefix: 'TrentService',
    resourceFor(_operation, input) {
      const ref = (input as GenerateDataKeyInput).KeyId;
      try {
        return ref ? kms.resolve(ref).arn : '*';
      } catch {
        return '*';
      }
    },
    handle(operation, input) {
      if (operation === 'GenerateDataKey') {
        const i = input as GenerateDataKeyInput;
        const out = kms.generateDataKey(i.KeyId, i.NumberOfBytes, i.KeySpec, i.EncryptionContext);
        return {
          KeyId: out.keyId,
          Plaintext: out.plaintext.toString('base64'),
          CiphertextBlob: out.ciphertextBlob.toString('base64'),
        };
      }
      if (operation === 'Decrypt') {
        const i = input as DecryptInput;
        const out = kms.decrypt(Buffer.from(i.CiphertextBlob ?? '', 'base64'), i.EncryptionContext);
        return {
          KeyId: out.keyId,
          Plaintext: out.plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      }
      throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    },
  };
}
