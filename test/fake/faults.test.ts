import * as assert from 'node:assert/strict';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ECS_TARGET_PREFIX } from '../fakeAws/ecs/module';
import { ecsClient, raw, rejection, stsClient, useFake } from './helpers';

describe('fake AWS: errors and fault injection (real ECSClient/STSClient)', () => {
  const ctx = useFake({ lifecycleStepMs: 0 });

  it('turns ECS errors into SDK errors with the right name, message and HTTP status', async () => {
    const err = await rejection(ctx.ecs.send(new ListServicesCommand({ cluster: 'nope' })));
    assert.equal(err.name, 'ClusterNotFoundException');
    assert.equal(err.message, 'Cluster not found.');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.$fault, 'client');
  });

  it('ServiceNotFoundException, InvalidParameterException and ClientException arrive with name and 400', async () => {
    ctx.fake.ecs.createCluster('default');
    const errors = [
      [
        await rejection(ctx.ecs.send(new UpdateServiceCommand({ service: 'ghost' }))),
        'ServiceNotFoundException',
      ],
      [
        await rejection(ctx.ecs.send(new ListServicesCommand({ maxResults: 101 }))),
        'InvalidParameterException',
      ],
      [
        await rejection(ctx.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' }))),
        'ClientException',
      ],
    ] as const;
    for (const [err, name] of errors) {
      assert.equal(err.name, name);
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.$fault, 'client');
      assert.ok(err.message.length > 0);
    }
  });

  const cases = [
    { fault: 'throttle', name: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
    { fault: 'serverError', name: 'ServerException', status: 500, message: undefined },
    {
      fault: 'expiredToken',
      name: 'ExpiredTokenException',
      status: 400,
      message: 'The security token included in the request is expired',
    },
    { fault: 'accessDenied', name: 'AccessDeniedException', status: 400, message: undefined },
  ] as const;
  for (const c of cases) {
    it(`injects ${c.fault} as ${c.name} (${c.status}) for the next call only`, async () => {
      ctx.fake.ecs.createCluster('default');
      ctx.fake.faults.inject('ListClusters', c.fault);
      const err = await rejection(ctx.ecs.send(new ListClustersCommand({})));
      assert.equal(err.name, c.name);
      assert.equal(err.$metadata.httpStatusCode, c.status);
      if (c.message) assert.equal(err.message, c.message);
      const ok = await ctx.ecs.send(new ListClustersCommand({}));
      assert.equal(ok.clusterArns?.length, 1);
    });
  }

  it('injects a custom fault, for N calls, on one operation only', async () => {
    ctx.fake.ecs.createCluster('default');
    ctx.fake.faults.inject(
      'ListServices',
      { type: 'LimitExceededException', message: 'Too many', status: 400 },
      2,
    );
    await ctx.ecs.send(new ListClustersCommand({}));
    for (let i = 0; i < 2; i++) {
      const err = await rejection(ctx.ecs.send(new ListServicesCommand({})));
      assert.equal(err.name, 'LimitExceededException');
      assert.equal(err.message, 'Too many');
    }
    await ctx.ecs.send(new ListServicesCommand({}));
  });

  it("'*' faults apply to any operation", async () => {
    ctx.fake.faults.inject('*', 'serverError');
    const err = await rejection(ctx.ecs.send(new ListClustersCommand({})));
    assert.equal(err.name, 'ServerException');
  });

  it('the SDK retries a throttle and succeeds on the next attempt (maxAttempts 3)', async () => {
    ctx.fake.ecs.createCluster('default');
    ctx.fake.faults.inject('ListClusters', 'throttle');
    const client = ecsClient(ctx.fake, { maxAttempts: 3 });
    try {
      const out = await client.send(new ListClustersCommand({}));
      assert.equal(out.clusterArns?.length, 1);
      assert.equal(out.$metadata.attempts, 2);
      assert.equal(ctx.fake.stats.calls('ListClusters'), 2);
    } finally {
      client.destroy();
    }
  });

  it('the SDK does not retry ExpiredTokenException; expireAccessKey hits only that key', async () => {
    ctx.fake.faults.expireAccessKey('AKIDTEST');
    const client = ecsClient(ctx.fake, { maxAttempts: 3 });
    const other = ecsClient(ctx.fake, { accessKeyId: 'AKIDOTHER' });
    try {
      const err = await rejection(client.send(new ListClustersCommand({})));
      assert.equal(err.name, 'ExpiredTokenException');
      assert.equal(err.$metadata.attempts, 1);
      assert.equal(ctx.fake.stats.calls('ListClusters'), 1);
      await other.send(new ListClustersCommand({}));
    } finally {
      client.destroy();
      other.destroy();
    }
  });

  it('denyOperation answers AccessDeniedException naming the action and the resource', async () => {
    ctx.fake.ecs.createCluster('prod');
    ctx.fake.faults.denyOperation('ListServices');
    const err = await rejection(ctx.ecs.send(new ListServicesCommand({ cluster: 'prod' })));
    assert.equal(err.name, 'AccessDeniedException');
    assert.match(
      err.message,
      /^User: arn:aws:iam::123456789012:user\/test is not authorized to perform: ecs:ListServices on resource: arn:aws:ecs:us-east-1:123456789012:cluster\/prod/,
    );
    await ctx.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['x'] }));
  });

  it('denyOperation for one access key leaves other keys alone', async () => {
    ctx.fake.faults.denyOperation('ListClusters', 'AKIDOTHER');
    await ctx.ecs.send(new ListClustersCommand({}));
    const other = ecsClient(ctx.fake, { accessKeyId: 'AKIDOTHER' });
    try {
      assert.equal((await rejection(other.send(new ListClustersCommand({})))).name, 'AccessDeniedException');
    } finally {
      other.destroy();
    }
  });

  /** The names of `n` ListClusters answers: 'ok' or the error name. */
  async function outcomes(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        await ctx.ecs.send(new ListClustersCommand({})).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
    }
    return out;
  }

  it('a fault rate throttles and fails shares of every call, the same ones for the same seed', async () => {
    ctx.fake.faults.setRate({ throttle: 0.2, serverError: 0.05, seed: 42 });
    const first = await outcomes(400);
    const throttled = first.filter((o) => o === 'ThrottlingException').length;
    const failed = first.filter((o) => o === 'ServerException').length;
    assert.ok(throttled >= 60 && throttled <= 100, `about 20 % throttled, got ${throttled}/400`);
    assert.ok(failed >= 8 && failed <= 32, `about 5 % HTTP 500, got ${failed}/400`);
    assert.equal(ctx.fake.faults.injected, throttled + failed);
    ctx.fake.faults.setRate({ throttle: 0.2, serverError: 0.05, seed: 42 });
    assert.deepEqual(await outcomes(400), first, 'the same seed gives the same faults');
    ctx.fake.faults.setRate({ throttle: 0.2, serverError: 0.05, seed: 43 });
    assert.notDeepEqual(await outcomes(400), first);
  });

  it('a fault rate can target one operation, is set through the admin API and reported in its stats', async () => {
    const admin = (path: string, body?: unknown) =>
      fetch(`${ctx.fake.url}/__fake/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    ctx.fake.ecs.createCluster('default');
    await admin('faults', { rate: { throttle: 1, operation: 'ListServices' } });
    assert.deepEqual(await outcomes(3), ['ok', 'ok', 'ok']);
    assert.equal((await rejection(ctx.ecs.send(new ListServicesCommand({})))).name, 'ThrottlingException');
    assert.equal((await admin('stats'))['faultsInjected'], 1);
    assert.throws(() => ctx.fake.faults.setRate({ throttle: 1.5 }), /between 0 and 1/);
    ctx.fake.faults.clear();
    assert.equal(ctx.fake.faults.injected, 0);
    await ctx.ecs.send(new ListServicesCommand({}));
  });

  it('clear() removes every fault', async () => {
    ctx.fake.faults.inject('*', 'throttle', Infinity);
    ctx.fake.faults.expireAccessKey('AKIDTEST');
    ctx.fake.faults.clear();
    await ctx.ecs.send(new ListClustersCommand({}));
  });

  it('STS: GetCallerIdentity returns the account, user ARN and user id', async () => {
    const sts = stsClient(ctx.fake);
    try {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(out.Account, '123456789012');
      assert.equal(out.Arn, 'arn:aws:iam::123456789012:user/test');
      assert.ok(out.UserId);
      assert.equal(ctx.fake.stats.calls('GetCallerIdentity'), 1);
      assert.equal(ctx.fake.stats.calls('sts:GetCallerIdentity'), 1);
    } finally {
      sts.destroy();
    }
  });

  it('STS: expired key and denied operation come back in the query-protocol error shape', async () => {
    const sts = stsClient(ctx.fake, { maxAttempts: 3 });
    try {
      ctx.fake.faults.expireAccessKey('AKIDTEST');
      const expired = await rejection(sts.send(new GetCallerIdentityCommand({})));
      assert.equal(expired.name, 'ExpiredToken');
      assert.equal(expired.message, 'The security token included in the request is expired');
      assert.equal(expired.Type, 'Sender');
      assert.equal(expired.$metadata.httpStatusCode, 400);
      assert.equal(expired.$metadata.attempts, 1);
      ctx.fake.faults.clear();
      ctx.fake.faults.denyOperation('sts:GetCallerIdentity');
      const denied = await rejection(sts.send(new GetCallerIdentityCommand({})));
      assert.equal(denied.name, 'AccessDenied');
      assert.equal(denied.$metadata.httpStatusCode, 403);
      assert.match(denied.message, /not authorized to perform: sts:GetCallerIdentity/);
    } finally {
      sts.destroy();
    }
  });

  it('STS: the query error XML is the <ErrorResponse><Error>… shape', async () => {
    ctx.fake.faults.inject('GetCallerIdentity', 'throttle');
    const res = await raw(ctx.fake, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc123',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(res.status, 400);
    assert.match(
      res.text,
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error>/,
    );
    assert.match(res.text, /<Type>Sender<\/Type><Code>Throttling<\/Code><Message>Rate exceeded<\/Message>/);
    assert.match(res.text, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
  });

  it('an unsigned request is refused with 403 MissingAuthenticationTokenException', async () => {
    const res = await raw(ctx.fake, {
      headers: {
        'x-amz-target': `${ECS_TARGET_PREFIX}.ListClusters`,
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.equal(JSON.parse(res.text).__type, 'com.amazonaws.ecs#MissingAuthenticationTokenException');
  });

  it('a malformed Authorization header is refused with 403 IncompleteSignature', async () => {
    const res = await raw(ctx.fake, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer nonsense' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(res.status, 403);
    assert.match(res.text, /<Code>IncompleteSignature<\/Code>/);
  });

  it('an unknown ECS operation is UnknownOperationException', async () => {
    const res = await raw(ctx.fake, {
      headers: {
        'x-amz-target': `${ECS_TARGET_PREFIX}.LaunchRockets`,
        'content-type': 'application/x-amz-json-1.1',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=abc123',
      },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.text).__type, 'com.amazonaws.ecs#UnknownOperationException');
  });
});
