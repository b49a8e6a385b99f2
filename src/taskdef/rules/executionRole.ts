/**
 * The task execution role is what the Fargate agent uses before your code runs: to pull private ECR
 * images, send awslogs, and fetch secrets, environment files and registry credentials. Without
 * `executionRoleArn` those tasks fail to register or to start.
 *
 * The quick fix inserts a placeholder ARN; the editor layer replaces `<account-id>` with the
 * caller's account (an AWS call this pure layer does not make).
 */
import type { Node } from 'jsonc-parser';
import { DOCS } from './docs';
import {
  insertProperty,
  keyNode,
  isSet,
  jsonString,
  listOf,
  problem,
  property,
  replaceNode,
  stringValue,
  valueNode,
  type Range,
  type Rule,
} from './ruleContext';

export const ACCOUNT_ID_PLACEHOLDER = '<account-id>';
export const EXECUTION_ROLE_PLACEHOLDER_ARN = `arn:aws:iam::${ACCOUNT_ID_PLACEHOLDER}:role/ecsTaskExecutionRole`;

/** `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:tag` (also FIPS and China endpoints). */
const PRIVATE_ECR_IMAGE = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\//;

export function isPrivateEcrImage(image: string): boolean {
  return PRIVATE_ECR_IMAGE.test(image);
}

interface Reason {
  readonly at: Range;
  readonly label: string;
  readonly why: string;
}

/** `container "web" pulls a private ECR image and uses the awslogs log driver; container "app" has secrets`. */
function describeReasons(reasons: readonly Reason[]): string {
  const byContainer = new Map<string, string[]>();
  for (const r of reasons) byContainer.set(r.label, [...(byContainer.get(r.label) ?? []), r.why]);
  const parts = [...byContainer].map(([label, whys]) => `${label} ${listOf(whys, whys.length)}`);
  return parts.length > 3
    ? `${parts.slice(0, 3).join('; ')}; and ${parts.length - 3} more containers`
    : parts.join('; ');
}

export const executionRoleRequired: Rule = {
  id: 'execution-role-required',
  severity: 'error',
  docsUrl: DOCS.executionRole,
  description:
    'executionRoleArn is needed for awslogs, private ECR images, secrets, environmentFiles and repositoryCredentials.',
  check(ctx) {
    const roleNode = valueNode(ctx.root, 'executionRoleArn');
    if (roleNode && stringValue(roleNode) !== '') return [];
    const reasons: Reason[] = [];
    const add = (node: Node | undefined, label: string, why: string) => {
      if (node) reasons.push({ at: node, label, why });
    };
    // Lists and objects are reported at their key: a squiggle over a whole list says less.
    const keyOf = (obj: Node | undefined, key: string, set: (n: Node | undefined) => boolean) => {
      const prop = property(obj, key);
      return prop && set(prop.children?.[1]) ? keyNode(prop) : undefined;
    };
    for (const c of ctx.containers) {
      const image = valueNode(c.node, 'image');
      // On EC2 the container instance role can pull images and write logs; on Fargate only the execution role.
      if (ctx.fargate && isPrivateEcrImage(stringValue(image) ?? ''))
        add(image, c.label, `pulls a private ECR image`);
      const log = valueNode(c.node, 'logConfiguration');
      const driver = valueNode(log, 'logDriver');
      if (ctx.fargate && stringValue(driver) === 'awslogs')
        add(driver, c.label, `uses the awslogs log driver`);
      add(keyOf(c.node, 'secrets', isSet), c.label, 'has secrets');
      add(keyOf(log, 'secretOptions', isSet), c.label, 'has log secretOptions');
      add(keyOf(c.node, 'environmentFiles', isSet), c.label, 'loads environmentFiles from S3');
      add(
        keyOf(c.node, 'repositoryCredentials', (n) => n?.type === 'object'),
        c.label,
        'uses repositoryCredentials',
      );
    }
    const first = reasons[0];
    if (!first) return [];
    const fixEdit = roleNode
      ? replaceNode(roleNode, jsonString(EXECUTION_ROLE_PLACEHOLDER_ARN))
      : insertProperty(ctx.text, ctx.root, 'executionRoleArn', jsonString(EXECUTION_ROLE_PLACEHOLDER_ARN));
    return [
      problem(
        this,
        roleNode ?? first.at,
        `Add "executionRoleArn" (e.g. ${EXECUTION_ROLE_PLACEHOLDER_ARN}, with AmazonECSTaskExecutionRolePolicy): ${describeReasons(reasons)}.`,
        [{ title: 'Add executionRoleArn (ecsTaskExecutionRole)', edits: [fixEdit], isPreferred: true }],
      ),
    ];
  },
};

export const executionRoleRules: readonly Rule[] = [executionRoleRequired];
