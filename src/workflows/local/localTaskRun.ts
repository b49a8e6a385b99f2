/**
 * One local task from its network to its removal: the network and the pause container that owns
 * the namespace (awsvpc), the task endpoints, the containers created up front and started as their
 * dependsOn conditions allow, the lifecycle PROVISIONING → PENDING → RUNNING → STOPPED, an
 * essential container's exit stopping the task with ECS's words, and a stop that removes
 * everything (docs/local-run.md §5–10). Container changes arrive as Docker events; a slow
 * reconcile (inspect) covers an event missed while the events request was connecting.
 * Editor-free.
 */
import type { ContainerSpec } from '../../docker/containers';
import type { DockerGateway } from '../../docker/dockerGateway';
import type { LogEvent, LogSource } from '../../logs/types';
import { shortId } from '../../logs/logTargets';
import type {
  LocalPortMapping,
  LocalStopCode,
  LocalTaskSnapshot,
  StartTaskEndpoints,
  TaskEndpoints,
} from './localTask';
import { LOCAL_TASK_LABEL, localLabels } from './localLabels';
import type { LocalTaskPlan, PlannedContainer } from './localTaskPlan';
import { ecsHealth, LocalTaskState } from './localTaskState';

export const ESSENTIAL_EXITED_REASON = 'Essential container in task exited';
export const USER_STOP_REASON = 'Task stopped by user';
const OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage';
const MIB = 1024 * 1024;
/** How long the stop waits for the last log lines after the containers stopped. */
const LOG_DRAIN_MS = 2000;
/** How many last lines per container are kept for the stop report (exec format error …). */
const KEPT_LINES = 20;

export interface LocalRunListener {
  onTask?(task: LocalTaskSnapshot): void;
  onLog?(event: LogEvent): void;
  onNotice?(level: 'info' | 'warning' | 'error', text: string): void;
}

export interface PreparedContainer {
  readonly plan: PlannedContainer;
  /** environmentFiles, environment and secrets merged (endpoint variables are added at create). */
  readonly env: Readonly<Record<string, string>>;
  readonly imageId: string;
  readonly ports: readonly LocalPortMapping[];
}

export interface TaskRunContext {
  readonly docker: DockerGateway;
  readonly plan: LocalTaskPlan;
  readonly containers: readonly PreparedContainer[];
  readonly pauseImage: string;
  readonly owner: string;
  readonly startEndpoints?: StartTaskEndpoints;
  readonly listener: LocalRunListener;
  readonly now: () => Date;
  /** Inspect every container this often, in case an event was missed. */
  readonly reconcileMs: number;
}

function dockerSafe(text: string): string {
  return text.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 40);
}

export class LocalTaskRun {
  readonly state: LocalTaskState;
  readonly running: Promise<LocalTaskSnapshot>;
  readonly stopped: Promise<LocalTaskSnapshot>;
  /** The last lines of each container's log, for the stop report. */
  readonly lastLines = new Map<string, string[]>();

  private resolveRunning!: (task: LocalTaskSnapshot) => void;
  private resolveStopped!: (task: LocalTaskSnapshot) => void;
  private readonly background = new AbortController();
  private readonly logPumps: Array<Promise<void>> = [];
  private readonly startRequested = new Set<string>();
  private readonly exitHandled = new Set<string>();
  private networkId: string | undefined;
  private endpoints: TaskEndpoints | undefined;
  private stopping: Promise<LocalTaskSnapshot> | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private readonly prefix: string;

