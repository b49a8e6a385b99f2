/**
 * Keeps transitional nodes current: tasks that are starting or stopping and services with a
 * rollout in progress are re-described in batches (one DescribeTasks per cluster, DescribeServices
 * by 10, DescribeServiceDeployments by 20 for service deployments in progress) with a growing delay
 * until they settle. Paused while the view is hidden; nodes under a
 * collapsed node are dropped; dispose() clears the timer. Editor-free (timers are injected).
 */
import type { DescribeFailure, EcsGateway } from '../aws/ecsGateway';
import type { ServiceDeploymentsGateway } from '../aws/serviceDeploymentsGateway';
import type { Logger } from '../shared/logger';
import type { ExplorerNode, LiveNode } from './nodes/explorerNode';
import type { ServiceDeploymentNode } from './nodes/serviceDeploymentNode';
import type { ServiceNode } from './nodes/serviceNode';
import type { TaskNode } from './nodes/taskNode';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveUpdaterOptions {
  ecs: () => EcsGateway;
  /** Service deployments in progress are re-described with it (20 per call). */
  deployments?: () => ServiceDeploymentsGateway;
  /** Called with the nodes whose data changed (the provider fires onDidChangeTreeData for them). */
  onChanged: (nodes: ExplorerNode[]) => void;
  logger: Logger;
  timers?: Timers;
  minDelayMs?: number;
  maxDelayMs?: number;
}

type Tracked = TaskNode | ServiceNode | ServiceDeploymentNode;

export class LiveUpdater {
  private readonly tracked = new Map<string, Tracked>();
  private handle: unknown;
  private delay: number;
  private paused = false;
  private disposed = false;
  /** A round is in flight: the next one is scheduled when it ends, never alongside it. */
  private ticking = false;
  /** Something new started moving during the round: look again soon instead of backing off. */
  private resetDelay = false;
  private readonly timers: Timers;
  private readonly minDelay: number;
  private readonly maxDelay: number;

  constructor(private readonly options: LiveUpdaterOptions) {
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.minDelay = options.minDelayMs ?? 2000;
    this.maxDelay = options.maxDelayMs ?? 30000;
    this.delay = this.minDelay;
  }

  get size(): number {
    return this.tracked.size;
  }

  /** Starts (or keeps) following a node; the newest object for an id replaces the older one. */
  track(node: LiveNode): void {
    if (this.disposed || !node.isTransitional()) return;
    this.tracked.set(node.id, node as Tracked);
    this.delay = this.minDelay; // something new is moving: look again soon
    if (this.ticking) this.resetDelay = true;
    this.schedule();
  }

  /** Stops following everything below a node (it was collapsed or re-listed); no node: everything. */
  untrackUnder(node: ExplorerNode | undefined): void {
    if (!node) {
      this.tracked.clear();
    } else {
      for (const id of [...this.tracked.keys()]) if (id.startsWith(`${node.id}/`)) this.tracked.delete(id);
    }
    if (this.tracked.size === 0) this.cancel();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.cancel();
    else {
      this.delay = this.minDelay;
      if (this.ticking) this.resetDelay = true;
      this.schedule();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.tracked.clear();
    this.cancel();
  }

  /** One polling round; public so tests can drive it without timers. */
  async tick(): Promise<void> {
    this.handle = undefined;
    this.ticking = true;
    this.resetDelay = false;
    const nodes = [...this.tracked.values()];
    const changed: ExplorerNode[] = [];
    const groups = new Map<string, Tracked[]>();
    for (const node of nodes) {
      const key = `${node.live.kind}|${node.live.cluster}`;
      groups.set(key, [...(groups.get(key) ?? []), node]);
    }
    await Promise.all(
      [...groups.values()].map(async (group) => {
        try {
          changed.push(...(await this.refreshGroup(group)));
        } catch (error) {
          // Keep following; a later round may succeed (throttling, a network blip).
          this.options.logger.warn(
            `Live update failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }),
    );
    for (const node of nodes) {
      if (!node.isTransitional() && this.tracked.get(node.id) === node) this.tracked.delete(node.id);
    }
    this.ticking = false;
    if (changed.length > 0 && !this.disposed) this.options.onChanged(changed);
    this.delay = this.resetDelay ? this.minDelay : Math.min(this.maxDelay, Math.round(this.delay * 1.5));
    this.schedule();
  }

  private async refreshGroup(group: Tracked[]): Promise<ExplorerNode[]> {
    const first = group[0];
    if (!first) return [];
    const ecs = this.options.ecs();
    const arns = group.map((n) => n.live.arn);
    const changed: ExplorerNode[] = [];
    if (first.live.kind === 'serviceDeployment') {
      const deployments = this.options.deployments?.();
      if (!deployments) return [];
      const { items, failures } = await deployments.describeServiceDeployments(arns);
      changed.push(...this.dropMissing(group, failures));
      for (const deployment of items) {
        for (const node of group as ServiceDeploymentNode[]) {
          if (node.live.arn !== deployment.serviceDeploymentArn) continue;
          const wasMoving = node.isTransitional();
          node.update(deployment);
          changed.push(node);
          // It just ended: the service's own row (rollout state, counts) is stale too.
          if (wasMoving && !node.isTransitional()) changed.push(node.parent);
        }
      }
    } else if (first.live.kind === 'task') {
      const { items, failures } = await ecs.describeTasks(first.live.cluster, arns);
      changed.push(...this.dropMissing(group, failures));
      for (const task of items) {
        for (const node of group as TaskNode[]) {
          if (node.live.arn !== task.taskArn) continue;
          const wasStopped = node.isStopped;
          node.update(task);
          changed.push(node);
          // A task that just stopped leaves its running list: let the parent re-list.
          if (!wasStopped && node.isStopped) changed.push(node.parent);
        }
      }
    } else {
      const { items, failures } = await ecs.describeServices(first.live.cluster, arns);
      changed.push(...this.dropMissing(group, failures));
      for (const service of items) {
        for (const node of group as ServiceNode[]) {
          if (node.live.arn !== service.serviceArn && node.name !== service.serviceName) continue;
          node.update(service);
          changed.push(node); // its children (tasks) are re-listed when VS Code asks again
        }
      }
    }
    return changed;
  }

  /**
   * ECS answers MISSING for a task that expired (stopped over an hour ago) or a deleted service:
   * stop following it (it would otherwise be asked about every 30 s for ever) and let its parent
   * re-list, which removes the node.
   */
  private dropMissing(group: Tracked[], failures: readonly DescribeFailure[]): ExplorerNode[] {
    const missing = new Set(failures.filter((f) => f.reason === 'MISSING').map((f) => f.arn));
    const parents: ExplorerNode[] = [];
    for (const node of group) {
      if (!missing.has(node.live.arn) || this.tracked.get(node.id) !== node) continue;
      this.tracked.delete(node.id);
      parents.push(node.parent);
    }
    return parents;
  }

  private schedule(): void {
    if (this.handle !== undefined || this.ticking || this.paused || this.disposed || this.tracked.size === 0)
      return;
    this.handle = this.timers.setTimeout(() => void this.tick(), this.delay);
  }

  private cancel(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
