import * as assert from 'node:assert/strict';
import type { ParameterStoreGateway } from '../../../../src/aws/parameterStoreGateway';
import type { SecretsManagerGateway, SecretValueRequest } from '../../../../src/aws/secretsManagerGateway';
import { localValueFor, parseLocalSecrets } from '../../../../src/workflows/local/secrets/localSecretsFile';
import {
  localSecretsResolver,
  SecretsNotConfirmedError,
} from '../../../../src/workflows/local/secrets/localSecretsResolver';
import {
  planSecrets,
  resolveSecrets,
  SecretsResolutionError,
} from '../../../../src/workflows/local/secrets/resolveSecrets';
import { parseValueFrom, taskSecrets } from '../../../../src/workflows/local/secrets/secretReference';

const SM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

describe('secret valueFrom (as ECS reads it)', () => {
  it('reads a Secrets Manager ARN with and without json-key, version-stage and version-id', () => {
    assert.deepEqual(parseValueFrom(SM, 'x'), { kind: 'secretsManager', secretId: SM, region: 'us-east-1' });
    assert.deepEqual(parseValueFrom(`${SM}:password::`, 'x'), {
      kind: 'secretsManager',
      secretId: SM,
      region: 'us-east-1',
      jsonKey: 'password',
    });
    assert.deepEqual(parseValueFrom(`${SM}:password:AWSPREVIOUS:`, 'x'), {
      kind: 'secretsManager',
      secretId: SM,
      region: 'us-east-1',
      jsonKey: 'password',
      versionStage: 'AWSPREVIOUS',
    });
    assert.deepEqual(parseValueFrom(`${SM}:::0f1e2d3c-aaaa-bbbb-cccc-000000000000`, 'x'), {
      kind: 'secretsManager',
      secretId: SM,
      region: 'us-east-1',
      versionId: '0f1e2d3c-aaaa-bbbb-cccc-000000000000',
    });
    assert.throws(
      () => parseValueFrom(`${SM}:k:AWSCURRENT:abc`, 'app DB'),
      /app DB: .* both a version stage and a version id/,
    );
    assert.throws(() => parseValueFrom(`${SM}:a:b:c:d`, 'app DB'), /not a Secrets Manager reference/);
  });

  it('reads SSM parameters by ARN (with its region) or by name (the task region)', () => {
    assert.deepEqual(parseValueFrom('arn:aws:ssm:eu-west-1:123456789012:parameter/app/db-url', 'x'), {
      kind: 'parameterStore',
      name: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db-url',
      region: 'eu-west-1',
    });
    assert.deepEqual(parseValueFrom('/app/db-url', 'x'), { kind: 'parameterStore', name: '/app/db-url' });
    assert.deepEqual(parseValueFrom('api-key:3', 'x'), { kind: 'parameterStore', name: 'api-key:3' });
    assert.throws(
      () => parseValueFrom('arn:aws:s3:::bucket/key', 'app K'),
      /app K: .*neither a Secrets Manager secret ARN nor an SSM parameter ARN/,
    );
    assert.throws(() => parseValueFrom('has space', 'app K'), /not a valid SSM parameter name/);
  });

  it('lists every container secret of a task definition, saying which one is incomplete', () => {
    const refs = taskSecrets({
      containerDefinitions: [
        {
          name: 'app',
          secrets: [
            { name: 'DB', valueFrom: SM },
            { name: 'KEY', valueFrom: '/k' },
          ],
        },
        { name: 'side' },
      ],
    });
    assert.deepEqual(
      refs.map((r) => `${r.container}.${r.name}:${r.source.kind}`),
      ['app.DB:secretsManager', 'app.KEY:parameterStore'],
    );
    assert.throws(
      () => taskSecrets({ containerDefinitions: [{ name: 'app', secrets: [{ name: 'DB' }] }] }),
      /container app, secret DB: .*needs both/,
    );
  });
});

describe('local secrets file', () => {
  it('reads NAME=value and container.NAME=value, quotes, export and comments; a bad line is named, never shown', () => {
    const values = parseLocalSecrets(
      '# local\nexport DB="p@ss\\nword"\napp.KEY=\'abc\'\nKEY = plain \n\n',
      '.env.secrets',
    );
    assert.equal(values.get('DB'), 'p@ss\nword');
    assert.equal(localValueFor(values, 'app', 'KEY'), 'abc');
    assert.equal(localValueFor(values, 'side', 'KEY'), 'plain');
    assert.throws(
      () => parseLocalSecrets('OK=1\nthis is secret-ish', 'f.env'),
      (e: unknown) =>
        /f\.env, line 2/.test((e as Error).message) && !(e as Error).message.includes('secret-ish'),
    );
  });
});