  constructor(
    private readonly ctx: TaskRunContext,
    initial: LocalTaskSnapshot,
  ) {
    this.state = new LocalTaskState(initial, (task) => ctx.listener.onTask?.(task));
    this.prefix = `ecs-local-${dockerSafe(ctx.plan.family)}-${initial.taskId.slice(0, 8)}`;
    this.running = new Promise((resolve) => (this.resolveRunning = resolve));
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  get taskId(): string {
    return this.state.snapshot().taskId;
  }

  /** Runs in the background; failures stop the task (TaskFailedToStart) and clean up. */
  start(): void {
    this.provision().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      void this.stop('TaskFailedToStart', message);
    });
  }

  /** A graceful stop asked by the user (SIGTERM, then SIGKILL after each container's stopTimeout). */
  stopByUser(): Promise<LocalTaskSnapshot> {
    return this.stop('UserInitiated', USER_STOP_REASON);
  }

  private labels(role: 'pause' | 'container' | 'network', container?: string): Record<string, string> {
    return localLabels(this.taskId, this.ctx.plan.family, this.ctx.owner, role, container);
  }

  private async provision(): Promise<void> {
    const { docker } = this.ctx;
    const networkName = this.prefix;
    const network = await docker.createNetwork(networkName, this.labels('network'));
    this.networkId = network.id;
    if (this.stopping) return;
    // The pause container owns the namespace and publishes every port of the task (the others
    // join it with NetworkMode container:<pause>, which cannot publish ports itself).
    const publish = this.ctx.containers.flatMap((c) => c.ports);
    const pauseId = await docker.createContainer({
      name: `${this.prefix}-pause`,
      image: this.ctx.pauseImage,
      labels: this.labels('pause'),
      networkMode: networkName,
      publish,
      hostname: this.prefix.slice(0, 63),
    });
    this.state.updateTask({ pauseContainerId: pauseId, networkName });
    await docker.startContainer(pauseId);
    const pause = await docker.inspectContainer(pauseId);
    const ip = pause.networks[networkName]?.ip;
    this.state.updateTask({ ...(ip ? { ipv4Address: ip } : {}) });
    if (this.stopping) return;
    if (this.ctx.startEndpoints) {
      this.endpoints = await this.ctx.startEndpoints({
        task: () => this.state.snapshot(),
        hostAddressFromContainers: network.gateway ?? pause.networks[networkName]?.gateway ?? '172.17.0.1',
        stats: (id) => docker.containerStats(id),
        signal: this.background.signal,
      });
    }
    if (this.stopping) return;
    for (const c of this.ctx.containers) {
      const spec = this.containerSpec(c, pauseId);
      const id = await docker.createContainer(spec);
      this.state.updateContainer(c.plan.name, { dockerId: id, dockerName: spec.name });
      if (this.stopping) return;
    }
    this.state.updateTask({ status: 'PENDING' });
    void this.watchEvents();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.ctx.reconcileMs);
    await this.advance();
  }

  private containerSpec(c: PreparedContainer, pauseId: string): ContainerSpec {
    const p = c.plan;
    const env = { ...c.env, ...(this.endpoints?.envFor(p.name) ?? {}) };
    return {
      name: `${this.prefix}-${dockerSafe(p.name)}`,
      image: p.image,
      labels: this.labels('container', p.name),
      networkMode: `container:${pauseId}`,
      env,
      ...(p.entrypoint ? { entrypoint: p.entrypoint } : {}),
      ...(p.command ? { command: p.command } : {}),
      ...(p.workingDir ? { workingDir: p.workingDir } : {}),
      ...(p.user ? { user: p.user } : {}),
      ...(p.healthCheck ? { healthCheck: p.healthCheck } : {}),
      ...(p.ulimits.length ? { ulimits: p.ulimits } : {}),
      init: p.init,
      readonlyRootfs: p.readonlyRootfs,
      ...(p.cpuShares ? { cpuShares: p.cpuShares } : {}),
      ...this.memoryOf(p),
      stopTimeoutSeconds: p.stopTimeoutSeconds,
    };
  }

  /** Container memory, else the task's memory as the container's hard limit (docs/local-run.md §8). */
  private memoryOf(p: PlannedContainer): Pick<ContainerSpec, 'memoryBytes' | 'memoryReservationBytes'> {
    const taskMiB = Number(this.ctx.plan.memory);
    const hard = p.memoryMiB ?? (Number.isFinite(taskMiB) && taskMiB > 0 ? taskMiB : undefined);
    return {
      ...(hard ? { memoryBytes: hard * MIB } : {}),
      ...(p.memoryReservationMiB ? { memoryReservationBytes: p.memoryReservationMiB * MIB } : {}),
    };
  }

  /** Whether `condition` on `target` is met, can never be met (a reason), or not yet (undefined). */
  private dependencyState(targetName: string, condition: string): string {
    const t = this.state.container(targetName);
    if (!t) return `container ${targetName} is not in the task`;
    switch (condition) {
      case 'START':
        return t.status !== 'PENDING' ? 'met' : 'pending';
      case 'COMPLETE':
        return t.status === 'STOPPED' && t.exitCode !== undefined ? 'met' : 'pending';
      case 'SUCCESS':
        if (t.status !== 'STOPPED' || t.exitCode === undefined) return 'pending';
        return t.exitCode === 0 ? 'met' : `${targetName} exited with code ${t.exitCode}, not 0 (SUCCESS)`;
      case 'HEALTHY':
        if (t.health === 'HEALTHY') return 'met';
        return t.status === 'STOPPED' ? `${targetName} stopped before it was HEALTHY` : 'pending';
      default:
        return `unknown condition ${condition}`;
    }
  }

  /** Starts every container whose dependencies are met; moves the task to RUNNING when all are. */
  private async advance(): Promise<void> {
    if (this.stopping) return;
    for (const c of this.ctx.containers) {
      const name = c.plan.name;
      if (this.startRequested.has(name)) continue;
      let ready = true;
      for (const d of c.plan.dependsOn) {
        const s = this.dependencyState(d.containerName, d.condition);
        if (s === 'met') continue;
        ready = false;
        if (s !== 'pending') {
          void this.stop(
            'TaskFailedToStart',
            `CannotStartContainerError: container ${name} depends on ${d.containerName} ${d.condition}: ${s}`,
          );
          return;
        }
      }
      if (!ready) continue;
      this.startRequested.add(name);
      const id = this.state.container(name)?.dockerId;
      if (!id) continue;
      await this.ctx.docker.startContainer(id);
      this.pumpLogs(name, id);
      await this.refresh(name);
      if (this.stopping) return;
    }
    const all = this.state.all();
    if (
      this.state.status === 'PENDING' &&
      all.every((c) => this.startRequested.has(c.name) && c.status !== 'PENDING')
    ) {
      this.state.updateTask({ status: 'RUNNING', startedAt: this.ctx.now() });
      this.resolveRunning(this.state.snapshot());
    }
  }

  private async refresh(name: string): Promise<void> {
    const c = this.state.container(name);
    if (!c?.dockerId || this.exitHandled.has(name) || !this.startRequested.has(name)) return;
    const info = await this.ctx.docker.inspectContainer(c.dockerId).catch(() => undefined);
    if (!info) return;
    if (info.running) {
      this.state.updateContainer(name, {
        status: 'RUNNING',
        health: ecsHealth(info.health),
        imageId: info.imageId,
        ...(info.startedAt ? { startedAt: info.startedAt } : {}),
      });
      return;
    }
    if (info.status !== 'exited' && info.status !== 'dead') return;
    if (this.exitHandled.has(name)) return;
    this.exitHandled.add(name);
    this.state.updateContainer(name, {
      status: 'STOPPED',
      exitCode: info.exitCode,
      ...(info.oomKilled ? { reason: OOM_REASON } : info.error ? { reason: info.error } : {}),
      ...(info.startedAt ? { startedAt: info.startedAt } : {}),
      ...(info.finishedAt ? { finishedAt: info.finishedAt } : {}),
    });
    if (c.essential && !this.stopping) {
      void this.stop('EssentialContainerExited', ESSENTIAL_EXITED_REASON);
    }
  }

  private async onChange(name: string): Promise<void> {
    await this.refresh(name);
    await this.advance();
  }

  private async watchEvents(): Promise<void> {
    try {
      for await (const event of this.ctx.docker.containerEvents(
        `${LOCAL_TASK_LABEL}=${this.taskId}`,
        this.background.signal,
      )) {
        const c = this.state.byDockerId(event.containerId);
        if (c) await this.onChange(c.name).catch((e: unknown) => this.notice('warning', String(e)));
      }
    } catch (error) {
      if (!this.background.signal.aborted) this.notice('warning', `Docker events stopped: ${String(error)}`);
    }
  }

  private async reconcile(): Promise<void> {
    if (this.stopping) return;
    for (const c of this.state.all()) {
      if (c.status !== 'STOPPED') await this.onChange(c.name).catch(() => undefined);
    }
  }

  private source(container: string): LogSource {
    return {
      key: `local\u0000${this.taskId}/${container}`,
      region: 'local',
      group: 'local',
      stream: `${container}/${this.taskId}`,
      container,
      taskId: this.taskId,
      label: `${container}/${shortId(this.taskId)}`,
    };
  }

  private pumpLogs(name: string, id: string): void {
    const source = this.source(name);
    const kept: string[] = [];
    this.lastLines.set(name, kept);
    const pump = (async () => {
      try {
        for await (const line of this.ctx.docker.followLogs(id, this.background.signal)) {
          kept.push(line.message);
          if (kept.length > KEPT_LINES) kept.shift();
          this.ctx.listener.onLog?.({ source, timestamp: line.timestamp, message: line.message });
        }
      } catch (error) {
        if (!this.background.signal.aborted)
          this.notice('warning', `Logs of ${name} stopped: ${String(error)}`);
      }
    })();
    this.logPumps.push(pump);
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    this.ctx.listener.onNotice?.(level, text);
  }

  /** Stops dependents before what they depend on, each with its stopTimeout; then removes everything. */
  stop(code: LocalStopCode, reason: string): Promise<LocalTaskSnapshot> {
    this.stopping ??= this.doStop(code, reason);
    return this.stopping;
  }

  private async doStop(code: LocalStopCode, reason: string): Promise<LocalTaskSnapshot> {
    const { docker } = this.ctx;
    this.state.updateTask({
      desiredStatus: 'STOPPED',
      stoppingAt: this.ctx.now(),
      stopCode: code,
      stoppedReason: reason,
    });
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    let remaining = this.ctx.containers.filter((c) => {
      const s = this.state.container(c.plan.name);
      return s?.dockerId && this.startRequested.has(c.plan.name) && s.status !== 'STOPPED';
    });
    while (remaining.length > 0) {
      const names = new Set(remaining.map((c) => c.plan.name));
      let wave = remaining.filter(
        (c) =>
          !remaining.some((other) =>
            other.plan.dependsOn.some((d) => d.containerName === c.plan.name && names.has(other.plan.name)),
          ),
      );
      if (wave.length === 0) wave = remaining;
      await Promise.all(
        wave.map(async (c) => {
          const id = this.state.container(c.plan.name)?.dockerId;
          if (id) await docker.stopContainer(id, c.plan.stopTimeoutSeconds).catch(() => undefined);
        }),
      );
      remaining = remaining.filter((c) => !wave.includes(c));
    }
    for (const c of this.state.all()) {
      if (this.startRequested.has(c.name)) await this.refresh(c.name);
      else this.state.updateContainer(c.name, { status: 'STOPPED' });
    }
    let drainTimer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.logPumps),
      new Promise((r) => (drainTimer = setTimeout(r, LOG_DRAIN_MS))),
    ]);
    clearTimeout(drainTimer);
    this.background.abort();
    await this.removeAll();
    const stopped = this.ctx.now();
    this.state.updateTask({ status: 'STOPPED', stoppedAt: stopped });
    const snapshot = this.state.snapshot();
    this.resolveRunning(snapshot);
    this.resolveStopped(snapshot);
    return snapshot;
  }

  /** Everything of this task, found by label (so a half-provisioned task is cleaned too). */
  private async removeAll(): Promise<void> {
    const { docker } = this.ctx;
    try {
      await this.endpoints?.close();
    } catch (error) {
      this.notice('warning', `The task endpoints did not close cleanly: ${String(error)}`);
    }
    try {
      const found = await docker.listByLabel(`${LOCAL_TASK_LABEL}=${this.taskId}`);
      await Promise.all(found.containers.map((c) => docker.removeContainer(c.id)));
      for (const n of found.networks) await docker.removeNetwork(n.id);
      if (this.networkId && !found.networks.some((n) => n.id === this.networkId)) {
        await docker.removeNetwork(this.networkId);
      }
    } catch (error) {
      this.notice(
        'error',
        `Some containers or the network of task ${this.taskId} could not be removed (they are found again at the next Run Locally): ${String(error)}`,
      );
    }
  }
}
