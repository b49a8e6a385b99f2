/**
 * IAM (query protocol, version 2010-05-08): the roles the extension looks up and creates for ECS
 * (GetRole, CreateRole, AttachRolePolicy, ListAttachedRolePolicies), with IAM's real error shapes:
 * NoSuchEntity (404), EntityAlreadyExists (409), MalformedPolicyDocument / ValidationError /
 * InvalidInput (400). Like real IAM, a role's AssumeRolePolicyDocument comes back URL-encoded.
 */
import { systemClock, type Clock } from './clock';
import { AwsError } from './errors';
import { queryProtocol } from './protocols/query';
import type { CallContext, ServiceModule } from './services';

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** AWS managed policies the fake knows (AttachRolePolicy fails for any other `aws` policy ARN). */
export const KNOWN_MANAGED_POLICIES: readonly string[] = [
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  'arn:aws:iam::aws:policy/AmazonECS_FullAccess',
  'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
];

export interface RoleRecord {
  readonly roleName: string;
  readonly roleId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  /** The trust policy as it was sent (JSON text). */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  /** Attached managed policy ARNs, in attach order. */
  readonly attachedPolicies: string[];
}

export interface CreateRoleOptions {
  /** The trust policy (an object is serialised); defaults to one trusting ecs-tasks.amazonaws.com. */
  trustPolicy?: string | object;
  path?: string;
  description?: string;
  policies?: readonly string[];
  tags?: ReadonlyArray<{ Key: string; Value: string }>;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;

const DEFAULT_TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

function noSuchRole(name: string): AwsError {
  return new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
}

function validation(value: string, member: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** The roles of the fake account. Created by tests directly or through CreateRole. */
export class FakeIam {
  readonly roles = new Map<string, RoleRecord>();
  private counter = 0;

  constructor(
    private readonly accountId: string,
    private readonly clock: Clock = systemClock,
  ) {}

  reset(): void {
    this.roles.clear();
    this.counter = 0;
  }

  /** Adds a role as if CreateRole (and AttachRolePolicy for `policies`) had run. */
  createRole(name: string, options: CreateRoleOptions = {}): RoleRecord {
    if (!ROLE_NAME.test(name))
      throw validation(name, 'roleName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
    if (this.roles.has(name)) {
      throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
    }
    const path = options.path ?? '/';
    if (!/^\/(?:[\x21-\x7e]*\/)?$/.test(path)) {
      throw validation(
        path,
        'path',
        'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
      );
    }
    const trust = options.trustPolicy ?? DEFAULT_TRUST;
    const document = typeof trust === 'string' ? trust : JSON.stringify(trust);
    checkPolicyDocument(document);
    this.counter++;
    const role: RoleRecord = {
      roleName: name,
      roleId: `AROA${String(this.counter).padStart(17, '0')}`,
      arn: `arn:aws:iam::${this.accountId}:role${path}${name}`,
      path,
      createDate: new Date(this.clock.now()),
      assumeRolePolicyDocument: document,
      ...(options.description !== undefined ? { description: options.description } : {}),
      maxSessionDuration: 3600,
      tags: [...(options.tags ?? [])],
      attachedPolicies: [],
    };
    this.roles.set(name, role);
    for (const arn of options.policies ?? []) this.attachRolePolicy(name, arn);
    return role;
  }

  attachRolePolicy(roleName: string, policyArn: string): void {
    const role = this.requireRole(roleName);
    const match = POLICY_ARN.exec(policyArn);
    if (!match) throw new AwsError('InvalidInput', `ARN ${policyArn} is not valid.`);
    // Customer managed policies of this account are not modelled: only the known AWS ones attach.
    if (!KNOWN_MANAGED_POLICIES.includes(policyArn)) {
      throw new AwsError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`, 404);
    }
    if (!role.attachedPolicies.includes(policyArn)) role.attachedPolicies.push(policyArn);
  }

  requireRole(name: string): RoleRecord {
    const role = this.roles.get(name);
    if (!role) throw noSuchRole(name);
    return role;
  }
}

function checkPolicyDocument(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  if (typeof parsed !== 'object' || parsed === null || statement === undefined) {
    throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
}

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` → `[{Key: 'a', Value: 'b'}]`. */
function memberList(form: Record<string, string>, name: string): Array<Record<string, string>> {
  const items: Array<Record<string, string>> = [];
  const prefix = `${name}.member.`;
  for (const [key, value] of Object.entries(form)) {
    if (!key.startsWith(prefix)) continue;
    const [index, field] = key.slice(prefix.length).split('.');
    const i = Number(index) - 1;
    if (!Number.isInteger(i) || i < 0 || !field) continue;
    (items[i] ??= {})[field] = value;
  }
  return items.filter(Boolean);
}

function required(form: Record<string, string>, member: string): string {
  const value = form[member];
  if (value === undefined || value === '') {
    const camel = member.charAt(0).toLowerCase() + member.slice(1);
    throw validation('null', camel, 'Member must not be null');
  }
  return value;
}

/** IAM quotes the document back URL-encoded (RFC 3986), as the real service does. */
function renderRole(role: RoleRecord): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: role.tags.length > 0 ? role.tags : undefined,
  };
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function iamModule(iam: FakeIam): ServiceModule {
  const handlers: Record<string, (form: Record<string, string>) => unknown> = {
    GetRole: (form) => ({ Role: renderRole(iam.requireRole(required(form, 'RoleName'))) }),
    CreateRole: (form) => {
      const tags = memberList(form, 'Tags').map((t) => ({ Key: t['Key'] ?? '', Value: t['Value'] ?? '' }));
      const role = iam.createRole(required(form, 'RoleName'), {
        trustPolicy: required(form, 'AssumeRolePolicyDocument'),
        ...(form['Path'] !== undefined ? { path: form['Path'] } : {}),
        ...(form['Description'] !== undefined ? { description: form['Description'] } : {}),
        tags,
      });
      return { Role: renderRole(role) };
    },
    AttachRolePolicy: (form) => {
      iam.attachRolePolicy(required(form, 'RoleName'), required(form, 'PolicyArn'));
      return {};
    },
    ListAttachedRolePolicies: (form) => {
      const role = iam.requireRole(required(form, 'RoleName'));
      const max = form['MaxItems'] === undefined ? 100 : Number(form['MaxItems']);
      if (!Number.isInteger(max) || max < 1 || max > 1000) {
        throw validation(String(form['MaxItems']), 'maxItems', 'Member must have value between 1 and 1000');
      }
      const start = form['Marker'] === undefined ? 0 : Number(form['Marker']);
      if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidInput', 'Invalid Marker.');
      const page = role.attachedPolicies.slice(start, start + max);
      const truncated = start + max < role.attachedPolicies.length;
      return {
        AttachedPolicies: page.map((arn) => ({ PolicyName: policyName(arn), PolicyArn: arn })),
        IsTruncated: truncated,
        Marker: truncated ? String(start + max) : undefined,
      };
    },
  };
  return {
    signingName: 'iam',
    protocol: queryProtocol(IAM_XMLNS),
    queryVersion: '2010-05-08',
    errors: {
      serverError: { code: 'ServiceFailure', status: 500, message: 'Service failure' },
    },
    resourceFor(_operation: string, input: unknown, ctx: CallContext): string {
      const name = (input as Record<string, string> | undefined)?.['RoleName'];
      return name ? `arn:aws:iam::${ctx.accountId}:role/${name}` : '*';
    },
    handle(operation: string, input: unknown): unknown {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler)
        throw new AwsError('InvalidAction', `Could not find operation ${operation} for version 2010-05-08`);
      return handler(input as Record<string, string>);
    },
  };
}
