/**
 * One local task from its network to its removal: the network and the pause container that owns
 * the namespace (awsvpc), the task endpoints, the containers created up front and started as their
 * dependsOn conditions allow, the lifecycle PROVISIONING → PENDING → RUNNING → STOPPED, an
 * essential container's exit stopping the task with ECS's words, and a stop that removes
 * everything (docs/local-run.md §5–10). Container changes arrive as Docker events; a slow
 * reconcile (inspect) covers an event missed while the events request was connecting. How a
 * container is described to Docker, the dependsOn rules and the log pumps are in their own files
 * (localContainerSpec.ts, localDependencies.ts, localTaskLogs.ts). Editor-free.
 */
import type { DockerGateway } from '../../docker/dockerGateway';
import type { LogEvent } from '../../logs/types';
import { dockerSafe, localContainerSpec, type PreparedContainer } from './localContainerSpec';
import { nextStopWave, startReadiness } from './localDependencies';
import type { LocalStopCode, LocalTaskSnapshot, StartTaskEndpoints, TaskEndpoints } from './localTask';
import { LOCAL_TASK_LABEL, localLabels, removeLocalTask } from './localLabels';
import type { LocalTaskPlan } from './localTaskPlan';
import { LocalTaskLogs } from './localTaskLogs';
import { ecsHealth, LocalTaskState } from './localTaskState';

export const ESSENTIAL_EXITED_REASON = 'Essential container in task exited';
export const USER_STOP_REASON = 'Task stopped by user';
const OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage';
/** How long the stop waits for the last log lines after the containers stopped. */
const LOG_DRAIN_MS = 2000;

export interface LocalRunListener {
  onTask?(task: LocalTaskSnapshot): void;
  onLog?(event: LogEvent): void;
  onNotice?(level: 'info' | 'warning' | 'error', text: string): void;
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

export class LocalTaskRun {
  readonly state: LocalTaskState;
  readonly running: Promise<LocalTaskSnapshot>;
  readonly stopped: Promise<LocalTaskSnapshot>;

  private resolveRunning!: (task: LocalTaskSnapshot) => void;
  private resolveStopped!: (task: LocalTaskSnapshot) => void;
  private readonly background = new AbortController();
  private readonly logs: LocalTaskLogs;
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
    this.logs = new LocalTaskLogs({
      docker: ctx.docker,
      taskId: initial.taskId,
      signal: this.background.signal,
      onLog: (event) => ctx.listener.onLog?.(event),
      onWarning: (text) => this.notice('warning', text),
    });
  }

  /** The last lines of each container's log, for the stop report. */
  get lastLines(): ReadonlyMap<string, readonly string[]> {
    return this.logs.lastLines;
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
      const spec = localContainerSpec({
        container: c,
        prefix: this.prefix,
        labels: this.labels('container', c.plan.name),
        pauseId,
        endpointEnv: this.endpoints?.envFor(c.plan.name) ?? {},
        taskMemory: this.ctx.plan.memory,
      });
      const id = await docker.createContainer(spec);
      this.state.updateContainer(c.plan.name, { dockerId: id, dockerName: spec.name });
      if (this.stopping) return;
    }
    this.state.updateTask({ status: 'PENDING' });
    void this.watchEvents();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.ctx.reconcileMs);
    await this.advance();
  }

  /** Starts every container whose dependencies are met; moves the task to RUNNING when all are. */
  private async advance(): Promise<void> {
    if (this.stopping) return;
    for (const c of this.ctx.containers) {
      const name = c.plan.name;
      if (this.startRequested.has(name)) continue;
      const readiness = startReadiness(c.plan, (target) => this.state.container(target));
      if (typeof readiness === 'object') {
        void this.stop('TaskFailedToStart', readiness.failure);
        return;
      }
      if (readiness === 'waiting') continue;
      this.startRequested.add(name);
      const id = this.state.container(name)?.dockerId;
      if (!id) continue;
      await this.ctx.docker.startContainer(id);
      this.logs.follow(name, id);
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
      const wave = nextStopWave(remaining);
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
    await this.logs.drained(LOG_DRAIN_MS);
    this.background.abort();
    await this.removeAll();
    const stopped = this.ctx.now();
    this.state.updateTask({ status: 'STOPPED', stoppedAt: stopped });
    const snapshot = this.state.snapshot();
    this.resolveRunning(snapshot);
    this.resolveStopped(snapshot);
    return snapshot;
  }

  /** The task endpoints, then every container and network of the task. */
  private async removeAll(): Promise<void> {
    try {
      await this.endpoints?.close();
    } catch (error) {
      this.notice('warning', `The task endpoints did not close cleanly: ${String(error)}`);
    }
    try {
      await removeLocalTask(this.ctx.docker, this.taskId, this.networkId);
    } catch (error) {
      this.notice(
        'error',
        `Some containers or the network of task ${this.taskId} could not be removed (they are found again at the next Run Locally): ${String(error)}`,
      );
    }
  }
}
