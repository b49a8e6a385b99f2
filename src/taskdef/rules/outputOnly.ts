/**
 * Fields that DescribeTaskDefinition returns but RegisterTaskDefinition rejects ("Unknown parameter
 * in input"), and the whole describe-task-definition output pasted as a file. The unwrap fix keeps
 * the `tags` (which describe returns beside `taskDefinition`, and register takes at the top level).
 */
import type { Node } from 'jsonc-parser';
import { applyEdits, type Fix, type TextEdit } from '../problems';
import { DOCS } from './docs';
import { OUTPUT_ONLY_FIELDS } from '../schema/overlay';
import {
  elements,
  keyNode,
  listOf,
  problem,
  properties,
  removeProperties,
  valueNode,
  type Rule,
  type RuleContext,
} from './ruleContext';

/** TaskDefinition members that are not RegisterTaskDefinitionRequest members (tested against the SDK). */
export { OUTPUT_ONLY_FIELDS };

function outputOnlyProperties(obj: Node): Node[] {
  return properties(obj).filter((p) => OUTPUT_ONLY_FIELDS.includes(p.children?.[0]?.value as string));
}

export const outputOnlyField: Rule = {
  id: 'output-only-field',
  severity: 'error',
  docsUrl: DOCS.registerTaskDefinition,
  description: 'Fields describe-task-definition returns that register-task-definition rejects.',
  check(ctx) {
    const found = outputOnlyProperties(ctx.root);
    if (found.length === 0) return [];
    const removeAll: Fix | undefined =
      found.length > 1
        ? { title: 'Remove all output-only fields', edits: removeProperties(ctx.root, found) }
        : undefined;
    return found.map((prop) => {
      const key = prop.children?.[0]?.value as string;
      const fixes: Fix[] = [
        { title: `Remove "${key}"`, edits: removeProperties(ctx.root, [prop]), isPreferred: true },
        ...(removeAll ? [removeAll] : []),
      ];
      return problem(
        this,
        keyNode(prop),
        `"${key}" is set by ECS when the definition is registered (describe-task-definition output); register-task-definition rejects it: remove it.`,
        fixes,
      );
    });
  },
};

/** Leading whitespace of the line holding an offset. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** Shifts every line after the first by `delta` columns (removing when negative and possible). */
function shift(block: string, delta: number): string {
  if (delta === 0) return block;
  return block.replace(/\n([ \t]*)/g, (_, ws: string) =>
    delta > 0 ? `\n${ws}${' '.repeat(delta)}` : `\n${ws.slice(Math.min(-delta, ws.length))}`,
  );
}

/**
 * The document rewritten as the inner task definition: the `taskDefinition` object moved to the top
 * (re-indented one level out), `tags` appended when there are any, every other wrapper key dropped.
 */
function unwrapEdit(text: string, root: Node, inner: Node, tags: Node | undefined, strip: boolean): TextEdit {
  const innerEdits = strip
    ? removeProperties(inner, outputOnlyProperties(inner)).map((e) => ({
        ...e,
        offset: e.offset - inner.offset,
      }))
    : [];
  let body = applyEdits(text.slice(inner.offset, inner.offset + inner.length), innerEdits);
  const delta =
    indentAt(text, root.offset + root.length - 1).length -
    indentAt(text, inner.offset + inner.length - 1).length;
  body = shift(body, delta);
  if (tags && elements(tags).length > 0) {
    const close = body.lastIndexOf('}');
    const head = body.slice(0, close).replace(/\s+$/, '');
    const separator = head.endsWith('{') ? '' : ',';
    const closeLineStart = body.lastIndexOf('\n', close) + 1;
    const firstProp = properties(inner)[0];
    const tagsIndent = indentAt(text, tags.parent!.offset).length;
    if (closeLineStart === 0) {
      body = `${head}${separator} "tags": ${shift(text.slice(tags.offset, tags.offset + tags.length), -tagsIndent)}}`;
    } else {
      const propIndent = firstProp ? Math.max(0, indentAt(text, firstProp.offset).length + delta) : 2;
      const tagsText = shift(text.slice(tags.offset, tags.offset + tags.length), propIndent - tagsIndent);
      body = `${head}${separator}\n${' '.repeat(propIndent)}"tags": ${tagsText}\n${body.slice(closeLineStart)}`;
    }
  }
  return { offset: root.offset, length: root.length, newText: body };
}

/**
 * Reports the describe-task-definition response shape (`{"taskDefinition": {…}, "tags": […]}`):
 * one problem on the `taskDefinition` key, with fixes that unwrap it. Checked before every other
 * rule; when it fires the others do not run (their anchors would all be wrong).
 */
export const describeOutputWrapper: Rule = {
  id: 'describe-output-wrapper',
  severity: 'error',
  docsUrl: DOCS.describeTaskDefinition,
  description: 'A pasted describe-task-definition response: unwrap "taskDefinition".',
  check(ctx: RuleContext) {
    if (valueNode(ctx.root, 'containerDefinitions')) return [];
    const prop = properties(ctx.root).find((p) => p.children?.[0]?.value === 'taskDefinition');
    const inner = prop?.children?.[1];
    if (!prop || inner?.type !== 'object') return [];
    const tags = valueNode(ctx.root, 'tags');
    const outputOnly = outputOnlyProperties(inner).map((p) => p.children?.[0]?.value as string);
    const fixes: Fix[] = [];
    if (outputOnly.length > 0) {
      fixes.push({
        title: 'Unwrap "taskDefinition" and remove the output-only fields',
        edits: [unwrapEdit(ctx.text, ctx.root, inner, tags, true)],
        isPreferred: true,
      });
    }
    fixes.push({
      title: 'Unwrap "taskDefinition"',
      edits: [unwrapEdit(ctx.text, ctx.root, inner, tags, false)],
      isPreferred: outputOnly.length === 0,
    });
    const keep = tags && elements(tags).length > 0 ? ', keeping "tags" at the top level' : '';
    const strip = outputOnly.length ? ` and drop ${listOf(outputOnly.map((k) => `"${k}"`))}` : '';
    return [
      problem(
        this,
        keyNode(prop),
        `This is describe-task-definition output, not a task definition: move the contents of "taskDefinition" to the top level${keep}${strip}.`,
        fixes,
      ),
    ];
  },
};

export const outputOnlyRules: readonly Rule[] = [outputOnlyField];
