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
  isSet,
  jsonString,
  listOf,
  problem,
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
  readonly why: string;
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
    const add = (node: Node | undefined, why: string) => {
      if (node) reasons.push({ at: node, why });
    };
    for (const c of ctx.containers) {
      const image = valueNode(c.node, 'image');
      // On EC2 the container instance role can pull images and write logs; on Fargate only the execution role.
      if (ctx.fargate && isPrivateEcrImage(stringValue(image) ?? ''))
        add(image, `${c.label} pulls a private ECR image`);
      const log = valueNode(c.node, 'logConfiguration');
      const driver = valueNode(log, 'logDriver');
      if (ctx.fargate && stringValue(driver) === 'awslogs')
        add(driver, `${c.label} uses the awslogs log driver`);
      const secrets = valueNode(c.node, 'secrets');
      if (isSet(secrets)) add(secrets, `${c.label} has secrets`);
      const secretOptions = valueNode(log, 'secretOptions');
      if (isSet(secretOptions)) add(secretOptions, `${c.label} has log secretOptions`);
      const files = valueNode(c.node, 'environmentFiles');
      if (isSet(files)) add(files, `${c.label} loads environmentFiles from S3`);
      const creds = valueNode(c.node, 'repositoryCredentials');
      if (creds?.type === 'object') add(creds, `${c.label} uses repositoryCredentials`);
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
        `Add "executionRoleArn" (e.g. ${EXECUTION_ROLE_PLACEHOLDER_ARN}, with AmazonECSTaskExecutionRolePolicy): ${listOf(reasons.map((r) => r.why))}.`,
        [{ title: 'Add executionRoleArn (ecsTaskExecutionRole)', edits: [fixEdit], isPreferred: true }],
      ),
    ];
  },
};

export const executionRoleRules: readonly Rule[] = [executionRoleRequired];
