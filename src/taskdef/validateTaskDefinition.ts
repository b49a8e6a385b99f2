/**
 * Validates a task-definition document: parses it once with jsonc-parser (so every problem has the
 * exact offset of the text it is about), reports syntax errors, then runs the Fargate rules
 * (rules/index.ts) over the tree, and with `schema: true` the JSON schema too. Pure and fast enough
 * to run on every keystroke; the editor and the command-line linter both call it.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Problem } from './problems';
import {
  DESCRIBE_OUTPUT_RULE,
  JSON_SYNTAX_DOCS_URL,
  JSON_SYNTAX_RULE_ID,
  NOT_AN_OBJECT_RULE_ID,
  TASK_DEFINITION_RULES,
} from './rules/index';
import {
  elements,
  stringValue,
  valueNode,
  type ContainerRef,
  type Rule,
  type RuleContext,
} from './rules/ruleContext';
import { validateAgainstSchema } from './schema/validateSchema';

export { looksLikeTaskDefinition } from './looksLikeTaskDefinition';

/** The schema step: problems for the parsed document (see schema/validateSchema.ts). */
export type SchemaValidator = (text: string, root: Node, value: unknown) => Problem[];

export interface ValidateOptions {
  /**
   * Also validate against the task-definition JSON schema (the CLI does; in the editor the JSON
   * language service applies the same schema through `jsonValidation`, so it is off by default).
   */
  readonly schema?: boolean;
  /** Replaces the schema step (tests). */
  readonly schemaValidator?: SchemaValidator;
  /** The rules to run; all of them by default. */
  readonly rules?: readonly Rule[];
}

export const INTERNAL_ERROR_RULE_ID = 'internal-error';

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol:
    'Unexpected character: JSON values are objects, arrays, "strings", numbers, true, false or null.',
  InvalidNumberFormat: 'Invalid number: write digits without leading zeros, e.g. 512 or 0.5.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value.',
  ColonExpected: 'Expected ":" after the property name.',
  CommaExpected: 'Expected "," between the items.',
  CloseBraceExpected: 'Expected "}" to close the object.',
  CloseBracketExpected: 'Expected "]" to close the array.',
  EndOfFileExpected: 'Expected the end of the file: a task definition is one JSON object.',
  InvalidCommentToken: 'Comments are not allowed: the AWS CLI and ECS read plain JSON. Remove the comment.',
  UnexpectedEndOfComment: 'Unterminated comment (and comments are not allowed in JSON).',
  UnexpectedEndOfString: 'Unterminated string: add the closing double quote.',
  UnexpectedEndOfNumber: 'Unterminated number.',
  InvalidUnicode: 'Invalid \\u escape: write four hex digits.',
  InvalidEscapeCharacter: 'Invalid escape: use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX.',
  InvalidCharacter: 'Invalid character in a string: escape control characters (e.g. \\n for a line break).',
};

