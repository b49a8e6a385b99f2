/**
 * The session's AES-GCM encryption when the agent asks for KMSEncryption (docs/exec-protocol.md §5):
 * the client asks KMS for a 64-byte data key with the session's encryption context; the first half
 * decrypts what the agent sends, the second half encrypts what the client sends. Each ciphertext is
 * a 12-byte random nonce, then the GCM ciphertext with its 16-byte tag (src/encryption/encrypter.go).
 * Editor-free.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const DATA_KEY_BYTES = 64;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** What the data channel needs of KMS (src/aws/kmsGateway.ts implements it with GenerateDataKey). */
export interface DataKeySource {
  generateDataKey(
    request: {
      readonly keyId: string;
      readonly numberOfBytes: number;
      readonly encryptionContext: Readonly<Record<string, string>>;
    },
    signal?: AbortSignal,
  ): Promise<{ readonly plaintext: Uint8Array; readonly ciphertextBlob: Uint8Array }>;
}

export interface SessionCipher {
  encrypt(plain: Uint8Array): Buffer;
  /** Throws when the tag does not verify (a wrong key or a changed message). */
  decrypt(sealed: Uint8Array): Buffer;
}

function seal(key: Buffer, plain: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Uint8Array): Buffer {
  const data = Buffer.from(sealed);
  if (data.length < NONCE_BYTES + TAG_BYTES) {
    throw new Error(`Encrypted payload of ${data.length} bytes is shorter than nonce and tag`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** The client's cipher from the 64-byte plaintext data key. */
export function clientCipher(dataKey: Uint8Array): SessionCipher {
  if (dataKey.length !== DATA_KEY_BYTES) {
    throw new Error(`KMS returned a ${dataKey.length}-byte data key; the session needs ${DATA_KEY_BYTES}`);
  }
  const key = Buffer.from(dataKey);
  const decryptKey = key.subarray(0, DATA_KEY_BYTES / 2);
  const encryptKey = key.subarray(DATA_KEY_BYTES / 2);
  return { encrypt: (plain) => seal(encryptKey, plain), decrypt: (sealed) => open(decryptKey, sealed) };
}
