/**
 * `secrets[].valueFrom` (and `logConfiguration.secretOptions`): a Secrets Manager secret ARN, with
 * the optional `:json-key:version-stage:version-id` suffix written with all its colons, an SSM
 * parameter ARN, or the bare name of an SSM parameter in the same Region.
 */
import type { Node } from 'jsonc-parser';
import type { Fix, Problem } from '../problems';
import { DOCS } from './docs';
import { elements, jsonString, problem, replaceNode, stringValue, valueNode, type Rule } from './ruleContext';

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]+$/;

/** What is wrong with a valueFrom, and the corrected text when the correction is certain. */
export function checkValueFrom(valueFrom: string): { message: string; corrected?: string } | undefined {
  if (!valueFrom.startsWith('arn:')) {
    if (PARAMETER_NAME.test(valueFrom) && valueFrom.length <= 2048) return undefined;
    return {
      message: `"${valueFrom}" is neither an ARN nor an SSM parameter name: use arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME, arn:aws:ssm:REGION:ACCOUNT:parameter/NAME, or the name of a parameter in the task's Region (letters, digits, _ . - /).`,
    };
  }
  const parts = valueFrom.split(':');
  const [, partition, service, region = '', account = ''] = parts;
  if (!partition?.startsWith('aws') || (service !== 'secretsmanager' && service !== 'ssm')) {
    return {
      message: `valueFrom must be a Secrets Manager or SSM Parameter Store ARN, not a "${service ?? ''}" ARN.`,
    };
  }
  if (!REGION.test(region) || !ACCOUNT.test(account)) {
    return {
      message: `The ARN needs a Region and a 12-digit account id: arn:${partition}:${service}:us-east-1:123456789012:…`,
    };
  }
  if (service === 'ssm') {
    const resource = parts.slice(5).join(':');
    if (parts.length !== 6 || !resource.startsWith('parameter/') || resource.length === 'parameter/'.length) {
      return {
        message:
          'An SSM parameter ARN ends in parameter/NAME, e.g. arn:aws:ssm:us-east-1:123456789012:parameter/prod/db-password.',
      };
    }
    if (resource.startsWith('parameter//')) {
      return {
        message:
          'A parameter path keeps one slash in the ARN: write parameter/prod/db, not parameter//prod/db.',
        corrected: [...parts.slice(0, 5), resource.replace('parameter//', 'parameter/')].join(':'),
      };
    }
    return undefined;
  }
  if (parts[5] !== 'secret' || !parts[6]) {
    return {
      message:
        'A Secrets Manager ARN looks like arn:aws:secretsmanager:us-east-1:123456789012:secret:NAME-AbCdEf.',
    };
  }
  if (parts.length === 8 || parts.length === 9) {
    const corrected = valueFrom + ':'.repeat(10 - parts.length);
    return {
      message: `Write the part after the secret name as :json-key:version-stage:version-id, keeping empty parts: "${corrected}".`,
      corrected,
    };
  }
  if (parts.length > 10) {
    return { message: 'After the secret name only :json-key:version-stage:version-id may follow.' };
  }
  if (parts.length === 10 && parts[8] && parts[9]) {
    return {
      message: 'Give a version stage or a version id, not both: leave one of the last two parts empty.',
    };
  }
  return undefined;
}

export const secretValueFrom: Rule = {
  id: 'secret-value-from',
  severity: 'error',
  docsUrl: DOCS.secrets,
  description: 'secrets valueFrom must be a Secrets Manager ARN, an SSM parameter ARN or a parameter name.',
  check(ctx) {
    const out: Problem[] = [];
    const checkList = (list: Node | undefined) => {
      for (const secret of elements(list)) {
        const node = valueNode(secret, 'valueFrom');
        const valueFrom = stringValue(node);
        if (!node || valueFrom === undefined) continue;
        const issue = checkValueFrom(valueFrom);
        if (!issue) continue;
        const fixes: Fix[] | undefined =
          issue.corrected !== undefined
            ? [
                {
                  title: `Change to ${issue.corrected}`,
                  edits: [replaceNode(node, jsonString(issue.corrected))],
                  isPreferred: true,
                },
              ]
            : undefined;
        out.push(problem(this, node, issue.message, fixes));
      }
    };
    for (const c of ctx.containers) {
      checkList(valueNode(c.node, 'secrets'));
      checkList(valueNode(valueNode(c.node, 'logConfiguration'), 'secretOptions'));
    }
    return out;
  },
};

export const secretRules: readonly Rule[] = [secretValueFrom];
