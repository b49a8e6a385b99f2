/**
 * A fake AWS KMS: keys (by id, ARN or alias), GenerateDataKey and Decrypt with encryption contexts.
 * A ciphertext blob is the key id, the context and the plaintext sealed with the fake's own master
 * secret (AES-256-GCM), so only this fake can open it and a changed context fails as in KMS
 * (InvalidCiphertextException).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from '../errors';

export interface KmsKeyRecord {
  readonly keyId: string;
  readonly arn: string;
  readonly aliases: string[];
  enabled: boolean;
}

export class FakeKms {
  readonly keys = new Map<string, KmsKeyRecord>();
  private readonly master = randomBytes(32);
  /** Every GenerateDataKey seen (key and context), for tests. */
  readonly dataKeyRequests: Array<{ keyId: string; encryptionContext: Record<string, string> }> = [];

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  reset(): void {
    this.keys.clear();
    this.dataKeyRequests.length = 0;
  }

  createKey(alias?: string): KmsKeyRecord {
    const keyId = randomUUID();
    const record: KmsKeyRecord = {
      keyId,
      arn: `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`,
      aliases: alias ? [alias.startsWith('alias/') ? alias : `alias/${alias}`] : [],
      enabled: true,
    };
    this.keys.set(keyId, record);
    return record;
  }

  resolve(ref: string | undefined): KmsKeyRecord {
    if (!ref)
      throw new AwsError('ValidationException', '1 validation error detected: KeyId must not be null');
    const bare = ref.replace(/^arn:aws:kms:[^:]+:\d+:/, '');
    const record = [...this.keys.values()].find(
      (k) => k.keyId === ref || k.arn === ref || `key/${k.keyId}` === bare || k.aliases.includes(bare),
    );
    if (!record) throw new AwsError('NotFoundException', `Key '${ref}' does not exist`);
    if (!record.enabled) throw new AwsError('DisabledException', `${record.arn} is disabled.`);
    return record;
  }

  generateDataKey(
    ref: string | undefined,
    numberOfBytes: number | undefined,
    keySpec: string | undefined,
    encryptionContext: Record<string, string> = {},
  ): { keyId: string; plaintext: Buffer; ciphertextBlob: Buffer } {
    const key = this.resolve(ref);
    const size = numberOfBytes ?? (keySpec === 'AES_128' ? 16 : keySpec === 'AES_256' ? 32 : undefined);
    if (size === undefined) {
      throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
    }
    if (!Number.isInteger(size) || size < 1 || size > 1024) {
      throw new AwsError(
        'ValidationException',
        `1 validation error detected: Value '${size}' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024`,
      );
    }
    this.dataKeyRequests.push({ keyId: key.arn, encryptionContext: { ...encryptionContext } });
    const plaintext = randomBytes(size);
    return { keyId: key.arn, plaintext, ciphertextBlob: this.seal(key.arn, encryptionContext, plaintext) };
  }

  decrypt(
    blob: Buffer,
    encryptionContext: Record<string, string> = {},
  ): { keyId: string; plaintext: Buffer } {
    const fail = () => new AwsError('InvalidCiphertextException', '');
    if (blob.length < 28) throw fail();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.master, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(blob.length - 16));
      const inner = JSON.parse(
        Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]).toString(
          'utf8',
        ),
      ) as { keyId: string; context: Record<string, string>; plaintext: string };
      if (canonical(inner.context) !== canonical(encryptionContext)) throw fail();
      return { keyId: inner.keyId, plaintext: Buffer.from(inner.plaintext, 'base64') };
    } catch {
      throw fail();
    }
  }

  private seal(keyId: string, context: Record<string, string>, plaintext: Buffer): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.master, nonce);
    const body = Buffer.from(JSON.stringify({ keyId, context, plaintext: plaintext.toString('base64') }));
    return Buffer.concat([nonce, cipher.update(body), cipher.final(), cipher.getAuthTag()]);
  }
}

function canonical(context: Record<string, string>): string {
  return JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b)));
}
