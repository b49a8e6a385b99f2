/**
 * IAM (query protocol, version 2010-05-08): the roles the extension looks up and creates for ECS
 * (GetRole, CreateRole, AttachRolePolicy, ListAttachedRolePolicies), their inline policies
 * (PutRolePolicy, GetRolePolicy) and the policy simulator for a role (SimulatePrincipalPolicy,
 * evaluated in iamPolicies.ts from the attached managed and inline policies), with IAM's real error shapes:
 * NoSuchEntity (404), EntityAlreadyExists (409), MalformedPolicyDocument / ValidationError /
 * InvalidInput (400). Like real IAM, a role's AssumeRolePolicyDocument comes back URL-encoded.
 */
import { systemClock, type Clock } from './clock';
import { AwsError } from './errors';
import { evaluate, MANAGED_POLICY_DOCUMENTS, type NamedPolicy, type PolicyDocument } from './iamPolicies';
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
  /** Inline policies: name → document as sent (JSON text). */
  readonly inlinePolicies: Map<string, string>;
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
      inlinePolicies: new Map(),
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

  /** Adds or replaces an inline policy (PutRolePolicy). */
  putRolePolicy(roleName: string, policyName: string, document: string | object): void {
    const role = this.requireRole(roleName);
    if (!/^[\w+=,.@-]{1,128}$/.test(policyName)) {
      throw validation(
        policyName,
        'policyName',
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
      );
    }
    const text = typeof document === 'string' ? document : JSON.stringify(document);
    checkPolicyDocument(text);
    role.inlinePolicies.set(policyName, text);
  }

  /** The role's identity policies: attached AWS managed ones and inline ones. */
  policiesOf(role: RoleRecord): NamedPolicy[] {
    const managed = role.attachedPolicies.flatMap((arn): NamedPolicy[] => {
      const document = MANAGED_POLICY_DOCUMENTS[arn];
      return document ? [{ id: policyName(arn), type: 'aws-managed', document }] : [];
    });
    const inline = [...role.inlinePolicies].map(([name, text]): NamedPolicy => ({
      id: name,
      type: 'role',
      document: JSON.parse(text) as PolicyDocument,
    }));
    return [...managed, ...inline];
  }

  /** The role whose ARN this is, if it exists in this account. */
  roleByArn(arn: string): RoleRecord | undefined {
    return [...this.roles.values()].find((r) => r.arn === arn);
  }

  /** How the role's policies decide an action on a resource (undefined: no such role). */
  decide(roleArn: string, action: string, resource: string): ReturnType<typeof evaluate> | undefined {
    const role = this.roleByArn(roleArn);
    return role ? evaluate(this.policiesOf(role), action, resource) : undefined;
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

/** `ActionNames.member.1=a&…` → `['a', …]` (a list of strings in the query protocol). */
function stringList(form: Record<string, string>, name: string): string[] {
  const prefix = `${name}.member.`;
  return Object.entries(form)
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}

/**
 * SimulatePrincipalPolicy for a role (users and groups are not modelled): one EvaluationResult per
 * action and resource (`*` when ResourceArns is absent), with MatchedStatements and, when resources
 * were named, ResourceSpecificResults. MaxItems/Marker page the results.
 */
function simulate(iam: FakeIam, form: Record<string, string>): unknown {
  const source = required(form, 'PolicySourceArn');
  const actions = stringList(form, 'ActionNames');
  if (actions.length === 0) throw validation('null', 'actionNames', 'Member must not be null');
  const named = stringList(form, 'ResourceArns');
  const resources = named.length > 0 ? named : ['*'];
  const role = iam.roleByArn(source);
  if (!role) {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:(role|user|group)\//.test(source)) {
      throw new AwsError(
        'InvalidInput',
        `Invalid Entity Arn: ${source} does not clearly define entity type and name.`,
      );
    }
    throw new AwsError('NoSuchEntity', `The entity ${source} cannot be found.`, 404);
  }
  const policies = iam.policiesOf(role);
  const results = actions.flatMap((action) =>
    resources.map((resource) => {
      const { decision, matched } = evaluate(policies, action, resource);
      const statements = matched.map((m) => ({ SourcePolicyId: m.id, SourcePolicyType: m.type }));
      return {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision,
        MatchedStatements: statements,
        MissingContextValues: [],
        ...(named.length > 0
          ? {
              ResourceSpecificResults: [
                {
                  EvalResourceName: resource,
                  EvalResourceDecision: decision,
                  MatchedStatements: statements,
                  MissingContextValues: [],
                },
              ],
            }
          : {}),
      };
    }),
  );
  const max = form['MaxItems'] === undefined ? 100 : Number(form['MaxItems']);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw validation(String(form['MaxItems']), 'maxItems', 'Member must have value between 1 and 1000');
  }
  const start = form['Marker'] === undefined ? 0 : Number(form['Marker']);
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidInput', 'Invalid Marker.');
  const truncated = start + max < results.length;
  return {
    EvaluationResults: results.slice(start, start + max),
    IsTruncated: truncated,
    Marker: truncated ? String(start + max) : undefined,
  };
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
    PutRolePolicy: (form) => {
      iam.putRolePolicy(
        required(form, 'RoleName'),
        required(form, 'PolicyName'),
        required(form, 'PolicyDocument'),
      );
      return {};
    },
    GetRolePolicy: (form) => {
      const role = iam.requireRole(required(form, 'RoleName'));
      const name = required(form, 'PolicyName');
      const document = role.inlinePolicies.get(name);
      if (document === undefined) {
        throw new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      }
      // Like AssumeRolePolicyDocument, IAM returns the document URL-encoded.
      return { RoleName: role.roleName, PolicyName: name, PolicyDocument: encodeURIComponent(document) };
    },
    SimulatePrincipalPolicy: (form) => simulate(iam, form),
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
