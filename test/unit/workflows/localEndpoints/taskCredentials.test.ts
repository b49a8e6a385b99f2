import * as assert from 'node:assert/strict';
import {
  checkTaskRole,
  ownCredentials,
  REFRESH_BEFORE_EXPIRY_MS,
  roleSessionName,
  taskRoleCredentials,
  TaskRoleUnavailableError,
  type AssumeRole,
} from '../../../../src/workflows/local/endpoints/taskCredentials';

const ROLE = 'arn:aws:iam::123456789012:role/web-task';

function counterAssumer(now: () => number, lifetimeMs = 3600_000): { assume: AssumeRole; calls: number } {
  const state = { calls: 0, assume: undefined as unknown as AssumeRole };
  state.assume = (request) => {
    state.calls++;
    return Promise.resolve({
      accessKeyId: `ASIA${state.calls}`,
      secretAccessKey: `secret-number-${state.calls}`,
      sessionToken: `token-number-${state.calls}`,
      expiration: new Date(now() + lifetimeMs),
      ...(request.durationSeconds === 3600 ? {} : { accessKeyId: 'wrong-duration' }),
    });
  };
  return state;
}

describe('task role credentials', () => {
  it('assumes once, serves the same credentials, and assumes again once fewer than 20 minutes remain', async () => {
    let clock = 0;
    const assumer = counterAssumer(() => clock);
    const secrets: string[] = [];
    const source = taskRoleCredentials({
      roleArn: ROLE,
      sessionName: 'ecs-local-1',
      assumeRole: assumer.assume,
      now: () => clock,
      onSecret: (s) => secrets.push(s),
    });
    const [a, b] = await Promise.all([source.get(), source.get()]);
    assert.equal(assumer.calls, 1, 'concurrent requests share one AssumeRole');
    assert.equal(a.accessKeyId, 'ASIA1');
    assert.equal(b.roleArn, ROLE);
    clock = 3600_000 - REFRESH_BEFORE_EXPIRY_MS - 1;
    assert.equal((await source.get()).accessKeyId, 'ASIA1');
    clock = 3600_000 - REFRESH_BEFORE_EXPIRY_MS + 1;
    assert.equal((await source.get()).accessKeyId, 'ASIA2');
    assert.deepEqual(secrets, ['secret-number-1', 'token-number-1', 'secret-number-2', 'token-number-2']);
  });

  it('keeps serving still-valid credentials when a refresh fails, and fails once they expired', async () => {
    let clock = 0;
    let fail = false;
    const source = taskRoleCredentials({
      roleArn: ROLE,
      sessionName: 'ecs-local-1',
      now: () => clock,
      assumeRole: () =>
        fail
          ? Promise.reject(new Error('Rate exceeded'))
          : Promise.resolve({
              accessKeyId: 'ASIA1',
              secretAccessKey: 's',
              sessionToken: 't',
              expiration: new Date(clock + 3600_000),
            }),
    });
    await source.get();
    fail = true;
    clock = 3600_000 - 60_000;
    assert.equal((await source.get()).accessKeyId, 'ASIA1');
    clock = 3600_000 + 1;
    await assert.rejects(source.get(), /Rate exceeded/);
  });

  it('explains a denied role, a missing one, and other failures', async () => {
    const denied = Object.assign(
      new Error('User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole'),
      { name: 'AccessDenied' },
    );
    const source = taskRoleCredentials({
      roleArn: ROLE,
      sessionName: 'x1',
      assumeRole: () => Promise.reject(denied),
    });
    const error = await checkTaskRole(source, ROLE).catch((e: unknown) => e);
    assert.ok(error instanceof TaskRoleUnavailableError);
    assert.equal(error.reason, 'accessDenied');
    assert.match(error.message, /trust policy/);
    assert.match(error.message, /user\/dev is not authorized/);
    const other = taskRoleCredentials({
      roleArn: ROLE,
      sessionName: 'x1',
      assumeRole: () => Promise.reject(new Error('socket hang up')),
    });
    assert.equal(
      ((await checkTaskRole(other, ROLE).catch((e: unknown) => e)) as TaskRoleUnavailableError).reason,
      'other',
    );
  });

  it("serves the user's own credentials with an expiration, when chosen", async () => {
    const own = ownCredentials({
      resolve: () => Promise.resolve({ accessKeyId: 'AKIA1', secretAccessKey: 's' }),
      now: () => 0,
    });
    const c = await own.get();
    assert.equal(c.roleArn, '');
    assert.equal(c.expiration.getTime(), 3600_000);
    assert.match(own.description, /not the task role/);
  });

  it('makes a role session name STS accepts', () => {
    assert.equal(roleSessionName('0123abcd'), 'ecs-local-0123abcd');
    assert.equal(roleSessionName('a b/c'), 'ecs-local-a-b-c');
    assert.equal(roleSessionName('x'.repeat(100)).length, 64);
  });
});
