/** Shared setup for the fake AWS endpoint's own tests: a fake, and REAL SDK clients pointed at it. */
import { ECSClient } from '@aws-sdk/client-ecs';
import { STSClient } from '@aws-sdk/client-sts';
import { FakeAws, type FakeAwsOptions } from '../../fakeAws';

export const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

export interface ClientOptions {
  maxAttempts?: number;
  accessKeyId?: string;
}

function config(fake: FakeAws, opts: ClientOptions) {
  return {
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { ...CREDENTIALS, accessKeyId: opts.accessKeyId ?? CREDENTIALS.accessKeyId },
    maxAttempts: opts.maxAttempts ?? 1,
  };
}

export function ecsClient(fake: FakeAws, opts: ClientOptions = {}): ECSClient {
  return new ECSClient(config(fake, opts));
}

export function stsClient(fake: FakeAws, opts: ClientOptions = {}): STSClient {
  return new STSClient(config(fake, opts));
}

/** Starts a fake for the enclosing describe(); `ctx.fake` is fresh per suite, reset before each test. */
export function useFake(options: FakeAwsOptions = {}): { fake: FakeAws; ecs: ECSClient } {
  const ctx = {} as { fake: FakeAws; ecs: ECSClient };
  before(async () => {
    ctx.fake = await FakeAws.start(options);
    ctx.ecs = ecsClient(ctx.fake);
  });
  beforeEach(() => {
    ctx.fake.reset();
    ctx.fake.ecs.lifecycleStepMs = options.lifecycleStepMs ?? 1000;
  });
  after(async () => {
    ctx.ecs.destroy();
    await ctx.fake.close();
  });
  return ctx;
}

/** What the SDK's service errors carry. */
export interface SdkError extends Error {
  $fault?: 'client' | 'server';
  $metadata: { httpStatusCode?: number; attempts?: number; requestId?: string };
  Code?: string;
  Type?: string;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A raw HTTP request to the fake (for unsigned or malformed requests the SDK never sends). */
export async function raw(
  fake: FakeAws,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${fake.url}${init.path ?? '/'}`, {
    method: init.method ?? 'POST',
    headers: init.headers,
    body: init.body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
