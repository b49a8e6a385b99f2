import * as assert from 'node:assert/strict';
import { describeAwsError } from '../../../src/aws/awsErrors';
import {
  type AwsCredentials,
  type CredentialProvider,
  credentialProviderFor,
  REFRESH_WINDOW_MS,
  shareCredentials,
} from '../../../src/aws/credentials';

const paths = { configFile: '/none/config', credentialsFile: '/none/credentials' };

describe('credentials', () => {
  it('the environment pseudo-profile reads the injected environment at call time', async () => {
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2099-01-01T00:00:00Z',
      AWS_ACCOUNT_ID: '123456789012',
    };
    const credentials = await credentialProviderFor('environment', { env, paths })();
    assert.deepEqual(credentials, {
      accessKeyId: 'AKIDENV',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date('2099-01-01T00:00:00Z'),
      accountId: '123456789012',
    });
  });

  it('fails like fromEnv when the variables are missing', async () => {
    const error = await credentialProviderFor('environment', { env: {}, paths })().then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.equal((error as Error).name, 'CredentialsProviderError');
    assert.equal(
      describeAwsError(error, {
        connection: { profile: 'environment', profileKind: 'environment', region: 'x' },
      }).kind,
      'noCredentials',
    );
  });

  it('shows every resolved identity to onCredentials (for the redactor)', async () => {
    const seen: AwsCredentials[] = [];
    const env = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'the-secret' };
    await credentialProviderFor('environment', { env, paths, onCredentials: (c) => seen.push(c) })();
    assert.equal(seen[0]?.secretAccessKey, 'the-secret');
  });

  describe('shareCredentials', () => {
    let calls = 0;
    let expiration: Date | undefined;
    const inner: CredentialProvider = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return { accessKeyId: `AKID${calls}`, secretAccessKey: 's', ...(expiration ? { expiration } : {}) };
    };
    beforeEach(() => {
      calls = 0;
      expiration = undefined;
    });

    it('resolves once for concurrent callers and caches credentials without expiration', async () => {
      const shared = shareCredentials(inner);
      const results = await Promise.all([shared(), shared(), shared()]);
      assert.deepEqual(
        results.map((c) => c.accessKeyId),
        ['AKID1', 'AKID1', 'AKID1'],
      );
      assert.equal((await shared()).accessKeyId, 'AKID1');
      assert.equal(calls, 1);
    });

    it('refreshes within the refresh window before expiration', async () => {
      let now = 1_000_000;
      expiration = new Date(now + REFRESH_WINDOW_MS + 60_000);
      const shared = shareCredentials(inner, () => now);
      await shared();
      await shared();
      assert.equal(calls, 1);
      now += 2 * 60_000;
      assert.equal((await shared()).accessKeyId, 'AKID2');
      assert.equal(calls, 2);
    });

    it('does not cache a failure', async () => {
      let fail = true;
      const shared = shareCredentials(() => (fail ? Promise.reject(new Error('no')) : inner()));
      await assert.rejects(shared(), /no/);
      fail = false;
      assert.equal((await shared()).accessKeyId, 'AKID1');
    });
  });
});
