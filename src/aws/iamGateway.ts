/**
 * IAM for ECS: find the task execution role, and create it (only after the user confirmed, which
 * is the caller's job: the constants below are what the confirmation shows). Editor-free.
 *
 * IAM is a global service; the client factory's region only picks the partition's endpoint.
 * GetRole answers NoSuchEntity (404) for a missing role: that is `undefined` here, not an error.
 */
import type { IAMClient, Role } from '@aws-sdk/client-iam';
import { AwsError, describeAwsError } from './awsErrors';
import { sdk } from './sdkModules';

/** The name the ECS console and the AWS docs use for the task execution role. */
export const EXECUTION_ROLE_NAME = 'ecsTaskExecutionRole';

/** Lets ECS (the Fargate agent) assume the role for a task. */
export const EXECUTION_ROLE_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
} as const;

/** The AWS managed policy for the execution role: pull from ECR and write awslogs. */
export const EXECUTION_ROLE_POLICY_ARN =
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

/** What that managed policy allows (on `*`), for the confirmation the user reads before creating. */
export const EXECUTION_ROLE_POLICY_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
];

/** The name of the inline policy that lets an execution role create its awslogs groups. */
export const CREATE_LOG_GROUP_POLICY_NAME = 'ecs-fargate-create-log-groups';

/**
 * The ARN IAM evaluates logs:CreateLogGroup against (the log-group resource type); `partition` and
 * `account` come from the role's ARN. docs/aws-facts.md ("IAM policy simulation").
 */
export function logGroupArn(partition: string, region: string, account: string, group: string): string {
  return `arn:${partition}:logs:${region}:${account}:log-group:${group}`;
}

/**
 * The inline policy that allows logs:CreateLogGroup on exactly these groups (both ARN forms: the
 * group, and `group:*` which CloudWatch Logs' own examples use). What the user sees before it is added.
 */
export function createLogGroupPolicy(groupArns: readonly string[]): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CreateAwslogsGroups',
        Effect: 'Allow',
        Action: 'logs:CreateLogGroup',
        Resource: groupArns.flatMap((arn) => [arn, `${arn}:*`]),
      },
    ],
  };
}

/**
 * A policy document as JSON that reads without indentation: one statement per line. A modal's
 * detail keeps line breaks but collapses leading spaces (VS Code's dialog sets `innerText`), which
 * flattened `JSON.stringify(doc, null, 2)` into an unreadable column. Still valid JSON to copy.
 */
export function compactPolicyJson(document: { readonly Statement?: unknown }): string {
  const { Statement, ...rest } = document as { Statement?: unknown } & Record<string, unknown>;
  const head = Object.entries(rest)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(', ');
  const statements = Array.isArray(Statement) ? (Statement as unknown[]) : [Statement];
  const lines = statements.map((st, i) => `  ${JSON.stringify(st)}${i < statements.length - 1 ? ',' : ''}`);
  return [`{${head ? `${head}, ` : ''}"Statement": [`, ...lines, ']}'].join('\n');
}

/** SimulatePrincipalPolicy's EvalDecision. */
export type EvalDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export const EXECUTION_ROLE_DESCRIPTION =
  'Lets Amazon ECS pull container images and write logs for tasks (created by the ECS & Fargate extension).';

export interface IamRole {
  readonly name: string;
  readonly arn: string;
  /** The trust policy, decoded (IAM returns it URL-encoded); undefined when it is not readable JSON. */
  readonly trustPolicy?: unknown;
  readonly createDate?: Date;
}

