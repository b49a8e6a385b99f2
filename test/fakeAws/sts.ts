/**
 * STS (query protocol): GetCallerIdentity, and AssumeRole on the fake account's IAM roles with the
 * real service's answers: temporary credentials (ASIA… key, session token, Expiration after
 * DurationSeconds) and the assumed-role user; AccessDenied (403) when the role does not exist or
 * its trust policy does not let the caller assume it (STS does not say which); ValidationError for
 * a bad RoleArn, RoleSessionName or DurationSeconds. Trust is decided from the policy's Allow/Deny
 * statements on `sts:AssumeRole` for an `AWS` principal (the caller's ARN, its account's root or
 * id, or `*`); Conditions are not evaluated. Built from the STS API reference (AssumeRole).
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from './clock';
import { AwsError } from './errors';
import type { FakeIam } from './iam';
import { queryProtocol } from './protocols/query';
import type { CallContext, ServiceModule } from './services';

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The caller the fake pretends every key belongs to. */
export function callerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/test`;
}

export interface AssumedSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly accessKeyId: string;
  readonly expiration: Date;
}

/** What AssumeRole handed out, for tests to assert on (never the secrets). */
export class FakeSts {
  readonly sessions: AssumedSession[] = [];
  reset(): void {
    this.sessions.length = 0;
  }
}

function validation(value: string, member: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

interface TrustStatement {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | { AWS?: string | string[] };
}

function actionMatches(action: string | string[] | undefined): boolean {
  const list = Array.isArray(action) ? action : action === undefined ? [] : [action];
  return list.some((a) => ['sts:assumerole', 'sts:*', '*'].includes(a.toLowerCase()));
}

function principalMatches(
  principal: TrustStatement['Principal'],
  caller: string,
  accountId: string,
): boolean {
  if (principal === '*') return true;
  const aws = typeof principal === 'object' ? principal.AWS : undefined;
  const list = Array.isArray(aws) ? aws : aws === undefined ? [] : [aws];
  return list.some(
    (p) => p === '*' || p === caller || p === accountId || p === `arn:aws:iam::${accountId}:root`,
  );
}

/** Whether the trust policy lets `caller` assume the role: an Allow matches and no Deny does. */
export function trustAllows(document: string, caller: string, accountId: string): boolean {
  const parsed = JSON.parse(document) as { Statement?: TrustStatement | TrustStatement[] };
  const statements = Array.isArray(parsed.Statement)
    ? parsed.Statement
    : parsed.Statement
      ? [parsed.Statement]
      : [];
  const matching = statements.filter(
    (s) => actionMatches(s.Action) && principalMatches(s.Principal, caller, accountId),
  );
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

const token = (bytes: number) =>
  randomBytes(bytes)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'A');

function assumeRole(
  iam: FakeIam,
  sts: FakeSts,
  clock: Clock,
  form: Record<string, string>,
  ctx: CallContext,
): unknown {
  const roleArn = form['RoleArn'] ?? '';
  const sessionName = form['RoleSessionName'] ?? '';
  if (roleArn.length < 20) {
    throw validation(roleArn, 'roleArn', 'Member must have length greater than or equal to 20');
  }
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw validation(
      sessionName,
      'roleSessionName',
      'Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64',
    );
  }
  const duration = form['DurationSeconds'] === undefined ? 3600 : Number(form['DurationSeconds']);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validation(
      String(form['DurationSeconds']),
      'durationSeconds',
      'Member must have value between 900 and 43200',
    );
  }
  const caller = callerArn(ctx.accountId);
  const role = iam.roleByArn(roleArn);
  if (!role || !trustAllows(role.assumeRolePolicyDocument, caller, ctx.accountId)) {
    throw new AwsError(
      'AccessDenied',
      `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  if (duration > role.maxSessionDuration) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const expiration = new Date(clock.now() + duration * 1000);
  sts.sessions.push({ roleArn, sessionName, accessKeyId, expiration });
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: token(30).slice(0, 40),
      SessionToken: `FwoGZXIvYXdzE${token(120)}`,
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${role.roleName}/${sessionName}`,
    },
  };
}

export function stsModule(
  iam?: FakeIam,
  sts: FakeSts = new FakeSts(),
  clock: Clock = systemClock,
): ServiceModule {
  return {
    signingName: 'sts',
    protocol: queryProtocol(STS_XMLNS),
    queryVersion: '2011-06-15',
    resourceFor: (operation, input) =>
      operation === 'AssumeRole' ? ((input as Record<string, string>)['RoleArn'] ?? '*') : '*',
    handle(operation: string, input: unknown, ctx: CallContext): unknown {
      if (operation === 'GetCallerIdentity') {
        return { UserId: 'AIDAFAKEUSERID000TEST', Account: ctx.accountId, Arn: callerArn(ctx.accountId) };
      }
      if (operation === 'AssumeRole' && iam) {
        return assumeRole(iam, sts, clock, input as Record<string, string>, ctx);
      }
      throw new AwsError('InvalidAction', `Could not find operation ${operation} for version 2011-06-15`);
    },
  };
}
