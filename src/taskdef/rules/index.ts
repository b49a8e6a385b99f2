/**
 * The registry of task-definition rules, in the order they run. Problems are sorted by offset
 * afterwards, so the order only matters for problems at the same offset.
 */
import { awslogsRules } from './awslogs';
import { compatibilityRules } from './compatibilities';
import { containerRules } from './containers';
import { cpuMemoryRules } from './cpuMemory';
import { DOCS } from './docs';
import { duplicateKeyRules } from './duplicateKeys';
import { executionRoleRules } from './executionRole';
import { healthCheckRules } from './healthCheck';
import { networkRules } from './network';
import { describeOutputWrapper, outputOnlyRules } from './outputOnly';
import { platformRules } from './platform';
import { portRules } from './ports';
import { resourceRules } from './resources';
import type { Rule } from './ruleContext';
import { secretRules } from './secrets';
import { storageRules } from './storage';
import { timeoutRules } from './timeouts';
import { unsupportedRules } from './unsupported';

export const TASK_DEFINITION_RULES: readonly Rule[] = [
  ...outputOnlyRules,
  ...compatibilityRules,
  ...networkRules,
  ...cpuMemoryRules,
  ...platformRules,
  ...storageRules,
  ...containerRules,
  ...resourceRules,
  ...portRules,
  ...executionRoleRules,
  ...awslogsRules,
  ...healthCheckRules,
  ...timeoutRules,
  ...secretRules,
  ...unsupportedRules,
  ...duplicateKeyRules,
];

/**
 * Checked first, alone: a pasted describe-task-definition response is reported once and the other
 * rules do not run (see validateTaskDefinition).
 */
export const DESCRIBE_OUTPUT_RULE: Rule = describeOutputWrapper;

/** Every rule, for listings (`ecs-taskdef-lint --list-rules`) and lookups by id. */
export const ALL_RULES: readonly Rule[] = [DESCRIBE_OUTPUT_RULE, ...TASK_DEFINITION_RULES];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

/** Problems that do not come from a Rule object: the parser (the schema step uses its own `schema` id). */
export { JSON_SYNTAX_RULE_ID } from '../problems';
export const NOT_AN_OBJECT_RULE_ID = 'json-not-object';
export const JSON_SYNTAX_DOCS_URL = DOCS.registerTaskDefinition;
