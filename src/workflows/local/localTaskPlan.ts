/**
 * A task definition → what Run Locally will create, decided before anything is created: each
 * container's Docker settings (entryPoint, command, user, limits, health check with ECS's
 * defaults, ulimits, init, read-only root), its dependencies, and the things that cannot run as
 * written, as errors said before the start. Pure: files and ports are checked by the runner.
 * The mapping and its sources are in docs/local-run.md §7–8. Editor-free.
 */
import type { HealthCheckSpec, UlimitSpec } from '../../docker/containers';
import type { JsonObject } from '../../taskdef/normalize';

export type DependsOnCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface PlannedDependency {
  readonly containerName: string;
  readonly condition: DependsOnCondition;
}

export interface PlannedPort {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** The hostPort written in the task definition (awsvpc: equal to containerPort), if any. */
  readonly requestedHostPort?: number;
}

export interface PlannedEnvironmentFile {
  readonly value: string;
  readonly type: string;
}

export interface PlannedSecret {
  readonly name: string;
  readonly valueFrom: string;
}

export interface PlannedContainer {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly dependsOn: readonly PlannedDependency[];
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly environmentFiles: readonly PlannedEnvironmentFile[];
  readonly secrets: readonly PlannedSecret[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly healthCheck?: HealthCheckSpec;
  readonly ulimits: readonly UlimitSpec[];
  readonly init: boolean;
  readonly readonlyRootfs: boolean;
  readonly cpuShares?: number;
  readonly memoryMiB?: number;
  readonly memoryReservationMiB?: number;
  /** Seconds between SIGTERM and SIGKILL (ECS: 30 unless stopTimeout says otherwise). */
  readonly stopTimeoutSeconds: number;
  readonly ports: readonly PlannedPort[];
}

export interface LocalTaskPlan {
  readonly family: string;
  readonly revision?: number;
  readonly cpu?: string;
  readonly memory?: string;
  readonly taskRoleArn?: string;
  readonly executionRoleArn?: string;
  /** X86_64 or ARM64 (X86_64 when runtimePlatform does not say). */
  readonly cpuArchitecture: string;
  readonly containers: readonly PlannedContainer[];
  /** Things run differently from Fargate, said once before the start (not errors). */
  readonly notes: readonly string[];
}

/** ECS's health-check defaults (docs/local-run.md §7). */
export const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;
/** ECS's stopTimeout default on Fargate (docs/local-run.md §7). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
/** The agent's minimum cpu shares (the kernel's minimum is 2). */
const MIN_CPU_SHARES = 2;

export class LocalPlanError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The task definition cannot run locally: ${problems.length === 1 ? problems[0] : problems.map((p, i) => `(${i + 1}) ${p}`).join(' ')}`,
    );
    this.name = 'LocalPlanError';
  }
}

const CONDITIONS = new Set<string>(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** "256" or 256 → "256" (ECS takes task cpu/memory as strings; files often have numbers). */
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

function healthCheckOf(raw: Obj | undefined): HealthCheckSpec | undefined {
  const test = strings(raw?.command);
  if (!raw || !test || test.length === 0) return undefined;
  return {
    // ECS's forms are Docker's: ["CMD", exe, args…] or ["CMD-SHELL", "command line"] (NONE disables).
    test,
    intervalSeconds: num(raw.interval) ?? HEALTH_CHECK_DEFAULTS.interval,
    timeoutSeconds: num(raw.timeout) ?? HEALTH_CHECK_DEFAULTS.timeout,
    retries: num(raw.retries) ?? HEALTH_CHECK_DEFAULTS.retries,
    startPeriodSeconds: num(raw.startPeriod) ?? HEALTH_CHECK_DEFAULTS.startPeriod,
  };
}

function environmentOf(raw: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of arr(raw)) {
    const name = str(obj(item)?.name);
    const value = obj(item)?.value;
    if (name)
      env[name] =
        typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : '';
  }
  return env;
}

function containerOf(raw: Obj, index: number, problems: string[], notes: string[]): PlannedContainer {
  const name = str(raw.name) ?? `container-${index + 1}`;
  const image = str(raw.image) ?? '';
  if (!image) problems.push(`Container ${name} has no image.`);
  const linux = obj(raw.linuxParameters);
  const ulimits = arr(raw.ulimits).flatMap((u) => {
    const o = obj(u);
    const uname = str(o?.name);
    const soft = num(o?.softLimit);
    const hard = num(o?.hardLimit);
    return uname && soft !== undefined && hard !== undefined ? [{ name: uname, soft, hard }] : [];
  });
  const dependsOn = arr(raw.dependsOn).flatMap((d): PlannedDependency[] => {
    const o = obj(d);
    const target = str(o?.containerName);
    const condition = str(o?.condition);
    if (!target || !condition || !CONDITIONS.has(condition)) {
      problems.push(`Container ${name} has a dependsOn entry without a containerName and a condition.`);
      return [];
    }
    return [{ containerName: target, condition: condition as DependsOnCondition }];
  });
  const ports = arr(raw.portMappings).flatMap((p): PlannedPort[] => {
    const o = obj(p);
    const containerPort = num(o?.containerPort);
    if (containerPort === undefined) return [];
    const hostPort = num(o?.hostPort);
    return [
      {
        containerPort,
        protocol: str(o?.protocol) === 'udp' ? 'udp' : 'tcp',
        ...(hostPort !== undefined ? { requestedHostPort: hostPort } : {}),
      },
    ];
  });
  if (obj(raw.logConfiguration)) {
    notes.push(
      `Container ${name}: its logConfiguration is not used locally; its logs go to the Output channel.`,
    );
  }
  if (arr(raw.mountPoints).length > 0 || arr(raw.volumesFrom).length > 0) {
    notes.push(`Container ${name}: mountPoints and volumesFrom are not mounted locally.`);
  }
  const cpu = num(raw.cpu);
  const health = healthCheckOf(obj(raw.healthCheck));
  return {
    name,
    image,
    essential: raw.essential !== false,
    dependsOn,
    ...(strings(raw.entryPoint) ? { entrypoint: strings(raw.entryPoint) } : {}),
    ...(strings(raw.command) ? { command: strings(raw.command) } : {}),
    environment: environmentOf(raw.environment),
    environmentFiles: arr(raw.environmentFiles).flatMap((f) => {
      const value = str(obj(f)?.value);
      return value ? [{ value, type: str(obj(f)?.type) ?? 's3' }] : [];
    }),
    secrets: arr(raw.secrets).flatMap((s) => {
      const sname = str(obj(s)?.name);
      const valueFrom = str(obj(s)?.valueFrom);
      return sname && valueFrom ? [{ name: sname, valueFrom }] : [];
    }),
    ...(str(raw.workingDirectory) ? { workingDir: str(raw.workingDirectory) } : {}),
    ...(str(raw.user) ? { user: str(raw.user) } : {}),
    ...(health && health.test[0] !== 'NONE' ? { healthCheck: health } : {}),
    ulimits,
    init: linux?.initProcessEnabled === true,
    readonlyRootfs: raw.readonlyRootFilesystem === true,
    ...(cpu ? { cpuShares: Math.max(MIN_CPU_SHARES, cpu) } : {}),
    ...(num(raw.memory) ? { memoryMiB: num(raw.memory) } : {}),
    ...(num(raw.memoryReservation) ? { memoryReservationMiB: num(raw.memoryReservation) } : {}),
    stopTimeoutSeconds: num(raw.stopTimeout) ?? DEFAULT_STOP_TIMEOUT_SECONDS,
    ports,
  };
}

/** A cycle in dependsOn, as names (`a → b → a`), or undefined. */
function findCycle(containers: readonly PlannedContainer[]): string | undefined {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name].join(' → ');
    state.set(name, 'visiting');
    path.push(name);
    for (const d of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(d.containerName);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const c of containers) {
    const cycle = visit(c.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The plan, or a LocalPlanError listing every reason the definition cannot run locally. */
export function planLocalTask(taskDefinition: JsonObject, revision?: number): LocalTaskPlan {
  const td = taskDefinition as unknown as Obj;
  const problems: string[] = [];
  const notes: string[] = [];
  const family = str(td.family) ?? 'local-task';
  const rawContainers = arr(td.containerDefinitions).flatMap((c) => (obj(c) ? [obj(c) as Obj] : []));
  if (rawContainers.length === 0) problems.push('It has no containerDefinitions.');
  const containers = rawContainers.map((c, i) => containerOf(c, i, problems, notes));
  const names = new Set(containers.map((c) => c.name));
  if (names.size !== containers.length) problems.push('Two containers have the same name.');
  if (!containers.some((c) => c.essential)) problems.push('At least one container must be essential.');
  for (const c of containers) {
    for (const d of c.dependsOn) {
      const target = containers.find((t) => t.name === d.containerName);
      if (!target)
        problems.push(`Container ${c.name} depends on ${d.containerName}, which is not in the task.`);
      else if (d.condition === 'HEALTHY' && !target.healthCheck) {
        problems.push(
          `Container ${c.name} depends on ${d.containerName} being HEALTHY, but ${d.containerName} has no healthCheck.`,
        );
      } else if ((d.condition === 'SUCCESS' || d.condition === 'COMPLETE') && target.essential) {
        // ECS refuses this at registration: an essential container that exits stops the task.
        problems.push(
          `Container ${c.name} waits for ${d.containerName} to ${d.condition === 'SUCCESS' ? 'succeed' : 'complete'}, so ${d.containerName} must be "essential": false.`,
        );
      }
    }
  }
  const cycle = findCycle(containers);
  if (cycle) problems.push(`dependsOn has a cycle: ${cycle}.`);
  const networkMode = str(td.networkMode);
  if (networkMode && networkMode !== 'awsvpc') {
    notes.push(
      `networkMode is ${networkMode}; the local run uses awsvpc semantics (one shared localhost), as Fargate does.`,
    );
  }
  if (problems.length > 0) throw new LocalPlanError(problems);
  const platform = obj(td.runtimePlatform);
  return {
    family,
    ...(revision !== undefined ? { revision } : num(td.revision) ? { revision: num(td.revision) } : {}),
    ...(scalar(td.cpu) ? { cpu: scalar(td.cpu) } : {}),
    ...(scalar(td.memory) ? { memory: scalar(td.memory) } : {}),
    ...(str(td.taskRoleArn) ? { taskRoleArn: str(td.taskRoleArn) } : {}),
    ...(str(td.executionRoleArn) ? { executionRoleArn: str(td.executionRoleArn) } : {}),
    cpuArchitecture: str(platform?.cpuArchitecture) ?? 'X86_64',
    containers,
    notes,
  };
}

/** ECS's architecture name → Docker's (Go's). */
export function dockerArchitecture(cpuArchitecture: string): string {
  return cpuArchitecture === 'ARM64' ? 'arm64' : 'amd64';
}

/** Containers in an order where every dependency comes first (the plan has no cycles). */
export function startOrder(containers: readonly PlannedContainer[]): PlannedContainer[] {
  const done = new Set<string>();
  const out: PlannedContainer[] = [];
  const byName = new Map(containers.map((c) => [c.name, c]));
  const visit = (c: PlannedContainer) => {
    if (done.has(c.name)) return;
    done.add(c.name);
    for (const d of c.dependsOn) {
      const target = byName.get(d.containerName);
      if (target) visit(target);
    }
    out.push(c);
  };
  containers.forEach(visit);
  return out;
}
