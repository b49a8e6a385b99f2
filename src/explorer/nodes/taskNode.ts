/** A task: short id, status, health, task definition and age; stopped tasks say why they stopped. */
import type { Task } from '@aws-sdk/client-ecs';
import { ContextValues } from '../contextValues';
import { consoleUrls } from '../consoleUrls';
import { ContainerNode } from './containerNode';
import type { ExplorerContext, ExplorerNode, LiveNode, NodeIcon, NodeView } from './explorerNode';
import {
  Icons,
  code,
  formatAge,
  isTransitionalStatus,
  lastSegment,
  localTimeWithAge,
  md,
  shortTaskId,
  tooltip,
} from './format';

export class TaskNode implements LiveNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly ctx: ExplorerContext,
    readonly clusterName: string,
    public task: Task,
  ) {}

  get id(): string {
    return `${this.parent.id}/task:${lastSegment(this.task.taskArn)}`;
  }

  get arn(): string | undefined {
    return this.task.taskArn;
  }

  get live() {
    return { kind: 'task' as const, cluster: this.clusterName, arn: this.task.taskArn ?? '' };
  }

  get isStopped(): boolean {
    return this.task.lastStatus === 'STOPPED';
  }

  isTransitional(): boolean {
    const t = this.task;
    return (
      isTransitionalStatus(t.lastStatus) || (t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED')
    );
  }

  update(task: Task): void {
    this.task = task;
  }

  async reload(signal?: AbortSignal): Promise<void> {
    const { items } = await this.ctx.ecs.describeTasks(this.clusterName, [this.task.taskArn ?? ''], signal);
    if (items[0]) this.task = items[0];
  }

  consoleUrl(): string {
    return consoleUrls.task(this.ctx.region, this.clusterName, lastSegment(this.task.taskArn));
  }

  getChildren(): Promise<ExplorerNode[]> {
    return Promise.resolve((this.task.containers ?? []).map((c) => new ContainerNode(this, c)));
  }

  view(): NodeView {
    const t = this.task;
    const now = this.ctx.now();
    const definition = lastSegment(t.taskDefinitionArn);
    const parts: string[] = [t.lastStatus ?? 'UNKNOWN'];
    if (this.isStopped) {
      if (t.stoppedReason) parts.push(t.stoppedReason);
      else if (t.stopCode) parts.push(t.stopCode);
      if (t.stoppedAt) parts.push(`${formatAge(t.stoppedAt.getTime(), now)} ago`);
    } else {
      if (t.desiredStatus === 'STOPPED') parts.push('stopping');
      if (t.healthStatus && t.healthStatus !== 'UNKNOWN') parts.push(t.healthStatus);
      if (definition) parts.push(definition);
      const since = t.startedAt ?? t.createdAt;
      if (since) parts.push(formatAge(since.getTime(), now));
    }
    const buildTooltip = () => this.tooltip(definition);
    return {
      label: shortTaskId(t.taskArn),
      description: parts.join(' · '),
      // Built on hover only (NodeView.tooltip).
      get tooltip() {
        return buildTooltip();
      },
      icon: taskIcon(t),
      collapsible: (t.containers?.length ?? 0) > 0 ? 'collapsed' : 'none',
      contextValue: this.isStopped ? ContextValues.taskStopped : ContextValues.taskRunning,
    };
  }

  private tooltip(definition: string): string {
    const t = this.task;
    const now = this.ctx.now();
    const time = (date: Date | undefined) => localTimeWithAge(date, now);
    return tooltip(`Task ${lastSegment(t.taskArn)}`, [
      ['Status', `${md(t.lastStatus)} (desired ${md(t.desiredStatus)})`],
      ['Health', t.healthStatus ? md(t.healthStatus) : undefined],
      ['Task definition', code(definition)],
      ['Started by', t.group ? code(t.group) : undefined],
      ['Launch type', t.capacityProviderName ? md(t.capacityProviderName) : md(t.launchType)],
      ['Platform version', t.platformVersion ? md(t.platformVersion) : undefined],
      ['CPU / memory', t.cpu || t.memory ? `${md(t.cpu)} units / ${md(t.memory)} MiB` : undefined],
      ['Availability zone', t.availabilityZone ? md(t.availabilityZone) : undefined],
      ['Created', time(t.createdAt)],
      ['Started', time(t.startedAt)],
      ['Stopping', time(t.stoppingAt)],
      ['Stopped', time(t.stoppedAt)],
      ['Stop code', t.stopCode ? md(t.stopCode) : undefined],
      ['Stopped reason', t.stoppedReason ? md(t.stoppedReason) : undefined],
      ['ARN', code(t.taskArn)],
    ]);
  }
}

function taskIcon(t: Task): NodeIcon {
  if (t.lastStatus === 'STOPPED') {
    const failed =
      t.stopCode === 'TaskFailedToStart' ||
      (t.containers ?? []).some((c) => c.exitCode !== undefined && c.exitCode !== 0) ||
      /Error/.test(t.stoppedReason ?? '');
    return failed ? Icons.error() : Icons.idle('circle-slash');
  }
  if (t.desiredStatus === 'STOPPED' || isTransitionalStatus(t.lastStatus)) return Icons.busy();
  if (t.healthStatus === 'UNHEALTHY') return Icons.warning();
  if (t.lastStatus === 'RUNNING') return Icons.ok();
  return Icons.idle();
}

/** Newest first: what people look at is what just started or just died. */
export function byNewest(a: Task, b: Task): number {
  const time = (t: Task) => (t.stoppedAt ?? t.startedAt ?? t.createdAt)?.getTime() ?? 0;
  return time(b) - time(a);
}
