/**
 * Checks a task-definition document against the generated schema with ajv and turns each error into a
 * Problem with the exact range in the text: the value that is wrong, or the property key for an unknown
 * property, or the key of the object that misses a required property (where VS Code's JSON service puts
 * them too). Messages name the member and the shape it belongs to, in the words of the ECS docs.
 */
import type AjvClass from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Problem } from '../problems';
import type { JsonSchema } from './generateSchema';
import { loadTaskDefinitionSchema } from './loadSchema';

export const SCHEMA_RULE_ID = 'schema';

/** VS Code's JSON-service keywords: annotations for ajv (declared, so strict mode still catches typos). */
const EDITOR_KEYWORDS = [
  'markdownDescription',
  'deprecationMessage',
  'errorMessage',
  'patternErrorMessage',
  'doNotSuggest',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
];

const API_REFERENCE = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference';
/** Shapes whose API reference page is the operation's rather than the shape's. */
const OPERATION_PAGES: Record<string, string> = {
  RegisterTaskDefinitionRequest: 'API_RegisterTaskDefinition.html',
  DescribeTaskDefinitionOutput: 'API_DescribeTaskDefinition.html',
};
const NOUNS: Record<string, string> = {
  RegisterTaskDefinitionRequest: 'the task definition',
  DescribeTaskDefinitionOutput: 'the describe-task-definition output',
  KeyValuePair: 'a name/value pair',
  EFSVolumeConfiguration: 'an EFS volume configuration',
  EFSAuthorizationConfig: 'an EFS authorization configuration',
  FSxWindowsFileServerVolumeConfiguration: 'an FSx for Windows File Server volume configuration',
  FSxWindowsFileServerAuthorizationConfig: 'an FSx for Windows File Server authorization configuration',
};

let loaded: { readonly validate: ValidateFunction; readonly schema: JsonSchema } | undefined;

/** An ajv validator for a task-definition schema (tests compile a freshly generated one). */
export function compileTaskDefinitionSchema(schema: object): ValidateFunction {
  // ajv's default strict mode (unknown keywords, ignored types) holds; `verbose` gives messages their schema.
  // ajv (100 KiB) loads with the first schema check: the editor never needs it (docs/performance.md §1).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  const ajv = new Ajv({ allErrors: true, verbose: true });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv.compile(schema);
}

/**
 * Schema problems of a parsed task definition. `root` and `value` come from jsonc-parser's `parseTree`
 * and `parse` of `text`; without a tree (unparseable text) problems sit at offset 0.
 */
export function validateAgainstSchema(text: string, root: JsonNode | undefined, value: unknown): Problem[] {
  if (!loaded) {
    const schema = loadTaskDefinitionSchema();
    loaded = { validate: compileTaskDefinitionSchema(schema), schema };
  }
  const { validate, schema } = loaded;
  if (validate(value)) return [];
  // `if` only says which branch failed; a value of the wrong type makes its enum/pattern/range errors noise.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const problem = toProblem(error, text, root, schema, value);
    const key = `${problem.offset}/${problem.length}/${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

function toProblem(
  error: ErrorObject,
  text: string,
  root: JsonNode | undefined,
  schema: JsonSchema,
  value: unknown,
): Problem {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const target = locate(root, segments);
  const shapes = shapesAlong(schema, value, segments);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  let message: string;
  let range = rangeOfValue(target, text);
  let shape: string | undefined;

  if (error.keyword === 'additionalProperties' || error.keyword === 'required') {
    // The error is about the object at instancePath itself.
    shape = shapes[shapes.length - 1];
    const where = ownerPhrase(shape, target.node) || ' in the task definition';
    if (error.keyword === 'additionalProperties') {
      const name = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const hint = closest(name, known);
      message = `unknown property \`${name}\`${where}${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
      const key = propertyOf(target.node, name)?.children?.[0];
      if (key) range = { offset: key.offset, length: key.length };
    } else {
      message = `missing required property \`${String(params.missingProperty)}\`${where}`;
      range = target.key ? { offset: target.key.offset, length: target.key.length } : startOf(target.node);
    }
  } else {
    // The error is about a member: name it and the object it belongs to.
    const ownerDepth = ownerDepthOf(segments);
    shape = shapes
      .slice(0, ownerDepth + 1)
      .reverse()
      .find((s) => s !== undefined);
    const subject = segments.length ? `\`${subjectOf(segments.slice(ownerDepth))}\`` : 'the task definition';
    const ownerShape = shapes[ownerDepth];
    const where = ownerShape
      ? ownerPhrase(ownerShape, locate(root, segments.slice(0, ownerDepth)).node)
      : ` in \`${subjectOf(segments.slice(0, ownerDepth))}\``;
    message = memberMessage(error, `${subject}${where}`, parent, params);
  }
  const page = shape && (OPERATION_PAGES[shape] ?? `API_${shape}.html`);
  return {
    ruleId: SCHEMA_RULE_ID,
    severity: 'error',
    message,
    ...range,
    ...(page ? { docsUrl: `${API_REFERENCE}/${page}` } : {}),
  };
}

