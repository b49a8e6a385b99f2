/** Shared setup for the fake AWS endpoint's own tests: a fake, and REAL SDK clients pointed at it. */
import { ECSClient, type RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { STSClient } from '@aws-sdk/client-sts';
import { FakeAws, type FakeAwsOptions } from '../fakeAws';

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

export interface FakeContext {
  fake: FakeAws;
  ecs: ECSClient;
}

/**
 * Starts a fake for the enclosing describe(); `ctx.fake` is fresh per suite, reset before each test.
 * Pass `{ clock: new ManualClock() }` to move the tasks' lifecycle by hand.
 */
export function useFake(options: FakeAwsOptions = {}): FakeContext {
  const ctx = {} as FakeContext;
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

/** The smallest Fargate task definition: family `app`, one essential container `app` of image app:1. */
export function registerFargate(fake: FakeAws, overrides: Partial<RegisterTaskDefinitionRequest> = {}): void {
  fake.ecs.registerTaskDefinition({
    family: 'app',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: 'app:1', essential: true }],
    ...overrides,
  });
}

/** The cluster `default` (what RunTask uses when none is named) and the `app` task definition. */
export function seedDefaultApp(fake: FakeAws): void {
  fake.ecs.createCluster('default');
  registerFargate(fake);
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
