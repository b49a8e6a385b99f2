/**
 * The fake account kept in a JSON file, so the demo (`npm start -- --demo`) finds after a restart
 * what was done in it: ECS clusters, services, tasks and task definitions, IAM roles, ECR
 * repositories and images, CloudWatch log groups (with their streams and events), Application
 * Auto Scaling targets and policies, and CodeDeploy applications, deployment groups and deployments
 * (ECS service deployments and revisions are kept with their services). What is not kept is rebuilt by the fleet at start: EC2
 * networking, load balancers, metric series, image behaviours.
 *
 * The file is the fake's own records (Maps and Dates tagged, see encode()), with a version: a file
 * that is not valid JSON, of another version or of another account/region is not loaded (the
 * caller starts fresh and says so).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FakeAws } from './server';

/** Bump when a kept record's shape changes: older files are then ignored, not misread. */
export const STATE_VERSION = 2;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface SavedState {
  version: number;
  savedAt: string;
  region: string;
  accountId: string;
  /** service → field → encoded value (the fake's own records). */
  services: Record<string, Record<string, Json>>;
}

/** The records kept, per fake service: fields of the service object (private ones included). */
const KEPT: Record<string, (fake: FakeAws) => Record<string, object>> = {
  ecs: (fake) => ({ ecs: fake.ecs, taskDefinitions: fake.ecs.taskDefinitions, ids: fake.ecs.ids }),
  iam: (fake) => ({ iam: fake.iam }),
  ecr: (fake) => ({ ecr: fake.ecr }),
  logs: (fake) => ({ logs: fake.logs }),
  autoScaling: (fake) => ({ autoScaling: fake.autoScaling }),
  codeDeploy: (fake) => ({ codeDeploy: fake.codeDeploy }),
};

/** `owner.field` names kept for each service. */
const FIELDS: Record<string, Record<string, readonly string[]>> = {
  ecs: {
    ecs: ['clusters', 'services', 'tasks'],
    taskDefinitions: ['families'],
    // The id generator's position: new task ids must not repeat those of the kept tasks.
    ids: ['state'],
  },
  iam: { iam: ['roles', 'counter'] },
  ecr: { ecr: ['repositories', 'images'] },
  logs: { logs: ['groups', 'seq'] },
  autoScaling: { autoScaling: ['targets', 'policies', 'activities'] },
  codeDeploy: { codeDeploy: ['applications', 'groups', 'deployments'] },
};

function encode(value: unknown): Json {
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined && typeof v !== 'function') out[k] = encode(v);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

function decode(value: Json): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$map' && Array.isArray(value.$map))
      return new Map(value.$map.map((entry) => (entry as Json[]).map(decode) as [unknown, unknown]));
    if (keys.length === 1 && keys[0] === '$date' && typeof value.$date === 'string')
      return new Date(value.$date);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v);
    return out;
  }
  return value;
}

const fieldsOf = (owner: object): Record<string, unknown> => owner as unknown as Record<string, unknown>;

export function snapshotState(fake: FakeAws, now = new Date()): SavedState {
  const services: SavedState['services'] = {};
  for (const [service, owners] of Object.entries(KEPT)) {
    const kept: Record<string, Json> = {};
    for (const [ownerName, owner] of Object.entries(owners(fake))) {
      for (const field of FIELDS[service]![ownerName]!)
        kept[`${ownerName}.${field}`] = encode(fieldsOf(owner)[field]);
    }
    services[service] = kept;
  }
  return {
    version: STATE_VERSION,
    savedAt: now.toISOString(),
    region: fake.region,
    accountId: fake.accountId,
    services,
  };
}

/** Sets a field from its decoded value, keeping the fake's own Map and array objects. */
function assign(owner: Record<string, unknown>, field: string, value: unknown): void {
  const current = owner[field];
  if (current instanceof Map && value instanceof Map) {
    current.clear();
    for (const [k, v] of value) current.set(k, v);
  } else if (Array.isArray(current) && Array.isArray(value)) {
    current.length = 0;
    current.push(...(value as unknown[]));
  } else {
    owner[field] = value;
  }
}

/** Why `saved` cannot be loaded into `fake`, or undefined when it can. */
export function incompatibility(fake: FakeAws, saved: unknown): string | undefined {
  if (saved === null || typeof saved !== 'object') return 'not a state file';
  const s = saved as Partial<SavedState>;
  if (s.version !== STATE_VERSION)
    return `version ${String(s.version)}, this fake reads version ${STATE_VERSION}`;
  if (s.region !== fake.region || s.accountId !== fake.accountId)
    return `saved for account ${String(s.accountId)} in ${String(s.region)}`;
  for (const [service, owners] of Object.entries(FIELDS)) {
    for (const [ownerName, fields] of Object.entries(owners)) {
      for (const field of fields) {
        if (s.services?.[service]?.[`${ownerName}.${field}`] === undefined)
          return `${service} ${ownerName}.${field} missing`;
      }
    }
  }
  return undefined;
}

/** Replaces the kept records of `fake` with the saved ones (check incompatibility() first). */
export function restoreState(fake: FakeAws, saved: SavedState): void {
  for (const [service, owners] of Object.entries(KEPT)) {
    for (const [ownerName, owner] of Object.entries(owners(fake))) {
      for (const field of FIELDS[service]![ownerName]!)
        assign(fieldsOf(owner), field, decode(saved.services[service]![`${ownerName}.${field}`]!));
    }
  }
  // Indexes over the tasks hold the same records: rebuilt from the restored tasks, not saved twice.
  const ecs = fieldsOf(fake.ecs);
  (ecs.tasksByService as Map<string, unknown>).clear();
  fake.ecs.exits.clear();
  const tasks = [...fake.ecs.tasks.values()].flatMap((byId) => [...byId.values()]);
  for (const byId of fake.ecs.tasks.values()) byId.clear();
  for (const task of tasks) {
    fake.ecs.insertTask(task);
    fake.ecs.exits.add(task);
  }
}

export type LoadResult = { loaded: SavedState } | { fresh: string };

/** Reads and loads `file` into `fake`; `fresh` says why nothing was loaded. */
export function loadStateFile(fake: FakeAws, file: string): LoadResult {
  if (!fs.existsSync(file)) return { fresh: `no saved state in ${file} yet` };
  let saved: unknown;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { fresh: `${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const why = incompatibility(fake, saved);
  if (why) return { fresh: `${file} cannot be loaded (${why})` };
  try {
    restoreState(fake, saved as SavedState);
  } catch (e) {
    return { fresh: `${file} cannot be loaded (${e instanceof Error ? e.message : String(e)})` };
  }
  return { loaded: saved as SavedState };
}

/** Writes the state atomically (a reader never sees half a file). */
export function saveStateFile(fake: FakeAws, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(snapshotState(fake)));
  fs.renameSync(tmp, file);
}

/** API operations that change nothing (the rest schedule a save). */
const READ_ONLY = /^(Describe|List|Get|BatchGet|Filter|Search|Simulate|StartLiveTail|AssumeRole)/;

export function changesState(operation: string): boolean {
  return !READ_ONLY.test(operation);
}
