/**
 * From ECS back to a file, and a fair comparison between the two. Pure and editor-free.
 *
 * - toRegisterable: a DescribeTaskDefinition result → the RegisterTaskDefinition input that
 *   registers as is (the round-trip `aws ecs describe-task-definition` does not give you,
 *   aws/aws-cli#3064): output-only fields, Dates and the empty lists ECS adds by default removed,
 *   tags put back.
 * - normalizeForCompare: any task definition JSON (a local file, a registered revision, even a
 *   pasted describe-task-definition output) → one canonical form, so that two definitions that
 *   register the same thing print the same text. Used on BOTH sides of every diff.
 * - parseTaskDefinitionText / formatJson: reading and writing the files.
 */
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { parseCpu, parseMemory } from './fargate';
import { OUTPUT_ONLY_FIELDS } from './schema/overlay';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** TaskDefinition members RegisterTaskDefinition rejects (tested against the SDK in the schema overlay). */
export { OUTPUT_ONLY_FIELDS };

/**
 * Lists ECS writes into every described revision even when the registration left them out; each
 * means "none", so registering without it is the same:
 * - task `volumes: []` (no volumes), `placementConstraints: []` (no constraints);
 * - container `portMappings: []`, `environment: []`, `mountPoints: []`, `volumesFrom: []`,
 *   `systemControls: []` (none of each).
 * Other empty lists are kept by toRegisterable: if ECS returns them, someone registered them.
 */
const TASK_DEFAULT_EMPTY_LISTS = ['volumes', 'placementConstraints'];
const CONTAINER_DEFAULT_EMPTY_LISTS = [
  'portMappings',
  'environment',
  'mountPoints',
  'volumesFrom',
  'systemControls',
];

/**
 * Lists where [] is NOT the same as leaving the field out, so normalizeForCompare keeps them even
 * when empty: a container's `command` and `entryPoint` override the image's CMD/ENTRYPOINT, and
 * whether an empty override reaches Docker as "none" or "unset" is not documented.
 */
const EMPTY_IS_MEANINGFUL = new Set(['command', 'entryPoint']);

/** Plain JSON from SDK objects: undefined, null, Dates and functions are left out. */
export function toJson(value: unknown): Json | undefined {
  if (value === null || value === undefined || value instanceof Date || typeof value === 'function') {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map(toJson).filter((v): v is Json => v !== undefined);
  }
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const json = toJson(v);
      if (json !== undefined) out[key] = json;
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return undefined; // bigint, symbol: not in ECS shapes
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyList(value: Json | undefined): boolean {
  return Array.isArray(value) && value.length === 0;
}

/** `family` first (what people look for), then the given order, `tags` last. */
function familyFirst(obj: JsonObject): JsonObject {
  const { family, tags, ...rest } = obj;
  return {
    ...(family !== undefined ? { family } : {}),
    ...rest,
    ...(tags !== undefined ? { tags } : {}),
  };
}

/**
 * The RegisterTaskDefinition input for a described revision: what "Save as file" writes, so that
 * `aws ecs register-task-definition --cli-input-json file://…` (or this extension) registers it
 * as is. Keeps every request member, in ECS's order, with `family` first and `tags` last.
 */
export function toRegisterable(taskDefinition: TaskDefinition, tags?: readonly Tag[]): JsonObject {
  const json = toJson(taskDefinition);
  const out: JsonObject = isObject(json) ? json : {};
  for (const field of OUTPUT_ONLY_FIELDS) delete out[field];
  for (const field of TASK_DEFAULT_EMPTY_LISTS) if (isEmptyList(out[field])) delete out[field];
  const containers = out.containerDefinitions;
  if (Array.isArray(containers)) {
    for (const container of containers) {
      if (!isObject(container)) continue;
      for (const field of CONTAINER_DEFAULT_EMPTY_LISTS) {
        if (isEmptyList(container[field])) delete container[field];
      }
    }
  }
  delete out.tags; // a TaskDefinition has none; tags come beside it in DescribeTaskDefinition
  const tagList = toJson(tags ?? []);
  if (Array.isArray(tagList) && tagList.length > 0) out.tags = tagList;
  return familyFirst(out);
}

/**
 * A pasted `describe-task-definition` output (`{ "taskDefinition": {…}, "tags": […] }`) → the
 * definition with its tags; anything else is returned unchanged.
 */
export function unwrapDescribeOutput(json: JsonObject): JsonObject {
  const inner = json.taskDefinition;
  if (!isObject(inner) || json.containerDefinitions !== undefined) return json;
  const tags = json.tags;
  return Array.isArray(tags) && tags.length > 0 && inner.tags === undefined ? { ...inner, tags } : inner;
}

/**
 * Parses a task definition file as strict JSON, as `aws ecs register-task-definition
 * --cli-input-json` does (and without jsonc-parser, whose UMD build does not bundle with esbuild's
 * default main fields). A pasted describe output is unwrapped.
 */
export function parseTaskDefinitionText(text: string, name = 'The file'): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(reason)?.[1];
    const where =
      position === undefined ? '' : ` on line ${text.slice(0, Number(position)).split('\n').length}`;
    throw new Error(
      `${name} is not valid JSON${where}: ${reason.replace(/ in JSON at position \d+.*$/, '')}.`,
      { cause: error },
    );
  }
  const value = toJson(parsed);
  if (!isObject(value)) throw new Error(`${name} does not hold a JSON object.`);
  return unwrapDescribeOutput(value);
}

