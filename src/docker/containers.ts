/**
 * Containers and networks for Run Locally: create (with labels, so everything the extension creates
 * can be found again: docs/local-run.md §10), start, stop (SIGTERM, then SIGKILL after a timeout, as
 * `docker stop -t` does), remove, inspect, wait, list by label. Thin over the Engine API (1.41);
 * the Docker words stay here, the ECS words are the runner's. Editor-free.
 */
import type Dockerode from 'dockerode';
import type { DockerConnection } from './dockerClient';
import { asDockerError } from './dockerClient';

export type Labels = Readonly<Record<string, string>>;

export interface HealthCheckSpec {
  /** `["CMD", …]` or `["CMD-SHELL", "…"]`: Docker's Test takes the ECS forms as they are. */
  readonly test: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export interface UlimitSpec {
  readonly name: string;
  readonly soft: number;
  readonly hard: number;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly labels: Labels;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly user?: string;
  /** Join another container's network namespace (`container:<id>`), or a network by name. */
  readonly networkMode?: string;
  /** Port bindings (`8080/tcp` → 127.0.0.1:hostPort); only for the container owning the namespace. */
  readonly publish?: ReadonlyArray<{
    containerPort: number;
    protocol: 'tcp' | 'udp';
    hostIp: string;
    hostPort: number;
  }>;
  readonly healthCheck?: HealthCheckSpec;
  readonly ulimits?: readonly UlimitSpec[];
  readonly init?: boolean;
  readonly readonlyRootfs?: boolean;
  /** Docker CpuShares (ECS cpu units map 1:1, as the agent does). */
  readonly cpuShares?: number;
  /** Hard limit, bytes. */
  readonly memoryBytes?: number;
  readonly memoryReservationBytes?: number;
  /** `SIGTERM` unless the image says otherwise. */
  readonly stopTimeoutSeconds?: number;
  readonly hostname?: string;
}

export interface ContainerState {
  readonly id: string;
  readonly name: string;
  readonly imageId: string;
  /** Docker's State.Status: created, running, exited, dead … */
  readonly status: string;
  readonly running: boolean;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly error?: string;
  /** healthy, unhealthy, starting; undefined without a health check. */
  readonly health?: string;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  readonly labels: Labels;
  /** The IPv4 address per network name. */
  readonly networks: Readonly<Record<string, { ip: string; gateway: string }>>;
}

export interface LabelledResources {
  readonly containers: ReadonlyArray<{ id: string; name: string; state: string; labels: Labels }>;
  readonly networks: ReadonlyArray<{ id: string; name: string; labels: Labels }>;
}

const NS = 1_000_000_000;

function dockerDate(text: string | undefined): Date | undefined {
  if (!text || text.startsWith('0001-')) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function createOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of spec.publish ?? []) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  }
  const hc = spec.healthCheck;
  return {
    name: spec.name,
    Image: spec.image,
    Labels: { ...spec.labels },
    ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
    ...(spec.command ? { Cmd: [...spec.command] } : {}),
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.publish?.length ? { ExposedPorts: exposed } : {}),
    ...(spec.stopTimeoutSeconds !== undefined ? { StopTimeout: spec.stopTimeoutSeconds } : {}),
    ...(hc
      ? {
          Healthcheck: {
            Test: [...hc.test],
            Interval: hc.intervalSeconds * NS,
            Timeout: hc.timeoutSeconds * NS,
            Retries: hc.retries,
            StartPeriod: hc.startPeriodSeconds * NS,
          },
        }
      : {}),
    HostConfig: {
      ...(spec.networkMode ? { NetworkMode: spec.networkMode } : {}),
      ...(spec.publish?.length ? { PortBindings: bindings } : {}),
      ...(spec.ulimits?.length
        ? { Ulimits: spec.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })) }
        : {}),
      ...(spec.init ? { Init: true } : {}),
      ...(spec.readonlyRootfs ? { ReadonlyRootfs: true } : {}),
      ...(spec.cpuShares ? { CpuShares: spec.cpuShares } : {}),
      ...(spec.memoryBytes ? { Memory: spec.memoryBytes } : {}),
      ...(spec.memoryReservationBytes ? { MemoryReservation: spec.memoryReservationBytes } : {}),
    },
  };
}

