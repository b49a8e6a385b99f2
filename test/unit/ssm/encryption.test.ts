import * as assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { clientCipher } from '../../../src/ssm/encryption';
import { answerHandshake, CLIENT_VERSION, compareVersions } from '../../../src/ssm/handshake';
import { parseExitCode } from '../../../src/ssm/sessionPayloads';

/** The agent's side, from encrypter.go: it encrypts with the first half, decrypts with the second. */
function agentSeal(key: Buffer, plain: Buffer): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key.subarray(0, 32), nonce);
  return Buffer.concat([nonce, c.update(plain), c.final(), c.getAuthTag()]);
}
function agentOpen(key: Buffer, sealed: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key.subarray(32), sealed.subarray(0, 12));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

describe('session encryption and the handshake answer', () => {
  it('uses the data key halves as the plugin does: agent→client with the first, client→agent with the second', () => {
    const key = randomBytes(64);
    const cipher = clientCipher(key);
    assert.equal(cipher.decrypt(agentSeal(key, Buffer.from('from agent'))).toString(), 'from agent');
    assert.equal(agentOpen(key, cipher.encrypt(Buffer.from('from client'))).toString(), 'from client');
    assert.throws(() => cipher.decrypt(agentSeal(randomBytes(64), Buffer.from('other key'))));
    assert.throws(() => clientCipher(randomBytes(32)), /32-byte data key; the session needs 64/);
  });

  it('asks KMS for 64 bytes with the session encryption context and returns the ciphertext key', async () => {
    const requests: unknown[] = [];
    const outcome = await answerHandshake(
      {
        AgentVersion: '3.1.0.0',
        RequestedClientActions: [
          {
            ActionType: 'SessionType',
            ActionParameters: { SessionType: 'InteractiveCommands', Properties: { command: 'sh' } },
          },
          { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'alias/exec' } },
          { ActionType: 'SomethingNew' },
        ],
      },
      {
        sessionId: 's-1',
        targetId: 'ecs:c_t_r',
        kms: {
          generateDataKey: (request) => {
            requests.push(request);
            return Promise.resolve({ plaintext: randomBytes(64), ciphertextBlob: Buffer.from('blob') });
          },
        },
      },
    );
    assert.deepEqual(requests, [
      {
        keyId: 'alias/exec',
        numberOfBytes: 64,
        encryptionContext: { 'aws:ssm:SessionId': 's-1', 'aws:ssm:TargetId': 'ecs:c_t_r' },
      },
    ]);
    assert.equal(outcome.sessionType, 'Standard_Stream');
    assert.ok(outcome.cipher);
    assert.equal(outcome.response.ClientVersion, CLIENT_VERSION);
    assert.deepEqual(
      outcome.response.ProcessedClientActions.map((a) => [a.ActionType, a.ActionStatus]),
      [
        ['SessionType', 1],
        ['KMSEncryption', 1],
        ['SomethingNew', 3],
      ],
    );
    assert.deepEqual(outcome.response.ProcessedClientActions[1]?.ActionResult, {
      KMSCipherTextKey: Buffer.from('blob').toString('base64'),
      KMSCipherTextHash: null,
    });
  });

  it('reports a KMS failure in the response instead of throwing', async () => {
    const outcome = await answerHandshake(
      { RequestedClientActions: [{ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } }] },
      {
        sessionId: 's',
        targetId: 't',
        kms: { generateDataKey: () => Promise.reject(new Error('AccessDenied kms:GenerateDataKey')) },
      },
    );
    assert.equal(outcome.cipher, undefined);
    assert.match(outcome.response.Errors[0] ?? '', /KMSEncryption: AccessDenied kms:GenerateDataKey/);
  });

  it('reads exit codes and compares agent versions', () => {
    assert.equal(parseExitCode(Buffer.from('EXIT_CODE: 3')), 3);
    assert.equal(parseExitCode(Buffer.from('0')), 0);
    assert.equal(parseExitCode(Buffer.from('nothing')), undefined);
    assert.ok(compareVersions('3.0.196.0', '2.3.722.0') > 0);
    assert.ok(compareVersions('2.3.722.0', '2.3.722.0') === 0);
  });
});