/** 2-space indent and a trailing newline, like the files people commit. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// normalizeForCompare

type SortKey = (item: Json) => ReadonlyArray<string | number>;

const field =
  (...names: string[]): SortKey =>
  (item) =>
    names.map((n) => {
      const v = isObject(item) ? item[n] : undefined;
      return typeof v === 'number' ? v : typeof v === 'string' ? v : '';
    });
/** Lists of strings (or numbers): sorted by value; anything else keeps its place. */
const itself: SortKey = (item) => [typeof item === 'number' || typeof item === 'string' ? item : ''];

/**
 * Lists whose order ECS ignores (it looks items up by name, or they are sets), sorted by these
 * keys. Order that matters is kept: `command`, `entryPoint`, `healthCheck.command`, `dnsServers`
 * and `dnsSearchDomains` (tried in order), `environmentFiles` (later files lose to earlier ones:
 * "processed from the top down"), `dockerSecurityOptions` and `credentialSpecs` (passed through).
 */
const TASK_LIST_ORDER: Record<string, SortKey> = {
  requiresCompatibilities: itself,
  volumes: field('name'),
  placementConstraints: field('type', 'expression'),
  inferenceAccelerators: field('deviceName'),
  tags: field('key'),
  'proxyConfiguration.properties': field('name'),
};
const CONTAINER_LIST_ORDER: Record<string, SortKey> = {
  environment: field('name'),
  secrets: field('name'),
  portMappings: field('containerPort', 'protocol', 'containerPortRange', 'name'),
  ulimits: field('name'),
  mountPoints: field('containerPath', 'sourceVolume'),
  volumesFrom: field('sourceContainer'),
  dependsOn: field('containerName'),
  // /etc/hosts resolves a name to its first line: the sort is stable, so same-name lines keep their order.
  extraHosts: field('hostname'),
  links: itself,
  systemControls: field('namespace'),
  resourceRequirements: field('type'),
  'logConfiguration.secretOptions': field('name'),
  'linuxParameters.capabilities.add': itself,
  'linuxParameters.capabilities.drop': itself,
  'linuxParameters.devices': field('hostPath'),
  'linuxParameters.tmpfs': field('containerPath'),
};

function compareKeys(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function sortList(list: Json[], key: SortKey): Json[] {
  return [...list].sort((a, b) => compareKeys(key(a), key(b)));
}

/** Nulls, empty lists (but see EMPTY_IS_MEANINGFUL) and empty objects removed, bottom-up. */
function prune(value: Json, key = ''): Json | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => prune(v)).filter((v): v is Json => v !== undefined);
    return items.length === 0 && !EMPTY_IS_MEANINGFUL.has(key) ? undefined : items;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = prune(v, k);
      if (pruned !== undefined) out[k] = pruned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** Keys alphabetically, except `family`, `name` and `image`, which lead (they say what it is). */
const LEADING_KEYS = ['family', 'name', 'image'];
function orderKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (!isObject(value)) return value;
  const rank = (k: string) => {
    const i = LEADING_KEYS.indexOf(k);
    return i < 0 ? LEADING_KEYS.length : i;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: JsonObject = {};
  for (const k of keys) out[k] = orderKeys(value[k] as Json);
  return out;
}

function sortAt(obj: JsonObject, path: string, key: SortKey): void {
  const parts = path.split('.');
  let target: Json | undefined = obj;
  for (const part of parts.slice(0, -1)) target = isObject(target) ? target[part] : undefined;
  const last = parts[parts.length - 1] ?? '';
  if (isObject(target) && Array.isArray(target[last])) target[last] = sortList(target[last], key);
}

