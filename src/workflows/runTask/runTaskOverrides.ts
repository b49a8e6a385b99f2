/**
 * The optional overrides of a run, as the small JSON the user edits:
 *   {"containerOverrides":[{"name":"app","command":["npm","run","migrate"],"environment":[{"name":"K","value":"v"}]}]}
 * Only name, command and environment are offered (the common one-off-job needs); everything is
 * checked before RunTask: the container names must exist in the revision, and the JSON must stay
 * within RunTask's 8192-character overrides limit. Editor-free.
 */
import type { ContainerOverride, TaskOverride } from '@aws-sdk/client-ecs';

/** RunTask: "A total of 8192 characters are allowed for overrides." */
export const MAX_OVERRIDES_CHARS = 8192;

const CONTAINER_KEYS = new Set(['name', 'command', 'environment']);

export type ParsedOverrides =
  | { readonly ok: true; readonly overrides: TaskOverride | undefined }
  | { readonly ok: false; readonly problem: string };

const fail = (problem: string): ParsedOverrides => ({ ok: false, problem });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function containerProblem(entry: unknown, i: number, containers: readonly string[]): string | undefined {
  const at = `containerOverrides[${i}]`;
  if (!isRecord(entry)) return `${at} must be an object with "name".`;
  const extra = Object.keys(entry).find((k) => !CONTAINER_KEYS.has(k));
  if (extra) return `${at}.${extra} is not offered here: use name, command and environment.`;
  if (typeof entry.name !== 'string' || !entry.name) return `${at}.name is required (a container name).`;
  if (!containers.includes(entry.name))
    return `${at}.name "${entry.name}" is not a container of this revision (${containers.join(', ')}).`;
  const { command, environment } = entry;
  if (command !== undefined && (!Array.isArray(command) || command.some((c) => typeof c !== 'string')))
    return `${at}.command must be an array of strings, e.g. ["npm", "run", "migrate"].`;
  if (environment !== undefined) {
    if (!Array.isArray(environment)) return `${at}.environment must be an array of {"name", "value"}.`;
    const bad = environment.findIndex(
      (e) => !isRecord(e) || typeof e.name !== 'string' || !e.name || typeof e.value !== 'string',
    );
    if (bad >= 0) return `${at}.environment[${bad}] must be {"name": "…", "value": "…"} (both strings).`;
  }
  return undefined;
}

/** Parses and checks the overrides text; blank or `{}` or no entries = no overrides. */
export function parseOverrides(text: string, containers: readonly string[]): ParsedOverrides {
  if (text.trim() === '') return { ok: true, overrides: undefined };
  if (text.length > MAX_OVERRIDES_CHARS)
    return fail(`Overrides are limited to ${MAX_OVERRIDES_CHARS} characters (this is ${text.length}).`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(value)) return fail('Overrides must be a JSON object: {"containerOverrides": [...]}.');
  const extra = Object.keys(value).find((k) => k !== 'containerOverrides');
  if (extra) return fail(`"${extra}" is not offered here: only containerOverrides.`);
  const list = value.containerOverrides;
  if (list === undefined) return { ok: true, overrides: undefined };
  if (!Array.isArray(list)) return fail('containerOverrides must be an array.');
  for (const [i, entry] of list.entries()) {
    const problem = containerProblem(entry, i, containers);
    if (problem) return fail(problem);
  }
  const names = list.map((e) => (e as { name: string }).name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return fail(`Container ${twice} appears twice in containerOverrides.`);
  // The template's empty command/environment mean "no change": sent as [] they would be ambiguous.
  const overrides = (list as ContainerOverride[])
    .map((o) => ({
      name: o.name,
      ...(o.command?.length ? { command: o.command } : {}),
      ...(o.environment?.length ? { environment: o.environment } : {}),
    }))
    .filter((o) => o.command || o.environment);
  return { ok: true, overrides: overrides.length > 0 ? { containerOverrides: overrides } : undefined };
}

/** A starting point for the user to edit: the first container with an empty command and environment. */
export function overridesTemplate(containers: readonly string[]): string {
  const name = containers[0] ?? 'app';
  return JSON.stringify({ containerOverrides: [{ name, command: [], environment: [] }] });
}

/** The overrides as the one-line text the input box shows. */
export function overridesText(overrides: TaskOverride | undefined): string {
  return overrides?.containerOverrides?.length ? JSON.stringify(overrides) : '';
}
