/**
 * Clients from our factory resolve their middleware stack once per command class (`cacheMiddleware`)
 * and are still cancelled by `send(command, { abortSignal })` (src/aws/requestAbort.ts): real SDK
 * clients against a local HTTP server that can hold its answer.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeClustersCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { createAwsClientFactory, type AwsClientFactory } from '../../../src/aws/clientFactory';
import { emptySharedConfig } from '../../../src/aws/sharedConfig';
import { isAbortError } from '../../../src/shared/abort';
import { recordingLogger } from './support/localAws';

interface Held {
  readonly target: string;
  readonly body: string;
  /** Resolves when the client closed the connection before an answer (the request was destroyed). */
  readonly destroyed: Promise<void>;
  answer(status: number, body: unknown): void;
}

/** A local ECS endpoint that hands each request to the test and answers only when told. */
async function holdingServer(onRequest: (held: Held) => void) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const destroyed = new Promise<void>((resolve) =>
        res.on('close', () => {
          if (!res.writableEnded) resolve();
        }),
      );
      onRequest({
        target:
          String(req.headers['x-amz-target'] ?? '')
            .split('.')
            .pop() ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        destroyed,
        answer(status, body) {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify(body));
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits for the server to see the client close the connection, failing after 3 s. */
const destroyedSoon = (held: Held | undefined) =>
  Promise.race([
    held?.destroyed ?? Promise.reject(new Error('no such request')),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the request was left open after the abort')), 3000),
    ),
  ]);

const rejection = (work: Promise<unknown>) =>
  work.then(
    () => assert.fail('expected the call to be cancelled'),
    (e: unknown) => e,
  );

describe('requestAbort: cached middleware stacks, calls still cancelled by their signal', function () {
  this.timeout(20000);
  let requests: Held[];
  let onRequest: (held: Held) => void;
  let server: Awaited<ReturnType<typeof holdingServer>>;
  let factory: AwsClientFactory;

  before(async () => {
    server = await holdingServer((held) => {
      requests.push(held);
      onRequest(held);
    });
  });
  after(() => server.close());
  beforeEach(() => {
    requests = [];
    onRequest = (held) => held.answer(200, { clusterArns: [] });
    factory = createAwsClientFactory({
      connection: { profile: 'environment', profileKind: 'environment', region: 'eu-west-3' },
      credentials: () => Promise.resolve({ accessKeyId: 'AKIDABORT', secretAccessKey: 'secret' }),
      env: { AWS_ENDPOINT_URL: server.url },
      files: emptySharedConfig({ configFile: '/none', credentialsFile: '/none' }),
      logger: recordingLogger(),
      retry: { random: () => 0.5, rateLimiter: { minFillRate: 1000 } },
    });
  });
  afterEach(() => factory.destroy());

  it('resolves the middleware stack once per command class, with or without an abort signal', async () => {
    const ecs = factory.ecs();
    // A middleware's factory runs each time the stack is resolved (composed) for a call.
    let resolved = 0;
    ecs.middlewareStack.add(
      (next) => {
        resolved++;
        return (args) => next(args);
      },
      { step: 'initialize', name: 'countResolutions' },
    );
    const signal = new AbortController().signal;
    await ecs.send(new ListClustersCommand({}), { abortSignal: signal });
    await ecs.send(new ListClustersCommand({}));
    await Promise.all([1, 2, 3].map(() => ecs.send(new ListClustersCommand({}), { abortSignal: signal })));
    assert.equal(requests.length, 5);
    assert.equal(resolved, 1, 'the stack was resolved again for a later call');
  });

  it('sends the operation members only: the signal never reaches the wire', async () => {
    await factory.ecs().send(new ListClustersCommand({ maxResults: 7 }), {
      abortSignal: new AbortController().signal,
    });
    assert.deepEqual(JSON.parse(requests[0]?.body ?? ''), { maxResults: 7 });
  });

  it('an abort destroys the request in flight and rejects at once with an AbortError', async () => {
    onRequest = () => undefined; // hold every answer
    const controller = new AbortController();
    const call = factory.ecs().send(new ListClustersCommand({}), { abortSignal: controller.signal });
    while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await rejection(call);
    assert.ok(isAbortError(error), `not an AbortError: ${String(error)}`);
    // The connection is closed by the client, not left waiting for an answer nobody reads.
    await destroyedSoon(requests[0]);
  });

  it('keeps each call its own signal: aborting one leaves the other in flight to its answer', async () => {
    onRequest = () => undefined;
    const first = new AbortController();
    const second = new AbortController();
    const ecs = factory.ecs();
    const a = ecs.send(new DescribeClustersCommand({ clusters: ['a'] }), { abortSignal: first.signal });
    const b = ecs.send(new DescribeClustersCommand({ clusters: ['b'] }), { abortSignal: second.signal });
    while (requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    const heldFor = (name: string) => requests.find((r) => r.body.includes(`"${name}"`));
    first.abort();
    assert.ok(isAbortError(await rejection(a)));
    await destroyedSoon(heldFor('a'));
    heldFor('b')?.answer(200, { clusters: [{ clusterName: 'b' }], failures: [] });
    assert.equal((await b).clusters?.[0]?.clusterName, 'b');
  });

  it('sends nothing for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      factory.ecs().send(new ListClustersCommand({}), { abortSignal: controller.signal }),
    );
    assert.ok(isAbortError(error));
    assert.equal(requests.length, 0);
  });

  it('an abort during a retry wait sends no further attempt', async () => {
    // Throttled: the read policy waits about half a second (jitter 0.5) before its second attempt.
    onRequest = (held) => held.answer(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    const controller = new AbortController();
    const call = factory.ecs().send(new ListClustersCommand({}), { abortSignal: controller.signal });
    while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    assert.ok(isAbortError(await rejection(call)));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(requests.length, 1, 'an attempt went out after the abort');
  });
});