function isWindows(task: JsonObject): boolean {
  const platform = task.runtimePlatform;
  const os = isObject(platform) ? platform.operatingSystemFamily : undefined;
  return typeof os === 'string' && os.startsWith('WINDOWS');
}

/** Task `cpu`/`memory` as ECS stores them: "1 vCPU" → "1024", "2 GB" → "2048", 512 → "512". */
function canonicalSize(
  value: Json | undefined,
  parseSize: (v: unknown) => number | undefined,
): Json | undefined {
  if (value === undefined) return undefined;
  const parsed = parseSize(value);
  return parsed === undefined ? value : String(parsed);
}

function normalizePortMapping(mapping: Json, networkMode: Json | undefined): Json {
  if (!isObject(mapping)) return mapping;
  const out: JsonObject = { ...mapping };
  // "The default is tcp."
  out.protocol ??= 'tcp';
  // awsvpc/host: hostPort "can either be left blank or set to the same value as the containerPort";
  // bridge: "omit the hostPort (or set it to 0)" for a dynamic port. Port ranges have no hostPort.
  if (
    out.hostPort === undefined &&
    typeof out.containerPort === 'number' &&
    out.containerPortRange === undefined
  ) {
    if (networkMode === 'awsvpc' || networkMode === 'host') out.hostPort = out.containerPort;
    else if (networkMode === 'bridge') out.hostPort = 0;
  }
  return out;
}

function normalizeContainer(container: Json, networkMode: Json | undefined): Json {
  if (!isObject(container)) return container;
  const out: JsonObject = { ...container };
  // "If this parameter is omitted, a container is assumed to be essential."
  out.essential ??= true;
  // The model's default for container cpu is 0 (and ECS returns `cpu: 0`).
  out.cpu ??= 0;
  // "By default, the value is enabled."
  out.versionConsistency ??= 'enabled';
  if (Array.isArray(out.portMappings)) {
    out.portMappings = out.portMappings.map((m) => normalizePortMapping(m, networkMode));
  }
  for (const [path, key] of Object.entries(CONTAINER_LIST_ORDER)) sortAt(out, path, key);
  return out;
}

/**
 * One canonical form for comparing task definitions, applied to both sides of a diff:
 * 1. a pasted describe output is unwrapped, output-only fields are dropped (they never register);
 * 2. nulls, empty lists and empty objects are dropped ("none" either way), except an empty
 *    `command`/`entryPoint`;
 * 3. documented defaults are written out: `networkMode` "bridge" (Linux; Windows has its own
 *    default), `enableFaultInjection` false, container `essential` true, `cpu` 0,
 *    `versionConsistency` "enabled", port mapping `protocol` "tcp" and `hostPort` (= containerPort
 *    in awsvpc/host mode, 0 in bridge mode); task `cpu`/`memory` are written in units/MiB as ECS
 *    stores them ("1 vCPU" → "1024");
 * 4. lists whose order ECS ignores are sorted (see TASK_LIST_ORDER and CONTAINER_LIST_ORDER);
 *    `containerDefinitions` are sorted by name: containers are found by name and start in
 *    `dependsOn` order, never by their place in the list;
 * 5. keys are sorted, with family/name/image first.
 */
export function normalizeForCompare(json: unknown): JsonObject {
  const plain = toJson(json);
  if (!isObject(plain)) return {};
  const task = { ...unwrapDescribeOutput(plain) };
  for (const f of OUTPUT_ONLY_FIELDS) delete task[f];
  const pruned = prune(task);
  const out: JsonObject = isObject(pruned) ? pruned : {};

  if (out.networkMode === undefined && !isWindows(out)) out.networkMode = 'bridge';
  out.enableFaultInjection ??= false;
  const cpu = canonicalSize(out.cpu, parseCpu);
  if (cpu !== undefined) out.cpu = cpu;
  const memory = canonicalSize(out.memory, parseMemory);
  if (memory !== undefined) out.memory = memory;

  if (Array.isArray(out.containerDefinitions)) {
    const containers = out.containerDefinitions.map((c) => normalizeContainer(c, out.networkMode));
    out.containerDefinitions = sortList(containers, field('name'));
  }
  for (const [path, key] of Object.entries(TASK_LIST_ORDER)) sortAt(out, path, key);
  return orderKeys(out) as JsonObject;
}