/** A comma followed only by whitespace before `}` or `]`: report it as a trailing comma, with a fix. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  const ch = text[offset];
  if (ch !== '}' && ch !== ']') return undefined;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === ',' ? i : undefined;
}

function syntaxProblems(text: string, errors: readonly ParseError[]): Problem[] {
  const out: Problem[] = [];
  const seenTrailing = new Set<number>();
  for (const e of errors) {
    const comma = trailingCommaBefore(text, e.offset);
    if (comma !== undefined) {
      if (seenTrailing.has(comma)) continue;
      seenTrailing.add(comma);
      out.push({
        ruleId: JSON_SYNTAX_RULE_ID,
        severity: 'error',
        message: 'Trailing comma: JSON does not allow a "," before "}" or "]". Remove it.',
        offset: comma,
        length: 1,
        docsUrl: JSON_SYNTAX_DOCS_URL,
        fixes: [
          {
            title: 'Remove the trailing comma',
            edits: [{ offset: comma, length: 1, newText: '' }],
            isPreferred: true,
          },
        ],
      });
      continue;
    }
    const code = printParseErrorCode(e.error);
    out.push({
      ruleId: JSON_SYNTAX_RULE_ID,
      severity: 'error',
      message:
        text.trim() === ''
          ? 'The file is empty: a task definition is a JSON object { … }.'
          : (SYNTAX_MESSAGES[code] ?? code),
      offset: e.offset,
      length: e.length,
      docsUrl: JSON_SYNTAX_DOCS_URL,
    });
  }
  return out;
}

function containerRefs(root: Node): ContainerRef[] {
  return elements(valueNode(root, 'containerDefinitions'))
    .filter((n) => n.type === 'object')
    .map((node, index) => {
      const name = stringValue(valueNode(node, 'name'));
      return {
        node,
        index,
        name,
        label: name !== undefined ? `container "${name}"` : `container #${index + 1}`,
      };
    });
}

/** Builds what the rules see from the parsed root object (exported for the rule tests). */
export function createRuleContext(text: string, root: Node): RuleContext {
  const compat = valueNode(root, 'requiresCompatibilities');
  const compatibilities = elements(compat).map((n) => stringValue(n));
  const os = stringValue(valueNode(valueNode(root, 'runtimePlatform'), 'operatingSystemFamily'));
  return {
    text,
    root,
    fargate: compat?.type !== 'array' || compatibilities.length === 0 || compatibilities.includes('FARGATE'),
    os: os?.startsWith('WINDOWS') ? 'windows' : 'linux',
    containers: containerRefs(root),
  };
}

function runRule(rule: Rule, ctx: RuleContext): Problem[] {
  try {
    return rule.check(ctx);
  } catch (e) {
    // A rule bug must not take down validation on every keystroke, nor the CLI: say which rule broke.
    return [
      {
        ruleId: INTERNAL_ERROR_RULE_ID,
        severity: 'warning',
        message: `Rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`,
        offset: ctx.root.offset,
        length: 1,
      },
    ];
  }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function compareProblems(a: Problem, b: Problem): number {
  return (
    a.offset - b.offset ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/**
 * All problems of a task-definition document, sorted by offset. Syntax errors come first at their
 * offset; the rules still run when the root is an object (the tree is error-tolerant), and stop
 * there when it is not. A pasted describe-task-definition response is reported once, alone.
 */
export function validateTaskDefinition(text: string, options: ValidateOptions = {}): Problem[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const problems = syntaxProblems(text, errors);
  if (!root) return problems.sort(compareProblems);
  if (root.type !== 'object') {
    if (errors.length === 0) {
      problems.push({
        ruleId: NOT_AN_OBJECT_RULE_ID,
        severity: 'error',
        message: `A task definition is a JSON object { "family": …, "containerDefinitions": [ … ] }, not ${root.type === 'array' ? 'an array' : `a ${root.type}`}.`,
        offset: root.offset,
        length: root.length,
        docsUrl: JSON_SYNTAX_DOCS_URL,
      });
    }
    return problems.sort(compareProblems);
  }

  const ctx = createRuleContext(text, root);
  const wrapper = runRule(DESCRIBE_OUTPUT_RULE, ctx);
  if (wrapper.length > 0) return [...problems, ...wrapper].sort(compareProblems);

  const ruleProblems: Problem[] = [];
  for (const rule of options.rules ?? TASK_DEFINITION_RULES) ruleProblems.push(...runRule(rule, ctx));
  problems.push(...ruleProblems);

  if (options.schema || options.schemaValidator) {
    const schemaStep = options.schemaValidator ?? validateAgainstSchema;
    // The schema repeats some checks (ranges, enums) at the same spot: keep the rule's message, which says what to write.
    const taken = new Set(ruleProblems.map((p) => p.offset));
    for (const p of schemaStep(text, root, getNodeValue(root))) if (!taken.has(p.offset)) problems.push(p);
  }
  return problems.sort(compareProblems);
}
