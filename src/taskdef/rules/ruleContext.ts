/**
 * What every task-definition rule sees: the parsed tree (jsonc-parser nodes, so every problem has
 * the exact offset of the text it is about), the containers found once up front, and small helpers
 * to read properties and to build problems and text edits. Rules never re-parse the text.
 */
import type { Node } from 'jsonc-parser';
import type { FargateOs } from '../fargate';
import type { Fix, Problem, Severity, TextEdit } from '../problems';

export interface Rule {
  /** Stable id shown by the CLI and the editor, e.g. `fargate-cpu-memory`. */
  readonly id: string;
  readonly severity: Severity;
  /** The AWS documentation page for the rule. */
  readonly docsUrl: string;
  /** One line: what the rule checks (for `--list-rules` and the README). */
  readonly description: string;
  check(ctx: RuleContext): Problem[];
}

export interface ContainerRef {
  /** The container definition's object node. */
  readonly node: Node;
  readonly index: number;
  readonly name: string | undefined;
  /** For messages: `container "web"` or `container #2` when it has no name. */
  readonly label: string;
}

export interface RuleContext {
  readonly text: string;
  /** The task definition's object node. */
  readonly root: Node;
  /**
   * Whether Fargate rules apply: `requiresCompatibilities` includes FARGATE, or is missing (this
   * extension writes Fargate definitions). An EC2- or EXTERNAL-only definition gets the generic rules.
   */
  readonly fargate: boolean;
  /** From `runtimePlatform.operatingSystemFamily` (LINUX when omitted, as ECS assumes). */
  readonly os: FargateOs;
  readonly containers: readonly ContainerRef[];
}

// ---- reading the tree ----------------------------------------------------------------------------

/** The property node (`"key": value`) of an object; the last one when a key repeats, as JSON.parse does. */
export function property(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object' || !obj.children) return undefined;
  for (let i = obj.children.length - 1; i >= 0; i--) {
    const p = obj.children[i];
    if (p?.children?.[0]?.value === key) return p;
  }
  return undefined;
}

/** The value node of a property, if the object has it. */
export function valueNode(obj: Node | undefined, key: string): Node | undefined {
  return property(obj, key)?.children?.[1];
}

/** The key node (`"key"`, with its quotes) of a property node. */
export function keyNode(prop: Node): Node {
  return prop.children?.[0] ?? prop;
}

export function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function numberValue(node: Node | undefined): number | undefined {
  return node?.type === 'number' ? (node.value as number) : undefined;
}

export function booleanValue(node: Node | undefined): boolean | undefined {
  return node?.type === 'boolean' ? (node.value as boolean) : undefined;
}

/** The elements of an array node; nothing for any other node. */
export function elements(node: Node | undefined): readonly Node[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** The property nodes of an object node; nothing for any other node. */
export function properties(node: Node | undefined): readonly Node[] {
  return node?.type === 'object' ? (node.children ?? []) : [];
}

/** Whether a value is "set": not null, not false, not an empty array or object. */
export function isSet(node: Node | undefined): boolean {
  if (!node || node.type === 'null') return false;
  if (node.type === 'boolean') return node.value === true;
  if (node.type === 'array' || node.type === 'object') return (node.children?.length ?? 0) > 0;
  return true;
}

// ---- problems ------------------------------------------------------------------------------------

export interface Range {
  readonly offset: number;
  readonly length: number;
}

export function problem(rule: Rule, at: Range, message: string, fixes?: readonly Fix[]): Problem {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    offset: at.offset,
    length: at.length,
    docsUrl: rule.docsUrl,
    ...(fixes && fixes.length > 0 ? { fixes } : {}),
  };
}

/**
 * Where to report something that is missing from an object: the key that holds the object (as
 * VS Code's JSON validation does), the container's name, or else the object's opening brace.
 */
