/**
 * What the metadata endpoint shows of a local task: everything a v4 answer can carry, read on every
 * request (`task: () => MetadataTask`) so it always shows the containers' current Docker ids and
 * states. localTaskEndpoints.ts maps the runner's LocalTaskSnapshot (../localTask.ts) onto it.
 * Editor-free.
 */

/** The ECS lifecycle words the metadata endpoint uses for a task and its containers. */
export type EcsStatus =
  | 'NONE'
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'RESOURCES_PROVISIONED'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'STOPPED';

export interface MetadataHealth {
  readonly status: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  readonly since?: Date;
  readonly exitCode?: number;
  readonly output?: string;
}

export interface MetadataPort {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol?: string;
  readonly hostIp?: string;
}

export interface MetadataContainer {
  /** The task definition's container name. */
  readonly name: string;
  readonly image: string;
  /** `sha256:…` of the image the container runs, once known. */
  readonly imageId?: string;
  /** The Docker container id, once created. */
  readonly dockerId?: string;
  /** The Docker container name (without the leading slash). */
  readonly dockerName?: string;
  readonly desiredStatus?: EcsStatus;
  readonly knownStatus: EcsStatus;
  readonly health?: MetadataHealth;
  readonly exitCode?: number;
  /** Container-level `cpu` (CPU units) and `memory` (MiB) of the task definition. */
  readonly cpu?: number;
  readonly memory?: number;
  readonly createdAt?: Date;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  readonly ports?: readonly MetadataPort[];
  readonly logDriver?: string;
  readonly logOptions?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface MetadataNetwork {
  /** The task's address on its Docker network (the pause container's). */
  readonly ipv4Address?: string;
  readonly subnetCidr?: string;
  readonly gateway?: string;
  readonly macAddress?: string;
}

export interface MetadataTask {
  readonly taskArn: string;
  /** Cluster name or ARN as the metadata shows it (a local task: a made-up `local` cluster). */
  readonly cluster: string;
  readonly family: string;
  readonly revision: number | string;
  readonly desiredStatus: EcsStatus;
  readonly knownStatus: EcsStatus;
  /** Task-level `cpu` (CPU units, e.g. "256") and `memory` (MiB, e.g. "512"), as in the task definition. */
  readonly cpu?: string;
  readonly memory?: string;
  readonly pullStartedAt?: Date;
  readonly pullStoppedAt?: Date;
  readonly executionStoppedAt?: Date;
  readonly availabilityZone?: string;
  /** Ephemeral storage in GiB from the task definition (Fargate's default is 20). */
  readonly ephemeralStorageGiB?: number;
  readonly network?: MetadataNetwork;
  readonly containers: readonly MetadataContainer[];
}