function fakeGateways() {
  const smCalls: SecretValueRequest[] = [];
  const ssmCalls: string[][] = [];
  const secretsManager: SecretsManagerGateway = {
    getSecretValue: (request) => {
      smCalls.push(request);
      if (request.secretId.includes('missing'))
        return Promise.reject(
          Object.assign(new Error("Secrets Manager can't find the specified secret."), {
            name: 'ResourceNotFoundException',
          }),
        );
      if (request.secretId.includes('binary')) return Promise.resolve({ isBinary: true });
      return Promise.resolve({
        secretString: JSON.stringify({ username: 'admin', password: 'pa55word-pa55word', port: 5432 }),
        isBinary: false,
      });
    },
  };
  const parameterStore: ParameterStoreGateway = {
    getParameters: (names) => {
      ssmCalls.push([...names]);
      return Promise.resolve({
        values: new Map(names.filter((n) => !n.includes('nope')).map((n) => [n, `value-of-${n}`])),
        invalid: names.filter((n) => n.includes('nope')),
      });
    },
  };
  return { smCalls, ssmCalls, secretsManager: () => secretsManager, parameterStore: () => parameterStore };
}

describe("resolving a local task's secrets", () => {
  it('fetches each secret version once, picks JSON keys, reads parameters, and registers every value', async () => {
    const g = fakeGateways();
    const registered: string[] = [];
    const refs = taskSecrets({
      containerDefinitions: [
        {
          name: 'app',
          secrets: [
            { name: 'USER', valueFrom: `${SM}:username::` },
            { name: 'PASS', valueFrom: `${SM}:password::` },
            { name: 'PORT', valueFrom: `${SM}:port::` },
            { name: 'URL', valueFrom: '/app/url' },
          ],
        },
        { name: 'side', secrets: [{ name: 'URL', valueFrom: '/app/url' }] },
      ],
    });
    const resolved = await resolveSecrets(refs, {
      ...g,
      region: 'us-east-1',
      onSecret: (v) => registered.push(v),
    });
    assert.deepEqual(resolved.get('app'), {
      USER: 'admin',
      PASS: 'pa55word-pa55word',
      PORT: '5432',
      URL: 'value-of-/app/url',
    });
    assert.deepEqual(resolved.get('side'), { URL: 'value-of-/app/url' });
    assert.equal(g.smCalls.length, 1, 'one GetSecretValue for the three keys of one secret');
    assert.deepEqual(g.ssmCalls, [['/app/url', '/app/url']]);
    assert.ok(registered.includes('pa55word-pa55word'));
  });

  it('takes local values first and fetches only the rest', async () => {
    const g = fakeGateways();
    const refs = taskSecrets({
      containerDefinitions: [
        {
          name: 'app',
          secrets: [
            { name: 'PASS', valueFrom: SM },
            { name: 'URL', valueFrom: '/app/url' },
          ],
        },
      ],
    });
    const local = parseLocalSecrets('PASS=local-password', 'f');
    assert.deepEqual(
      planSecrets(refs, local).fromAws.map((r) => r.name),
      ['URL'],
    );
    const resolved = await resolveSecrets(refs, {
      ...g,
      region: 'us-east-1',
      local,
      onSecret: () => undefined,
    });
    assert.equal(resolved.get('app')?.PASS, 'local-password');
    assert.equal(g.smCalls.length, 0);
  });

  it('names every secret that failed, and why, in one error without any value', async () => {
    const g = fakeGateways();
    const refs = taskSecrets({
      containerDefinitions: [
        {
          name: 'app',
          secrets: [
            { name: 'A', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf' },
            { name: 'B', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:binary-AbCdEf' },
            { name: 'C', valueFrom: `${SM}:nokey::` },
            { name: 'D', valueFrom: '/nope' },
            { name: 'E', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x' },
            { name: 'F', valueFrom: `${SM}:password::` },
          ],
        },
      ],
    });
    const error = await resolveSecrets(refs, { ...g, region: 'us-east-1', onSecret: () => undefined }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof SecretsResolutionError);
    assert.deepEqual(
      error.failures.map((f) => f.ref.name),
      ['E', 'D', 'A', 'B', 'C'],
    );
    assert.match(error.message, /A ← Secrets Manager .*not found/);
    assert.match(error.message, /B ← .*binary secret/);
    assert.match(error.message, /C ← .*no key "nokey"/);
    assert.match(error.message, /D ← Parameter Store \/nope: no such parameter/);
    assert.match(error.message, /E ← .*in eu-west-1, .*region us-east-1/);
    assert.ok(!error.message.includes('pa55word'));
  });

  it('asks for confirmation only when something comes from AWS, and stops when refused', async () => {
    const g = fakeGateways();
    const asked: string[][] = [];
    const requests = [{ container: 'app', name: 'URL', valueFrom: '/app/url' }];
    const refusing = localSecretsResolver({
      ...g,
      region: 'us-east-1',
      onSecret: () => undefined,
      confirm: (plan) => {
        asked.push(plan.fromAws.map((r) => r.name));
        return Promise.resolve(false);
      },
    });
    await assert.rejects(refusing(requests), SecretsNotConfirmedError);
    assert.deepEqual(asked, [['URL']]);
    assert.deepEqual(g.ssmCalls, [], 'nothing fetched before the confirmation');
    const allLocal = localSecretsResolver({
      ...g,
      region: 'us-east-1',
      onSecret: () => undefined,
      local: () => Promise.resolve(parseLocalSecrets('URL=http://localhost', 'f')),
      confirm: () => Promise.reject(new Error('must not ask')),
    });
    assert.deepEqual((await allLocal(requests)).get('app'), { URL: 'http://localhost' });
  });
});
