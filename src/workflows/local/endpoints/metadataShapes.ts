/**
 * The task metadata endpoint v4 answers, in the JSON shapes Fargate serves (field names and
 * omissions as the ECS agent's response types write them: docs/local-run.md §2), filled from the
 * runner's snapshot of the local task. Pure functions, so the shapes are unit-tested without a server.
 */
import type { MetadataContainer, MetadataTask } from './metadataTask';

/** Fargate reports a task's launch type as FARGATE; a local run imitates Fargate. */
export const LAUNCH_TYPE = 'FARGATE';

/** Fargate's default ephemeral storage (GiB) when the task definition sets none. */
const DEFAULT_EPHEMERAL_GIB = 20;

export interface V4Network {
  NetworkMode: 'awsvpc';
  IPv4Addresses?: string[];
  AttachmentIndex?: number;
  MACAddress?: string;
  IPv4SubnetCIDRBlock?: string;
  SubnetGatewayIpv4Address?: string;
}

export interface V4Container {
  DockerId: string;
  Name: string;
  DockerName: string;
  Image: string;
  ImageID: string;
  Ports?: Array<{ ContainerPort: number; Protocol?: string; HostPort?: number; HostIp?: string }>;
  Labels?: Record<string, string>;
  DesiredStatus: string;
  KnownStatus: string;
  ExitCode?: number;
  Limits: { CPU: number; Memory: number };
  CreatedAt?: string;
  StartedAt?: string;
  FinishedAt?: string;
  Type: 'NORMAL';
  Networks?: V4Network[];
  Health?: { status: string; statusSince?: string; exitCode?: number; output?: string };
  LogDriver?: string;
  LogOptions?: Record<string, string>;
  ContainerARN?: string;
}

export interface V4Task {
  Cluster: string;
  TaskARN: string;
  Family: string;
  Revision: string;
  DesiredStatus?: string;
  KnownStatus: string;
  Limits?: { CPU?: number; Memory?: number };
  PullStartedAt?: string;
  PullStoppedAt?: string;
  ExecutionStoppedAt?: string;
  AvailabilityZone?: string;
  LaunchType: string;
  Containers?: V4Container[];
  ClockDrift: { ClockErrorBound: number; ReferenceTimestamp: string; ClockSynchronizationStatus: string };
  EphemeralStorageMetrics: { Utilized: number; Reserved: number };
  FaultInjectionEnabled: boolean;
}

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** Adds the key only when the value is defined (Go's `omitempty`). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The labels ECS puts on every container of a task, then the task definition's dockerLabels. */
export function ecsLabels(task: MetadataTask, container: MetadataContainer): Record<string, string> {
  return {
    'com.amazonaws.ecs.cluster': task.cluster,
    'com.amazonaws.ecs.container-name': container.name,
    'com.amazonaws.ecs.task-arn': task.taskArn,
    'com.amazonaws.ecs.task-definition-family': task.family,
    'com.amazonaws.ecs.task-definition-version': String(task.revision),
    ...container.labels,
  };
}

function prefixLength(cidr: string | undefined): string | undefined {
  return cidr?.split('/')[1];
}

function network(task: MetadataTask): V4Network[] | undefined {
  const net = task.network;
  if (!net?.ipv4Address) return undefined;
  const prefix = prefixLength(net.subnetCidr);
  return [
    defined<V4Network>({
      NetworkMode: 'awsvpc',
      IPv4Addresses: [net.ipv4Address],
      AttachmentIndex: 0,
      MACAddress: net.macAddress,
      IPv4SubnetCIDRBlock: net.subnetCidr,
      SubnetGatewayIpv4Address: net.gateway && prefix ? `${net.gateway}/${prefix}` : net.gateway,
    }),
  ];
}

/** `${ECS_CONTAINER_METADATA_URI_V4}`: one container. */
export function containerMetadata(task: MetadataTask, container: MetadataContainer): V4Container {
  const ports = container.ports?.map((p) =>
    defined({
      ContainerPort: p.containerPort,
      Protocol: p.protocol ?? 'tcp',
      HostPort: p.hostPort,
      HostIp: p.hostIp,
    }),
  );
  const health = container.health;
  return defined<V4Container>({
    DockerId: container.dockerId ?? '',
    Name: container.name,
    DockerName: container.dockerName ?? container.name,
    Image: container.image,
    ImageID: container.imageId ?? '',
    Ports: ports && ports.length > 0 ? ports : undefined,
    Labels: ecsLabels(task, container),
    DesiredStatus: container.desiredStatus ?? task.desiredStatus,
    KnownStatus: container.knownStatus,
    ExitCode: container.exitCode,
    Limits: { CPU: container.cpu ?? 0, Memory: container.memory ?? 0 },
    CreatedAt: iso(container.createdAt),
    StartedAt: iso(container.startedAt),
    FinishedAt: iso(container.finishedAt),
    Type: 'NORMAL',
    Networks: network(task),
    Health: health
      ? defined({
          status: health.status,
          statusSince: iso(health.since),
          exitCode: health.exitCode,
          output: health.output,
        })
      : undefined,
    LogDriver: container.logDriver,
    LogOptions: container.logOptions ? { ...container.logOptions } : undefined,
    ContainerARN: containerArn(task.taskArn, container.name),
  });
}

/** A container ARN in the task's account and region: `…:container/<cluster>/<task id>/<name>`. */
export function containerArn(taskArn: string, name: string): string | undefined {
  const match = /^(arn:[^:]+:ecs:[^:]*:[^:]*):task\/(.+)$/.exec(taskArn);
  return match ? `${match[1]}:container/${match[2]}/${name}` : undefined;
}

function taskLimits(task: MetadataTask): V4Task['Limits'] {
  const cpu = task.cpu === undefined ? undefined : Number(task.cpu);
  const memory = task.memory === undefined ? undefined : Number(task.memory);
  // Task CPU is reported in vCPUs (256 units → 0.25), memory in MiB.
  const limits = defined({
    CPU: cpu !== undefined && Number.isFinite(cpu) ? cpu / 1024 : undefined,
    Memory: memory !== undefined && Number.isFinite(memory) ? memory : undefined,
  });
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** `${ECS_CONTAINER_METADATA_URI_V4}/task`: the task and all its containers. */
export function taskMetadata(task: MetadataTask, now: Date = new Date()): V4Task {
  return defined<V4Task>({
    Cluster: task.cluster,
    TaskARN: task.taskArn,
    Family: task.family,
    Revision: String(task.revision),
    DesiredStatus: task.desiredStatus,
    KnownStatus: task.knownStatus,
    Limits: taskLimits(task),
    PullStartedAt: iso(task.pullStartedAt),
    PullStoppedAt: iso(task.pullStoppedAt),
    ExecutionStoppedAt: iso(task.executionStoppedAt),
    AvailabilityZone: task.availabilityZone,
    LaunchType: LAUNCH_TYPE,
    Containers: task.containers.map((c) => containerMetadata(task, c)),
    // The local clock is the reference: no bound is known, so it says so the way Fargate would.
    ClockDrift: {
      ClockErrorBound: 0,
      ReferenceTimestamp: now.toISOString(),
      ClockSynchronizationStatus: 'NOT_SYNCHRONIZED',
    },
    EphemeralStorageMetrics: {
      Utilized: 0,
      Reserved: Math.round((task.ephemeralStorageGiB ?? DEFAULT_EPHEMERAL_GIB) * 1024),
    },
    FaultInjectionEnabled: false,
  });
}