async function wrap<T>(connection: DockerConnection, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asDockerError(error, connection.endpoint);
  }
}

export function createContainer(connection: DockerConnection, spec: ContainerSpec): Promise<string> {
  return wrap(connection, async () => (await connection.docker.createContainer(createOptions(spec))).id);
}

export function startContainer(connection: DockerConnection, id: string): Promise<void> {
  return wrap(connection, async () => {
    await connection.docker.getContainer(id).start();
  });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** SIGTERM (or the image's StopSignal), SIGKILL after `timeoutSeconds`; a stopped or gone container is fine. */
export function stopContainer(
  connection: DockerConnection,
  id: string,
  timeoutSeconds: number,
): Promise<void> {
  return wrap(connection, async () => {
    try {
      await connection.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (error) {
      // 304: already stopped; 404: already removed.
      if (statusOf(error) !== 304 && statusOf(error) !== 404) throw error;
    }
  });
}

/** Force-removes (kills if running) with its anonymous volumes; a container already gone is fine. */
export function removeContainer(connection: DockerConnection, id: string): Promise<void> {
  return wrap(connection, async () => {
    try {
      await connection.docker.getContainer(id).remove({ force: true, v: true });
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error;
    }
  });
}

export function inspectContainer(connection: DockerConnection, id: string): Promise<ContainerState> {
  return wrap(connection, async () => {
    const info = await connection.docker.getContainer(id).inspect();
    const networks: Record<string, { ip: string; gateway: string }> = {};
    for (const [name, n] of Object.entries(info.NetworkSettings.Networks ?? {})) {
      networks[name] = { ip: n.IPAddress, gateway: n.Gateway };
    }
    const state = info.State as typeof info.State & { Health?: { Status?: string } };
    const startedAt = dockerDate(state.StartedAt);
    const finishedAt = dockerDate(state.FinishedAt);
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      imageId: info.Image,
      status: state.Status,
      running: state.Running,
      exitCode: state.ExitCode,
      oomKilled: state.OOMKilled,
      ...(state.Error ? { error: state.Error } : {}),
      ...(state.Health?.Status ? { health: state.Health.Status } : {}),
      ...(startedAt ? { startedAt } : {}),
      ...(finishedAt ? { finishedAt } : {}),
      labels: info.Config.Labels ?? {},
      networks,
    };
  });
}

/** Resolves with the exit code when the container stops (`POST /containers/{id}/wait`). */
export function waitContainer(
  connection: DockerConnection,
  id: string,
  signal?: AbortSignal,
): Promise<number> {
  return wrap(connection, async () => {
    const wait = connection.docker.getContainer(id).wait.bind(connection.docker.getContainer(id)) as (
      options: object,
    ) => Promise<{ StatusCode: number }>;
    const result = await wait({ ...(signal ? { abortSignal: signal } : {}) });
    return result.StatusCode;
  });
}

/** Docker's own stats of a container (one sample, `stream=false`): the metadata endpoint's `/stats`. */
export function containerStats(connection: DockerConnection, id: string): Promise<unknown> {
  return wrap(connection, () => connection.docker.getContainer(id).stats({ stream: false }));
}

export function createNetwork(
  connection: DockerConnection,
  name: string,
  labels: Labels,
): Promise<{ id: string; gateway?: string }> {
  return wrap(connection, async () => {
    const network = await connection.docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { ...labels },
    });
    const info = (await network.inspect()) as { IPAM?: { Config?: Array<{ Gateway?: string }> } };
    const gateway = info.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
    return { id: network.id, ...(gateway ? { gateway } : {}) };
  });
}

export function removeNetwork(connection: DockerConnection, id: string): Promise<void> {
  return wrap(connection, async () => {
    try {
      await connection.docker.getNetwork(id).remove();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  });
}

/** Every container (running or not) and network carrying the label `key` (any value, or `key=value`). */
export function listByLabel(connection: DockerConnection, label: string): Promise<LabelledResources> {
  return wrap(connection, async () => {
    const filters = JSON.stringify({ label: [label] });
    const [containers, networks] = await Promise.all([
      connection.docker.listContainers({ all: true, filters }),
      connection.docker.listNetworks({ filters }),
    ]);
    return {
      containers: containers.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
        state: c.State,
        labels: c.Labels,
      })),
      networks: networks.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} })),
    };
  });
}
