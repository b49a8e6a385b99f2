/**
 * What stops a task-definition file from being registered, shared by "Register Task Definition",
 * Run Task on a file and Deploy, so all three refuse the same files with the same messages.
 * Editor-free.
 */
import { compareProblems, validateTaskDefinition } from './validateTaskDefinition';
import type { Problem } from './problems';
import { ACCOUNT_ID_PLACEHOLDER } from './rules/executionRole';

export const PLACEHOLDER_RULE_ID = 'placeholder';

/** Told, for the log, when the schema cannot be loaded (a build without it): the rules are still checked. */
export type SchemaUnavailable = (message: string) => void;

/**
 * All problems of the file: the Fargate rules, and the schema when it is available (ECS rejects
 * what the schema rejects, so checking it here saves a round trip, or a whole build for Deploy).
 */
export function taskDefinitionProblems(text: string, onSchemaUnavailable?: SchemaUnavailable): Problem[] {
  try {
    return validateTaskDefinition(text, { schema: true });
  } catch (error) {
    onSchemaUnavailable?.(
      `The task definition schema is not available; checking the Fargate rules only: ${String(error)}`,
    );
    return validateTaskDefinition(text);
  }
}

/** The account-id placeholders that the scaffold and the quick fixes write when the account is unknown. */
export function placeholderProblems(text: string): Problem[] {
  const out: Problem[] = [];
  for (
    let i = text.indexOf(ACCOUNT_ID_PLACEHOLDER);
    i >= 0;
    i = text.indexOf(ACCOUNT_ID_PLACEHOLDER, i + 1)
  ) {
    out.push({
      ruleId: PLACEHOLDER_RULE_ID,
      severity: 'error',
      message: `Replace the placeholder ${ACCOUNT_ID_PLACEHOLDER} with your 12-digit AWS account id.`,
      offset: i,
      length: ACCOUNT_ID_PLACEHOLDER.length,
    });
  }
  return out;
}

/** The error-severity problems of a file about to be registered as it is, placeholders included, by offset. */
export function blockingProblems(text: string, onSchemaUnavailable?: SchemaUnavailable): Problem[] {
  return [
    ...taskDefinitionProblems(text, onSchemaUnavailable).filter((p) => p.severity === 'error'),
    ...placeholderProblems(text),
  ].sort(compareProblems);
}
