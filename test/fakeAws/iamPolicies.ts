/**
 * Identity-policy evaluation for the fake IAM's SimulatePrincipalPolicy (and the fake ECS, which
 * asks whether an execution role may create its log group). Built from IAM's documented logic
 * ("Policy evaluation logic", single account, identity-based policies only): an explicit Deny in
 * any statement wins, else an Allow gives `allowed`, else `implicitDeny`. Actions match
 * case-insensitively with `*` and `?` wildcards; resources case-sensitively with the same.
 * NotAction/NotResource and Condition are supported in their simple form (Condition: a statement
 * with one is treated as not matching, as the simulator does without context entries).
 *
 * The AWS managed policies' documents are the published ones (docs/aws-facts.md), reduced to the
 * statements that matter here where the real document is long (AmazonECS_FullAccess, ReadOnlyAccess).
 */

export type EvalDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: unknown;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: Statement | readonly Statement[];
}

const statement = (Action: string[], Resource: string | string[] = '*'): Statement => ({
  Effect: 'Allow',
  Action,
  Resource,
});

/** Published documents of the managed policies the fake knows (KNOWN_MANAGED_POLICIES). */
export const MANAGED_POLICY_DOCUMENTS: Readonly<Record<string, PolicyDocument>> = {
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy': {
    Version: '2012-10-17',
    Statement: [
      statement([
        'ecr:GetAuthorizationToken',
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]),
    ],
  },
  'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess': {
    Version: '2012-10-17',
    Statement: [statement(['logs:*', 'cloudwatch:GenerateQuery'])],
  },
  'arn:aws:iam::aws:policy/AmazonECS_FullAccess': {
    Version: '2012-10-17',
    Statement: [statement(['ecs:*', 'elasticloadbalancing:*', 'application-autoscaling:*'])],
  },
  'arn:aws:iam::aws:policy/ReadOnlyAccess': {
    Version: '2012-10-17',
    Statement: [statement(['logs:Describe*', 'logs:Get*', 'logs:List*', 'ecs:Describe*', 'ecs:List*'])],
  },
};

function list(value: string | readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '').test(value);
}

function matches(
  positive: readonly string[] | undefined,
  negative: readonly string[] | undefined,
  value: string,
  caseInsensitive: boolean,
): boolean {
  if (positive) return positive.some((p) => wildcard(p, value, caseInsensitive));
  if (negative) return !negative.some((p) => wildcard(p, value, caseInsensitive));
  return false;
}

function statements(document: PolicyDocument): readonly Statement[] {
  const s = document.Statement;
  return Array.isArray(s) ? (s as readonly Statement[]) : [s as Statement];
}

function applies(s: Statement, action: string, resource: string): boolean {
  if (s.Condition !== undefined) return false;
  return (
    matches(list(s.Action), list(s.NotAction), action, true) &&
    matches(list(s.Resource), list(s.NotResource), resource, false)
  );
}

export interface NamedPolicy {
  /** The policy's id in MatchedStatements: the managed policy's name, or the inline policy's. */
  readonly id: string;
  /** PolicySourceType: `aws-managed` for an AWS managed policy, `role` for a role's inline policy. */
  readonly type: 'aws-managed' | 'role';
  readonly document: PolicyDocument;
}

export interface Evaluation {
  readonly decision: EvalDecision;
  readonly matched: ReadonlyArray<{ readonly id: string; readonly type: string }>;
}

/** How a principal's identity policies decide `action` on `resource`. */
export function evaluate(policies: readonly NamedPolicy[], action: string, resource: string): Evaluation {
  const allows: NamedPolicy[] = [];
  for (const policy of policies) {
    for (const s of statements(policy.document)) {
      if (!applies(s, action, resource)) continue;
      if (s.Effect === 'Deny') {
        // The deny statement is the only one reported (the API reference's MatchedStatements).
        return { decision: 'explicitDeny', matched: [{ id: policy.id, type: policy.type }] };
      }
      if (s.Effect === 'Allow') allows.push(policy);
    }
  }
  if (allows.length > 0)
    return { decision: 'allowed', matched: allows.map((p) => ({ id: p.id, type: p.type })) };
  return { decision: 'implicitDeny', matched: [] };
}