export interface IamGateway {
  /** The role, or undefined when it does not exist. Other errors (access denied…) are thrown. */
  getRole(name: string, signal?: AbortSignal): Promise<IamRole | undefined>;
  /**
   * Creates the role with the ECS tasks trust policy and attaches AmazonECSTaskExecutionRolePolicy.
   * An existing role is an AwsError saying so (kind `invalidInput`, the name last), never reused
   * silently. When the role was created but the policy could not be attached, the error says that.
   */
  createExecutionRole(name?: string, signal?: AbortSignal): Promise<IamRole>;
  /** Attaches AmazonECSTaskExecutionRolePolicy to an existing role (attaching twice is a no-op in IAM). */
  attachExecutionRolePolicy(name: string, signal?: AbortSignal): Promise<void>;
  /** ARNs of the managed policies attached to a role (every page). */
  attachedPolicyArns(name: string, signal?: AbortSignal): Promise<string[]>;
  /**
   * IAM SimulatePrincipalPolicy: how the role's own policies decide `action` on each resource; the
   * least permissive decision (any deny wins). Its errors (AccessDenied: the caller may not
   * simulate; NoSuchEntity) are thrown.
   */
  simulatePrincipalPolicy(
    principalArn: string,
    action: string,
    resourceArns: readonly string[],
    signal?: AbortSignal,
  ): Promise<EvalDecision>;
  /** PutRolePolicy: adds (or replaces) the role's inline policy of that name. */
  putRolePolicy(roleName: string, policyName: string, document: object, signal?: AbortSignal): Promise<void>;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The SDK names IAM's NoSuchEntity error `NoSuchEntityException` (the wire code is `NoSuchEntity`). */
export function isNoSuchEntity(error: unknown): boolean {
  const name = errorName(error);
  return name === 'NoSuchEntityException' || name === 'NoSuchEntity';
}

export function isEntityAlreadyExists(error: unknown): boolean {
  const name = errorName(error);
  return name === 'EntityAlreadyExistsException' || name === 'EntityAlreadyExists';
}

/** IAM returns policy documents URL-encoded (RFC 3986); plain JSON is accepted too. */
export function decodePolicyDocument(document: string | undefined): unknown {
  if (document === undefined) return undefined;
  for (const candidate of [document, safeDecode(document)]) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Whether a trust policy lets ECS tasks assume the role (as ecspresso's verifier checks it). */
export function trustsEcsTasks(trustPolicy: unknown): boolean {
  const statements = (trustPolicy as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? (statements as unknown[]) : [statements];
  const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v]);
  return list.some((s) => {
    const st = s as { Effect?: unknown; Principal?: { Service?: unknown }; Action?: unknown } | undefined;
    return (
      st?.Effect === 'Allow' &&
      asArray(st.Principal?.Service).includes('ecs-tasks.amazonaws.com') &&
      asArray(st.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')
    );
  });
}

function toRole(role: Role | undefined, fallbackName: string): IamRole {
  if (!role?.Arn) throw new Error(`IAM returned no ARN for the role: ${fallbackName}`);
  const trustPolicy = decodePolicyDocument(role.AssumeRolePolicyDocument);
  return {
    name: role.RoleName ?? fallbackName,
    arn: role.Arn,
    ...(trustPolicy !== undefined ? { trustPolicy } : {}),
    ...(role.CreateDate ? { createDate: role.CreateDate } : {}),
  };
}

export function createIamGateway(client: IAMClient): IamGateway {
  // The IAM package loads on the first call, not when the gateway is built (see sdkModules.ts).
  const iam = sdk.iam;
  const attach = async (name: string, signal?: AbortSignal): Promise<void> => {
    await client.send(
      new (iam().AttachRolePolicyCommand)({ RoleName: name, PolicyArn: EXECUTION_ROLE_POLICY_ARN }),
      {
        abortSignal: signal,
      },
    );
  };

  return {
    async getRole(name, signal) {
      try {
        const out = await client.send(new (iam().GetRoleCommand)({ RoleName: name }), {
          abortSignal: signal,
        });
        return toRole(out.Role, name);
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined;
        throw error;
      }
    },

    async createExecutionRole(name = EXECUTION_ROLE_NAME, signal) {
      let created: IamRole;
      try {
        const out = await client.send(
          new (iam().CreateRoleCommand)({
            RoleName: name,
            AssumeRolePolicyDocument: JSON.stringify(EXECUTION_ROLE_TRUST_POLICY),
            Description: EXECUTION_ROLE_DESCRIPTION,
          }),
          { abortSignal: signal },
        );
        created = toRole(out.Role, name);
      } catch (error) {
        if (!isEntityAlreadyExists(error)) throw error;
        throw new AwsError(
          {
            kind: 'invalidInput',
            message: `Creating the execution role failed — a role with this name already exists in the account. Use the existing role, or choose another name: ${name}`,
            ...detailOf(error),
          },
          { cause: error },
        );
      }
      try {
        await attach(name, signal);
      } catch (error) {
        const problem = describeAwsError(error, {
          step: `Attaching AmazonECSTaskExecutionRolePolicy to the new role ${name}`,
        });
        throw new AwsError(
          {
            ...problem,
            message: `${problem.message} The role was created without the policy: attach it in the IAM console, or run "ECS: Create Execution Role" again to attach it: ${created.arn}`,
          },
          { cause: error },
        );
      }
      return created;
    },

    attachExecutionRolePolicy: attach,

    async simulatePrincipalPolicy(principalArn, action, resourceArns, signal) {
      const decisions: string[] = [];
      let marker: string | undefined;
      do {
        const out = await client.send(
          new (iam().SimulatePrincipalPolicyCommand)({
            PolicySourceArn: principalArn,
            ActionNames: [action],
            ResourceArns: [...resourceArns],
            ...(marker ? { Marker: marker } : {}),
          }),
          { abortSignal: signal },
        );
        for (const result of out.EvaluationResults ?? [])
          decisions.push(result.EvalDecision ?? 'implicitDeny');
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
      if (decisions.includes('explicitDeny')) return 'explicitDeny';
      if (decisions.length === 0 || decisions.some((d) => d !== 'allowed')) return 'implicitDeny';
      return 'allowed';
    },

    async putRolePolicy(roleName, policyName, document, signal) {
      await client.send(
        new (iam().PutRolePolicyCommand)({
          RoleName: roleName,
          PolicyName: policyName,
          PolicyDocument: JSON.stringify(document),
        }),
        { abortSignal: signal },
      );
    },

    async attachedPolicyArns(name, signal) {
      const arns: string[] = [];
      let marker: string | undefined;
      do {
        const out = await client.send(
          new (iam().ListAttachedRolePoliciesCommand)({
            RoleName: name,
            ...(marker ? { Marker: marker } : {}),
          }),
          { abortSignal: signal },
        );
        for (const p of out.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
        marker = out.IsTruncated ? out.Marker : undefined;
      } while (marker);
      return arns;
    },
  };
}

function detailOf(error: unknown): { detail?: string } {
  const detail = describeAwsError(error).detail;
  return detail ? { detail } : {};
}

/**
 * The ARN of a role, looked up once per gateway (that is, per connection: services.ts builds one
 * IAM gateway per connection). A missing role is remembered; a failed lookup (no credentials,
 * access denied, offline) is not, so a later call tries again.
 */
export class RoleArnCache {
  private readonly byGateway = new WeakMap<IamGateway, Map<string, Promise<string | undefined>>>();

  lookup(gateway: IamGateway, name: string = EXECUTION_ROLE_NAME): Promise<string | undefined> {
    const cache = this.cacheOf(gateway);
    const cached = cache.get(name);
    if (cached) return cached;
    const pending = gateway.getRole(name).then((role) => role?.arn);
    cache.set(name, pending);
    void pending.catch(() => {
      if (cache.get(name) === pending) cache.delete(name);
    });
    return pending;
  }

  /** Records a role just created (or found) so the next lookup needs no call. */
  remember(gateway: IamGateway, name: string, arn: string | undefined): void {
    this.cacheOf(gateway).set(name, Promise.resolve(arn));
  }

  private cacheOf(gateway: IamGateway): Map<string, Promise<string | undefined>> {
    let cache = this.byGateway.get(gateway);
    if (!cache) {
      cache = new Map();
      this.byGateway.set(gateway, cache);
    }
    return cache;
  }
}
