/**
 * An in-memory DockerGateway for the layers above the Docker engine (workflows, commands) where the
 * real engine is not the point: it records what was built and pushed, reports the platform it is
 * told to (a daemon with a cached base image of another architecture does that), and can be made
 * unreachable. The engine itself is tested against a real dockerd (test/integration/docker).
 */
import { DockerUnavailableError } from '../../src/docker/dockerErrors';
import type { DockerGateway } from '../../src/docker/dockerGateway';
import type { BuildRequest, BuiltImage } from '../../src/docker/imageBuilder';
import type { PushedImage, PushRequest } from '../../src/docker/imagePusher';
import type { ContainerSpec, ContainerState, LabelledResources } from '../../src/docker/containers';
import type { ContainerEvent, ContainerLogLine } from '../../src/docker/containerStreams';
import { PullError, type EnginePlatform, type LocalImage } from '../../src/docker/images';
import type { PauseImage } from '../../src/docker/pauseImage';

/** A container of the in-memory engine: what was asked, and where it is in its life. */
export interface FakeContainer {
  readonly id: string;
  readonly spec: ContainerSpec;
  status: 'created' | 'running' | 'exited';
  exitCode: number;
  health?: 'starting' | 'healthy' | 'unhealthy';
  startedAt?: Date;
  finishedAt?: Date;
  /** The stop timeout the last stop used (seconds). */
  stoppedWithTimeout?: number;
}

export class FakeDockerGateway implements DockerGateway {
  readonly description = 'unix:///fake/docker.sock (in memory)';
  readonly builds: BuildRequest[] = [];
  readonly pushes: PushRequest[] = [];
  /** The platform the "daemon" builds, whatever was asked; default: what was asked. */
  builtPlatform: string | undefined;
  unreachable = false;
  /** Images the engine has (ref → image); others are "pulled" unless listed in `unpullable`. */
  readonly images = new Map<string, LocalImage>();
  readonly unpullable = new Set<string>();
  readonly pulls: string[] = [];
  platform: EnginePlatform = { os: 'linux', architecture: 'amd64' };
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, { id: string; name: string; labels: Record<string, string> }>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly logs = new Map<string, ContainerLogLine[]>();
  private nextId = 1;

  ensureReachable(): Promise<void> {
    if (this.unreachable)
      return Promise.reject(new DockerUnavailableError(this.description, new Error('connect ENOENT')));
    return Promise.resolve();
  }

  build(request: BuildRequest): Promise<BuiltImage> {
    this.builds.push(request);
    const platform = this.builtPlatform ?? request.platform ?? 'linux/amd64';
    const [os = 'linux', architecture = 'amd64'] = platform.split('/');
    return Promise.resolve({
      imageId: `sha256:${String(this.builds.length).padStart(64, '0')}`,
      tags: request.tags,
      platform,
      os,
      architecture,
    });
  }

  push(request: PushRequest): Promise<PushedImage> {
    this.pushes.push(request);
    const digest = `sha256:${'d'.repeat(63)}${this.pushes.length}`;
    return Promise.resolve({
      repository: request.repository,
      digest,
      tags: request.tags,
      imageUri: `${request.repository}@${digest}`,
      summary: { percent: 100, layers: 1, pushed: 1, alreadyPresent: 0, bytesPushed: 1, bytesTotal: 1 },
    });
  }

  inspectImage(ref: string): Promise<LocalImage | undefined> {
    return Promise.resolve(this.images.get(ref));
  }

  pullImage(ref: string): Promise<LocalImage> {
    this.pulls.push(ref);
    if (this.unpullable.has(ref)) return Promise.reject(new PullError(ref, 'manifest unknown'));
    const image = { id: `sha256:${String(this.pulls.length).padStart(64, 'a')}`, ...this.platform };
    this.images.set(ref, image);
    return Promise.resolve(image);
  }

  enginePlatform(): Promise<EnginePlatform> {
    return Promise.resolve(this.platform);
  }

  ensurePauseImage(): Promise<PauseImage> {
    return Promise.resolve({ id: 'sha256:pause', ref: 'ecs-fargate-local/pause:fake', ...this.platform });
  }

  createNetwork(name: string, labels: Record<string, string>): Promise<{ id: string; gateway?: string }> {
    const id = `net${this.nextId++}`;
    this.networks.set(id, { id, name, labels });
    return Promise.resolve({ id, gateway: '172.30.0.1' });
  }

