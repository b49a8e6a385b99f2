import type { FakeAws } from '../fakeAws/server';

/**
 * What a REAL SDK client needs to talk to `fake`: its endpoint and region, static test keys (the
 * fake does not check the secret) and no retries, so an injected fault reaches the test at once.
 */
export function fakeSdkConfig(fake: FakeAws, accessKeyId: string) {
  return {
    region: fake.region,
    endpoint: fake.url,
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  };
}
