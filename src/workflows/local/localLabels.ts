/**
 * The labels on everything Run Locally creates (containers, the pause container, the network), so
 * a task's resources are found by label, never by name, and the ones a crash left behind are found
 * at the next start (docs/local-run.md §10). Editor-free.
 */
import * as os from 'node:os';
import type { DockerGateway } from '../../docker/dockerGateway';

/** Present on every resource of every local task; its value is the task id. */
export const LOCAL_TASK_LABEL = 'ecs-fargate.local.task';
export const LOCAL_FAMILY_LABEL = 'ecs-fargate.local.family';
export const LOCAL_CONTAINER_LABEL = 'ecs-fargate.local.container';
/** `pause`, `container` or `network`. */
export const LOCAL_ROLE_LABEL = 'ecs-fargate.local.role';
/** The process (pid@host) that created it: a live owner's resources are not leftovers. */
export const LOCAL_OWNER_LABEL = 'ecs-fargate.local.owner';

export function localLabels(
  taskId: string,
  family: string,
  owner: string,
  role: 'pause' | 'container' | 'network',
  container?: string,
): Record<string, string> {
  return {
    [LOCAL_TASK_LABEL]: taskId,
    [LOCAL_FAMILY_LABEL]: family,
    [LOCAL_OWNER_LABEL]: owner,
    [LOCAL_ROLE_LABEL]: role,
    ...(container ? { [LOCAL_CONTAINER_LABEL]: container } : {}),
  };
}

export interface LocalLeftovers {
  /** The task ids the leftovers belong to. */
  readonly taskIds: readonly string[];
  readonly containers: ReadonlyArray<{ id: string; name: string; state: string }>;
  readonly networks: ReadonlyArray<{ id: string; name: string }>;
}

/**
 * Whether the process named by an owner label (`pid@host`) still runs. Another machine's process
 * (an engine shared over TCP) cannot be checked from here, so it counts as alive: never offer to
 * remove what may be someone else's running task. EPERM means the process exists (another user's).
 */
export function isOwnerAlive(owner: string | undefined, hostname = os.hostname()): boolean {
  const match = /^(\d+)@(.+)$/.exec(owner ?? '');
  if (!match) return false;
  if (match[2] !== hostname) return true;
  try {
    process.kill(Number(match[1]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Resources of local tasks not in `activeTaskIds` whose owner process is gone: what a crash or a
 * killed editor left behind. Another window's running tasks (a live owner) are not leftovers.
 */
export async function findLeftovers(
  docker: DockerGateway,
  activeTaskIds: ReadonlySet<string> = new Set(),
  ownerAlive: (owner: string | undefined) => boolean = isOwnerAlive,
): Promise<LocalLeftovers> {
  const found = await docker.listByLabel(LOCAL_TASK_LABEL);
  const stale = (labels: Readonly<Record<string, string>>) =>
    !activeTaskIds.has(labels[LOCAL_TASK_LABEL] ?? '') && !ownerAlive(labels[LOCAL_OWNER_LABEL]);
  const containers = found.containers.filter((c) => stale(c.labels));
  const networks = found.networks.filter((n) => stale(n.labels));
  const taskIds = [
    ...new Set([...containers, ...networks].map((r) => r.labels[LOCAL_TASK_LABEL] ?? '')),
  ].filter(Boolean);
  return {
    taskIds,
    containers: containers.map((c) => ({ id: c.id, name: c.name, state: c.state })),
    networks: networks.map((n) => ({ id: n.id, name: n.name })),
  };
}

export function isEmpty(leftovers: LocalLeftovers): boolean {
  return leftovers.containers.length === 0 && leftovers.networks.length === 0;
}

/** Removes the leftovers: containers first (a network with endpoints cannot be removed). */
export async function removeLeftovers(docker: DockerGateway, leftovers: LocalLeftovers): Promise<void> {
  await Promise.all(leftovers.containers.map((c) => docker.removeContainer(c.id)));
  for (const n of leftovers.networks) await docker.removeNetwork(n.id);
}

/**
 * Everything of one task, found by its label (so a half-provisioned task is cleaned too): containers
 * first, then its networks, and `networkId` (the network it created) if the label did not find it.
 */
export async function removeLocalTask(
  docker: DockerGateway,
  taskId: string,
  networkId?: string,
): Promise<void> {
  const found = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${taskId}`);
  await Promise.all(found.containers.map((c) => docker.removeContainer(c.id)));
  for (const n of found.networks) await docker.removeNetwork(n.id);
  if (networkId && !found.networks.some((n) => n.id === networkId)) await docker.removeNetwork(networkId);
}