function memberMessage(
  error: ErrorObject,
  subject: string,
  parent: JsonSchema,
  params: Record<string, unknown>,
): string {
  const data: unknown = error.data;
  switch (error.keyword) {
    case 'type': {
      if (parent.errorMessage) return parent.errorMessage;
      if (params.type === 'integer' && typeof data === 'number') return `${subject} must be a whole number`;
      return `${subject} must be ${article(String(params.type))}`;
    }
    case 'enum': {
      const allowed = (parent.enum ?? []).map(String);
      const hint =
        typeof data === 'string' ? allowed.find((a) => a.toLowerCase() === data.toLowerCase()) : undefined;
      const list = allowed.map((a) => `\`${a}\``).join(', ');
      return `${subject} must be one of ${list}${hint ? ` (did you mean \`${hint}\`?)` : ''}`;
    }
    case 'pattern':
      return (
        parent.patternErrorMessage ?? parent.errorMessage ?? `${subject} must match \`${parent.pattern}\``
      );
    case 'minimum':
    case 'maximum': {
      const is = typeof data === 'number' ? ` (it is ${data})` : '';
      if (parent.minimum !== undefined && parent.maximum !== undefined) {
        return `${subject} must be between ${parent.minimum} and ${parent.maximum}${is}`;
      }
      return `${subject} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}${is}`;
    }
    case 'minLength':
      return params.limit === 1
        ? `${subject} must not be empty`
        : `${subject} must have at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `${subject} must have at most ${String(params.limit)} characters (it has ${typeof data === 'string' ? [...data].length : '?'})`;
    case 'minItems':
      return `${subject} must have at least ${plural(Number(params.limit), 'item')}`;
    case 'maxItems': {
      const has = Array.isArray(data) ? ` (it has ${data.length})` : '';
      return `${subject} must have at most ${plural(Number(params.limit), 'item')}${has}`;
    }
    case 'minProperties':
    case 'maxProperties':
      if (parent.minProperties === 1 && parent.maxProperties === 1)
        return `${subject} must set exactly one member`;
      return `${subject} ${error.message ?? 'is not valid'}`;
    default:
      return `${subject} ${error.message ?? 'is not valid'}`;
  }
}

interface Located {
  /** The deepest node found along the path (the value itself when the path exists). */
  readonly node: JsonNode | undefined;
  /** The property key of that node, when it is a property value. */
  readonly key: JsonNode | undefined;
}

function locate(root: JsonNode | undefined, segments: readonly string[]): Located {
  let node = root;
  let key: JsonNode | undefined;
  for (const segment of segments) {
    if (node?.type === 'object') {
      const property = propertyOf(node, segment);
      if (!property?.children?.[1]) break;
      key = property.children[0];
      node = property.children[1];
    } else if (node?.type === 'array') {
      const item = node.children?.[Number(segment)];
      if (!item) break;
      node = item;
      key = undefined;
    } else {
      break;
    }
  }
  return { node, key };
}

/** The last property of that name (what JSON.parse keeps when a key is repeated). */
function propertyOf(object: JsonNode | undefined, name: string): JsonNode | undefined {
  return object?.children?.filter((p) => p.children?.[0]?.value === name).pop();
}

/** A scalar's own range; an object or array is marked by its key (or its first character). */
function rangeOfValue(target: Located, text: string): { offset: number; length: number } {
  const { node, key } = target;
  if (!node) return { offset: 0, length: Math.min(text.length, 1) };
  if (node.type === 'object' || node.type === 'array') {
    return key ? { offset: key.offset, length: key.length } : startOf(node);
  }
  return { offset: node.offset, length: node.length };
}

function startOf(node: JsonNode | undefined): { offset: number; length: number } {
  return { offset: node?.offset ?? 0, length: node ? 1 : 0 };
}

/** The schema definition (shape name) of the value at each depth of the path: [root, segment 1, ...]. */
function shapesAlong(
  schema: JsonSchema,
  value: unknown,
  segments: readonly string[],
): (string | undefined)[] {
  const definitions = schema.definitions ?? {};
  const shapes: (string | undefined)[] = [];
  let node: JsonSchema | undefined = schema;
  let data: unknown = value;
  for (let depth = 0; ; depth++) {
    let name: string | undefined;
    for (let hops = 0; node && hops < 10; hops++) {
      if (node.$ref) {
        name = node.$ref.split('/').pop();
        node = definitions[name ?? ''];
      } else if (node.if) {
        const here = data;
        const matches = isObject(here) && (node.if.required ?? []).every((k) => k in here);
        node = matches ? node.then : node.else;
      } else {
        break;
      }
    }
    shapes.push(name);
    const segment = segments[depth];
    if (segment === undefined || !node) return shapes;
    if (Array.isArray(data)) {
      node = node.items;
      data = data[Number(segment)];
    } else {
      const extra: JsonSchema | undefined =
        typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
      node = node.properties?.[segment] ?? extra;
      data = isObject(data) ? data[segment] : undefined;
    }
  }
}

/** How many segments lead to the object holding the member: `a/0/b/c/1` → 3 (the `b` object holds `c[1]`). */
function ownerDepthOf(segments: readonly string[]): number {
  let depth = segments.length;
  while (depth > 0 && /^\d+$/.test(segments[depth - 1]!)) depth--;
  return Math.max(0, depth - 1);
}

/** `timeout`, `requiresCompatibilities[0]`: a key with the indices that follow it. */
function subjectOf(segments: readonly string[]): string {
  let subject = '';
  for (const s of segments) subject = /^\d+$/.test(s) && subject ? `${subject}[${s}]` : s;
  return subject;
}

function ownerPhrase(shape: string | undefined, node: JsonNode | undefined): string {
  if (!shape || shape === 'RegisterTaskDefinitionRequest') return '';
  if (shape === 'ContainerDefinition') {
    const name: unknown = propertyOf(node, 'name')?.children?.[1]?.value;
    if (typeof name === 'string' && name) return ` in container definition \`${name}\``;
  }
  return ` in ${NOUNS[shape] ?? article(words(shape))}`;
}

/** `HealthCheck` → `health check`; acronyms stay (`EFS`, `IAM`). */
function words(shape: string): string {
  return shape
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((w) => (/^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w))
    .join(' ');
}

function article(noun: string): string {
  return `${/^[aeiouAEIO]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A known name that is a likely typo of `name`: same letters in another case, or at most 2 edits away. */
function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.min(2, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