  removeNetwork(id: string): Promise<void> {
    this.networks.delete(id);
    return Promise.resolve();
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    const id = `c${String(this.nextId++).padStart(11, '0')}`;
    this.containers.set(id, { id, spec, status: 'created', exitCode: 0 });
    return Promise.resolve(id);
  }

  startContainer(id: string): Promise<void> {
    const c = this.container(id);
    c.status = 'running';
    c.startedAt = new Date();
    if (c.spec.healthCheck) c.health = 'starting';
    this.emit(id, 'start');
    return Promise.resolve();
  }

  stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const c = this.containers.get(id);
    if (c?.status === 'running') {
      c.stoppedWithTimeout = timeoutSeconds;
      this.exit(id, 143);
    }
    return Promise.resolve();
  }

  removeContainer(id: string): Promise<void> {
    this.containers.delete(id);
    return Promise.resolve();
  }

  inspectContainer(id: string): Promise<ContainerState> {
    const c = this.container(id);
    return Promise.resolve({
      id,
      name: c.spec.name,
      imageId: this.images.get(c.spec.image)?.id ?? 'sha256:unknown',
      status: c.status,
      running: c.status === 'running',
      exitCode: c.exitCode,
      oomKilled: false,
      ...(c.health ? { health: c.health } : {}),
      ...(c.startedAt ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt ? { finishedAt: c.finishedAt } : {}),
      labels: c.spec.labels,
      networks: c.spec.networkMode?.startsWith('container:')
        ? {}
        : { [c.spec.networkMode ?? 'bridge']: { ip: '172.30.0.2', gateway: '172.30.0.1' } },
    });
  }

  async waitContainer(id: string): Promise<number> {
    const c = this.container(id);
    if (c.status === 'exited') return c.exitCode;
    return new Promise((resolve) => {
      const listener = (event: ContainerEvent) => {
        if (event.containerId === id && event.action === 'die') {
          this.listeners.delete(listener);
          resolve(this.container(id).exitCode);
        }
      };
      this.listeners.add(listener);
    });
  }

  containerStats(id: string): Promise<unknown> {
    return Promise.resolve({ id, cpu_stats: {}, memory_stats: {} });
  }

  listByLabel(label: string): Promise<LabelledResources> {
    const [key = '', value] = label.split('=');
    const matches = (labels: Record<string, string>) =>
      key in labels && (value === undefined || labels[key] === value);
    return Promise.resolve({
      containers: [...this.containers.values()]
        .filter((c) => matches(c.spec.labels))
        .map((c) => ({ id: c.id, name: c.spec.name, state: c.status, labels: c.spec.labels })),
      networks: [...this.networks.values()].filter((n) => matches(n.labels)),
    });
  }

  async *followLogs(id: string, signal: AbortSignal): AsyncIterable<ContainerLogLine> {
    for (const line of this.logs.get(id) ?? []) {
      if (signal.aborted) return;
      yield line;
    }
    await Promise.resolve();
  }

  async *containerEvents(label: string, signal: AbortSignal): AsyncIterable<ContainerEvent> {
    const queue: ContainerEvent[] = [];
    let wake: (() => void) | undefined;
    const [key = ''] = label.split('=');
    const listener = (event: ContainerEvent) => {
      if (!(key in (this.containers.get(event.containerId)?.spec.labels ?? {}))) return;
      queue.push(event);
      wake?.();
    };
    this.listeners.add(listener);
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      this.listeners.delete(listener);
      signal.removeEventListener('abort', onAbort);
    }
  }

  // ---- test controls ----

  /** The container created with this Docker name. */
  byName(name: string): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => c.spec.name === name);
  }

  /** The process exits with `code`. */
  exit(id: string, code: number): void {
    const c = this.container(id);
    c.status = 'exited';
    c.exitCode = code;
    c.finishedAt = new Date();
    this.emit(id, 'die', { exitCode: String(code) });
  }

  setHealth(id: string, health: 'healthy' | 'unhealthy'): void {
    this.container(id).health = health;
    this.emit(id, `health_status: ${health}`);
  }

  addLog(id: string, message: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const lines = this.logs.get(id) ?? [];
    lines.push({ stream, message, timestamp: Date.now() });
    this.logs.set(id, lines);
  }

  private container(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw Object.assign(new Error(`No such container: ${id}`), { statusCode: 404 });
    return c;
  }

  private emit(id: string, action: string, attributes: Record<string, string> = {}): void {
    const event = { action, containerId: id, attributes, time: Date.now() };
    for (const listener of [...this.listeners]) listener(event);
  }
}
