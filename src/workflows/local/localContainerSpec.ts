/**
 * How a planned container of a local task becomes a Docker container (docs/local-run.md §7–8): its
 * name, labels, the pause container's namespace, the environment with the task endpoints' variables,
 * and the limits ECS would apply (memory, CPU shares, ulimits, stop timeout). Pure: the task run
 * (localTaskRun.ts) creates what this describes.
 */
import type { ContainerSpec } from '../../docker/containers';
import type { LocalPortMapping } from './localTask';
import type { PlannedContainer } from './localTaskPlan';

const MIB = 1024 * 1024;

export interface PreparedContainer {
  readonly plan: PlannedContainer;
  /** environmentFiles, environment and secrets merged (endpoint variables are added at create). */
  readonly env: Readonly<Record<string, string>>;
  readonly imageId: string;
  readonly ports: readonly LocalPortMapping[];
}

/** A name part Docker accepts (container and network names). */
export function dockerSafe(text: string): string {
  return text.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 40);
}

export interface LocalContainerSpecInput {
  readonly container: PreparedContainer;
  /** The task's name prefix (`ecs-local-<family>-<task id>`). */
  readonly prefix: string;
  readonly labels: Record<string, string>;
  /** The pause container whose network namespace the container joins. */
  readonly pauseId: string;
  /** The task endpoints' variables for this container (metadata, credentials). */
  readonly endpointEnv: Readonly<Record<string, string>>;
  /** The task definition's `memory` (MiB, as a string). */
  readonly taskMemory: string | undefined;
}

export function localContainerSpec(input: LocalContainerSpecInput): ContainerSpec {
  const p = input.container.plan;
  return {
    name: `${input.prefix}-${dockerSafe(p.name)}`,
    image: p.image,
    labels: input.labels,
    networkMode: `container:${input.pauseId}`,
    env: { ...input.container.env, ...input.endpointEnv },
    ...(p.entrypoint ? { entrypoint: p.entrypoint } : {}),
    ...(p.command ? { command: p.command } : {}),
    ...(p.workingDir ? { workingDir: p.workingDir } : {}),
    ...(p.user ? { user: p.user } : {}),
    ...(p.healthCheck ? { healthCheck: p.healthCheck } : {}),
    ...(p.ulimits.length ? { ulimits: p.ulimits } : {}),
    init: p.init,
    readonlyRootfs: p.readonlyRootfs,
    ...(p.cpuShares ? { cpuShares: p.cpuShares } : {}),
    ...memoryOf(p, input.taskMemory),
    stopTimeoutSeconds: p.stopTimeoutSeconds,
  };
}

/** Container memory, else the task's memory as the container's hard limit (docs/local-run.md §8). */
function memoryOf(
  p: PlannedContainer,
  taskMemory: string | undefined,
): Pick<ContainerSpec, 'memoryBytes' | 'memoryReservationBytes'> {
  const taskMiB = Number(taskMemory);
  const hard = p.memoryMiB ?? (Number.isFinite(taskMiB) && taskMiB > 0 ? taskMiB : undefined);
  return {
    ...(hard ? { memoryBytes: hard * MIB } : {}),
    ...(p.memoryReservationMiB ? { memoryReservationBytes: p.memoryReservationMiB * MIB } : {}),
  };
}