export function missingAnchor(obj: Node): Range {
  const parent = obj.parent;
  if (parent?.type === 'property') return keyNode(parent);
  const name = valueNode(obj, 'name');
  if (name) return name;
  return { offset: obj.offset, length: 1 };
}

// ---- edits ---------------------------------------------------------------------------------------

export function replaceNode(node: Node, newText: string): TextEdit {
  return { offset: node.offset, length: node.length, newText };
}

/** The leading whitespace of the line an offset is on, and whether only whitespace precedes it. */
function lineIndent(text: string, offset: number): { indent: string; ownLine: boolean } {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  const before = text.slice(start, offset);
  const indent = /^[ \t]*/.exec(before)?.[0] ?? '';
  return { indent, ownLine: indent.length === before.length };
}

/** One indentation step, guessed from the object or its first nested property; two spaces otherwise. */
function indentUnit(text: string, obj: Node): string {
  const first = obj.children?.[0];
  if (first) {
    const inner = lineIndent(text, first.offset);
    const outer = lineIndent(text, obj.offset).indent;
    if (inner.ownLine && inner.indent.length > outer.length && inner.indent.startsWith(outer)) {
      return inner.indent.slice(outer.length);
    }
  }
  return '  ';
}

/**
 * Adds `"key": value` as the last property of an object, on its own line at the indentation of
 * its siblings (or inline when the object is written on one line). `valueJson` is JSON text; its
 * later lines are shifted to the new property's indentation.
 */
export function insertProperty(text: string, obj: Node, key: string, valueJson: string): TextEdit {
  const props = obj.children ?? [];
  const last = props[props.length - 1];
  if (last) {
    const { indent, ownLine } = lineIndent(text, last.offset);
    const value = ownLine ? valueJson.replace(/\n/g, `\n${indent}`) : valueJson;
    const newText = ownLine
      ? `,\n${indent}${JSON.stringify(key)}: ${value}`
      : `, ${JSON.stringify(key)}: ${value}`;
    return { offset: last.offset + last.length, length: 0, newText };
  }
  const outer = lineIndent(text, obj.offset).indent;
  const inner = outer + indentUnit(text, obj.parent?.parent ?? obj);
  const value = valueJson.replace(/\n/g, `\n${inner}`);
  return {
    offset: obj.offset + 1,
    length: obj.length - 2,
    newText: `\n${inner}${JSON.stringify(key)}: ${value}\n${outer}`,
  };
}

/**
 * Removes property nodes of ONE object, with their commas, as non-overlapping edits: a run of
 * removed properties followed by a kept one is cut up to that one (its indentation stays); a run at
 * the end is cut from the end of the last kept property.
 */
export function removeProperties(obj: Node, remove: readonly Node[]): TextEdit[] {
  const props = obj.children ?? [];
  const removed = props.map((p) => remove.includes(p));
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < props.length) {
    if (!removed[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < props.length && removed[j + 1]) j++;
    const first = props[i]!;
    const lastRemoved = props[j]!;
    const next = props[j + 1];
    const prev = props[i - 1];
    if (next) edits.push({ offset: first.offset, length: next.offset - first.offset, newText: '' });
    else if (prev) {
      const from = prev.offset + prev.length;
      edits.push({ offset: from, length: lastRemoved.offset + lastRemoved.length - from, newText: '' });
    } else edits.push({ offset: obj.offset + 1, length: obj.length - 2, newText: '' });
    i = j + 1;
  }
  return edits;
}

export function removeProperty(prop: Node): TextEdit[] {
  return prop.parent ? removeProperties(prop.parent, [prop]) : [];
}

/** Removes array elements with their commas (same scheme as properties). */
export function removeElement(element: Node): TextEdit[] {
  const arr = element.parent;
  if (arr?.type !== 'array') return [];
  return removeProperties(arr, [element]);
}

/** JSON text for a string. */
export function jsonString(s: string): string {
  return JSON.stringify(s);
}

/** `"first"`, `"first" and "second"`, `"a", "b" and 2 more`. */
export function listOf(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items.join('');
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
