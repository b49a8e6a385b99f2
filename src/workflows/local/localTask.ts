/**
 * The state of a task run locally on Docker, in ECS's own words (lastStatus, stopCode,
 * stoppedReason, healthStatus …) so the explorer, the stop report and the task metadata endpoint v4
 * (src/workflows/local/endpoints/, docs/local-run.md §2) read one model. The runner owns and mutates
 * it; readers get immutable snapshots. Editor-free.
 */

/** ECS's task lifecycle, as far as a local run goes through it (docs/local-run.md §6). */
export type LocalTaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED';

/** A container's lastStatus as ECS reports it. */
export type LocalContainerStatus = 'PENDING' | 'RUNNING' | 'STOPPED';

/** ECS's container healthStatus: UNKNOWN when there is no health check (or not yet decided). */
export type LocalHealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

/** ECS's stopCode values a local run can produce. */
export type LocalStopCode = 'EssentialContainerExited' | 'UserInitiated' | 'TaskFailedToStart';

export interface LocalPortMapping {
  readonly containerPort: number;
  /** The port on 127.0.0.1; equals containerPort unless that one was taken (then the next free one). */
  readonly hostPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** Always 127.0.0.1: a local task is never published on other interfaces. */
  readonly hostIp: string;
}

export interface LocalContainerSnapshot {
  readonly name: string;
  /** The image as written in the task definition. */
  readonly image: string;
  /** The local image id (`sha256:…`) once known. */
  readonly imageId?: string;
  /** The Docker container id once created (the metadata endpoint's DockerId). */
  readonly dockerId?: string;
  /** The Docker container name (`ecs-local-<family>-<taskId>-<container>`). */
  readonly dockerName?: string;
  readonly status: LocalContainerStatus;
  readonly health: LocalHealthStatus;
  /** Whether a health check is defined (health stays UNKNOWN without one). */
  readonly hasHealthCheck: boolean;
  readonly essential: boolean;
  readonly exitCode?: number;
  /** Why it stopped when not a plain exit (e.g. "OutOfMemoryError: Container killed due to memory usage"). */
  readonly reason?: string;
  readonly ports: readonly LocalPortMapping[];
  /** Docker limits derived from the task definition (cpu units, memory MiB). */
  readonly cpu?: number;
  readonly memory?: number;
  readonly memoryReservation?: number;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
}

export interface LocalTaskSnapshot {
  /** A 32-hex task id, like a Fargate task's. */
  readonly taskId: string;
  /** `arn:aws:ecs:local:000000000000:task/local/<taskId>`: shaped like an ARN, never a real one. */
  readonly taskArn: string;
  readonly cluster: 'local';
  readonly family: string;
  /** The revision when run from a registered revision; undefined for a file. */
  readonly revision?: number;
  /** Where the task definition came from: a file path, a revision ARN, or a deploy target. */
  readonly source: string;
  readonly status: LocalTaskStatus;
  /** The status the runner is heading to (ECS's desiredStatus: RUNNING, then STOPPED). */
  readonly desiredStatus: 'RUNNING' | 'STOPPED';
  readonly createdAt: Date;
  readonly startedAt?: Date;
  readonly stoppingAt?: Date;
  readonly stoppedAt?: Date;
  readonly stopCode?: LocalStopCode;
  readonly stoppedReason?: string;
  /** Task-level cpu (units) and memory (MiB), as in the task definition. */
  readonly cpu?: string;
  readonly memory?: string;
  readonly taskRoleArn?: string;
  readonly executionRoleArn?: string;
  /** The Docker network of the task (one bridge network per task). */
  readonly networkName?: string;
  /** The task's IPv4 address on that network (the pause container's: all containers share it). */
  readonly ipv4Address?: string;
  /** The pause container that owns the network namespace (awsvpc, docs/local-run.md §5). */
  readonly pauseContainerId?: string;
  readonly containers: readonly LocalContainerSnapshot[];
}

/** Every change of the task, pushed to listeners (explorer, endpoints). */
export type LocalTaskListener = (task: LocalTaskSnapshot) => void;

/**
 * What the task endpoints (metadata v4, credentials) give the runner. Started after the network
 * exists and before any container is created; `envFor` is asked once per container and its
 * variables are added to the container's environment (they win over the task definition's, as
 * the agent's do); `close` is awaited when the task stops, whatever the reason.
 */
export interface TaskEndpoints {
  envFor(containerName: string): Record<string, string>;
  close(): Promise<void>;
}

/** What the endpoints get to start with: the live task, the Docker network, and a stats source. */
export interface TaskEndpointsContext {
  /** The latest snapshot (read on every request: the state changes while the task runs). */
  readonly task: () => LocalTaskSnapshot;
  /** The network's gateway address: where a server on the host is reached from the containers. */
  readonly hostAddressFromContainers: string;
  /** Docker stats of one container, by Docker id (the `/stats` shape is Docker's own). */
  readonly stats: (dockerId: string, signal?: AbortSignal) => Promise<unknown>;
  readonly signal: AbortSignal;
}

/** The seam the runner calls; undefined means no endpoints (the containers get none of their env). */
export type StartTaskEndpoints = (context: TaskEndpointsContext) => Promise<TaskEndpoints>;

/** A fresh Fargate-like task id: 32 lowercase hex characters. */
export function newLocalTaskId(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < 32; i++) id += Math.floor(random() * 16).toString(16);
  return id;
}

export function localTaskArn(taskId: string): string {
  return `arn:aws:ecs:local:000000000000:task/local/${taskId}`;
}
