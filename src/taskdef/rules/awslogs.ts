/**
 * The awslogs log driver: which options it needs (on Fargate the stream prefix too, since the
 * stream name is `prefix/container/task-id`), a valid log group name, and the IAM caveat of
 * `awslogs-create-group`.
 */
import type { Node } from 'jsonc-parser';
import type { Problem } from '../problems';
import { DOCS } from './docs';
import {
  insertProperty,
  keyNode,
  problem,
  property,
  stringValue,
  valueNode,
  type ContainerRef,
  type Rule,
  type RuleContext,
} from './ruleContext';

interface AwslogsConfig {
  readonly container: ContainerRef;
  readonly logConfiguration: Node;
  readonly driver: Node;
  /** The `options` object, when there is one. */
  readonly options: Node | undefined;
}

function awslogsConfigs(ctx: RuleContext): AwslogsConfig[] {
  const out: AwslogsConfig[] = [];
  for (const container of ctx.containers) {
    const logConfiguration = valueNode(container.node, 'logConfiguration');
    const driver = valueNode(logConfiguration, 'logDriver');
    if (!logConfiguration || !driver || stringValue(driver) !== 'awslogs') continue;
    const options = valueNode(logConfiguration, 'options');
    out.push({
      container,
      logConfiguration,
      driver,
      options: options?.type === 'object' ? options : undefined,
    });
  }
  return out;
}

/** The `"options"` key when present (the missing option belongs there), else the driver name. */
function anchor(cfg: AwslogsConfig): Node {
  const optionsProp = property(cfg.logConfiguration, 'options');
  return optionsProp ? keyNode(optionsProp) : cfg.driver;
}

function requiredOption(id: string, option: string, fargateOnly: boolean, explain: string): Rule {
  return {
    id,
    severity: 'error',
    docsUrl: DOCS.awslogs,
    description: `The awslogs driver needs the "${option}" option${fargateOnly ? ' on Fargate' : ''}.`,
    check(ctx) {
      if (fargateOnly && !ctx.fargate) return [];
      const out: Problem[] = [];
      for (const cfg of awslogsConfigs(ctx)) {
        if (cfg.options && stringValue(valueNode(cfg.options, option))) continue;
        out.push(
          problem(
            this,
            anchor(cfg),
            `${cfg.container.label}: add the awslogs option "${option}": ${explain}.`,
          ),
        );
      }
      return out;
    },
  };
}

export const awslogsGroupRequired = requiredOption(
  'awslogs-group-required',
  'awslogs-group',
  false,
  'the CloudWatch Logs group to write to, e.g. "/ecs/my-app"',
);

export const awslogsRegionRequired = requiredOption(
  'awslogs-region-required',
  'awslogs-region',
  false,
  'the Region of the log group, e.g. "us-east-1"',
);

export const awslogsStreamPrefixRequired: Rule = {
  id: 'awslogs-stream-prefix-required',
  severity: 'error',
  docsUrl: DOCS.awslogs,
  description: 'On Fargate the awslogs driver needs "awslogs-stream-prefix".',
  check(ctx) {
    if (!ctx.fargate) return [];
    const out: Problem[] = [];
    for (const cfg of awslogsConfigs(ctx)) {
      if (cfg.options && stringValue(valueNode(cfg.options, 'awslogs-stream-prefix'))) continue;
      const existing = cfg.options ? valueNode(cfg.options, 'awslogs-stream-prefix') : undefined;
      const edit = existing
        ? { offset: existing.offset, length: existing.length, newText: '"ecs"' }
        : cfg.options
          ? insertProperty(ctx.text, cfg.options, 'awslogs-stream-prefix', '"ecs"')
          : insertProperty(ctx.text, cfg.logConfiguration, 'options', '{ "awslogs-stream-prefix": "ecs" }');
      out.push(
        problem(
          this,
          anchor(cfg),
          `${cfg.container.label}: Fargate needs the awslogs option "awslogs-stream-prefix" (streams are named prefix/container-name/task-id), e.g. "ecs".`,
          [{ title: 'Add "awslogs-stream-prefix": "ecs"', edits: [edit], isPreferred: true }],
        ),
      );
    }
    return out;
  },
};

/** CloudWatch Logs: 1–512 of letters, digits, `_ - / . #`. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

export const awslogsGroupName: Rule = {
  id: 'awslogs-group-name',
  severity: 'error',
  docsUrl: DOCS.awslogs,
  description: 'awslogs-group must be a valid CloudWatch Logs group name.',
  check(ctx) {
    const out: Problem[] = [];
    for (const cfg of awslogsConfigs(ctx)) {
      const node = valueNode(cfg.options, 'awslogs-group');
      const name = stringValue(node);
      if (!node || !name || LOG_GROUP_NAME.test(name)) continue;
      out.push(
        problem(
          this,
          node,
          `"${name}" is not a CloudWatch Logs group name: use 1–512 letters, digits and _ - / . # (e.g. "/ecs/my-app").`,
        ),
      );
    }
    return out;
  },
};

// A hint, not a warning: the tutorials write this option, and whether the role allows
// logs:CreateLogGroup cannot be known from the file (Deploy's preflight asks IAM's policy
// simulator). The extension's own way is to create the group before registering (docs/aws-facts.md).
export const awslogsCreateGroup: Rule = {
  id: 'awslogs-create-group',
  severity: 'info',
  docsUrl: DOCS.awslogs,
  description: 'awslogs-create-group needs logs:CreateLogGroup on the execution role.',
  check(ctx) {
    const out: Problem[] = [];
    for (const cfg of awslogsConfigs(ctx)) {
      const node = valueNode(cfg.options, 'awslogs-create-group');
      if (!node || stringValue(node) !== 'true') continue;
      out.push(
        problem(
          this,
          node,
          `"awslogs-create-group" needs "logs:CreateLogGroup" on the task execution role (AmazonECSTaskExecutionRolePolicy does not include it). Remove the option (Register, Run Task and Deploy then create the group, with the retention of ecsFargate.logs.newGroupRetentionDays), or give the role that permission.`,
        ),
      );
    }
    return out;
  },
};

export const awslogsMultiline: Rule = {
  id: 'awslogs-multiline',
  severity: 'warning',
  docsUrl: DOCS.awslogs,
  description: 'awslogs-datetime-format and awslogs-multiline-pattern exclude each other.',
  check(ctx) {
    const out: Problem[] = [];
    for (const cfg of awslogsConfigs(ctx)) {
      const pattern = property(cfg.options, 'awslogs-multiline-pattern');
      if (!pattern || !property(cfg.options, 'awslogs-datetime-format')) continue;
      out.push(
        problem(
          this,
          keyNode(pattern),
          '"awslogs-multiline-pattern" is ignored when "awslogs-datetime-format" is set: keep only one of them.',
        ),
      );
    }
    return out;
  },
};

export const awslogsRules: readonly Rule[] = [
  awslogsGroupRequired,
  awslogsRegionRequired,
  awslogsStreamPrefixRequired,
  awslogsGroupName,
  awslogsCreateGroup,
  awslogsMultiline,
];
