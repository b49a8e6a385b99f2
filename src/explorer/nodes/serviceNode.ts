/**
 * A service: "running/desired", pending count, launch type or capacity provider and the rollout
 * state of the primary deployment, with a warning when a rollout failed or tasks are missing.
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { ContextValues } from '../contextValues';
import { consoleUrls } from '../consoleUrls';
import { describedChildren } from './describedChildren';
import type {
  ExplorerContext,
  ExplorerNode,
  LiveNode,
  NodeIcon,
  NodeView,
  ServiceDecoration,
} from './explorerNode';
import { Icons, code, localTimeWithAge, md, tooltip } from './format';
import { TaskGroupNode } from './taskGroupNode';
import { DeploymentsNode } from './deploymentsNode';
import { controllerOf, strategyFacts, strategyLabel, strategyOf } from '../../workflows/deployments/strategy';
import { byNewest, TaskNode } from './taskNode';

export class ServiceNode implements LiveNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly ctx: ExplorerContext,
    readonly clusterName: string,
    public service: Service,
    /** Utilization and auto scaling, when the context provides them. */
    readonly decoration?: ServiceDecoration,
  ) {}

  get name(): string {
    return this.service.serviceName ?? '';
  }

  get id(): string {
    return `${this.parent.id}/service:${this.name}`;
  }

  get arn(): string | undefined {
    return this.service.serviceArn;
  }

  get live() {
    return { kind: 'service' as const, cluster: this.clusterName, arn: this.service.serviceArn ?? this.name };
  }

  get primaryDeployment(): Deployment | undefined {
    return this.service.deployments?.find((d) => d.status === 'PRIMARY');
  }

  isTransitional(): boolean {
    const s = this.service;
    if (s.status === 'DRAINING') return true;
    if (this.primaryDeployment?.rolloutState === 'IN_PROGRESS') return true;
    return (s.deployments?.length ?? 0) > 1 || (s.pendingCount ?? 0) > 0;
  }

  update(service: Service): void {
    this.service = service;
  }

  async reload(signal?: AbortSignal): Promise<void> {
    const { items } = await this.ctx.ecs.describeServices(this.clusterName, [this.live.arn], signal);
    if (items[0]) this.service = items[0];
  }

  consoleUrl(): string {
    return consoleUrls.service(this.ctx.region, this.clusterName, this.name);
  }

  async getChildren(signal?: AbortSignal): Promise<ExplorerNode[]> {
    const running = await this.ctx.ecs.listTasks(this.clusterName, { serviceName: this.name }, signal);
    const tasks = describedChildren(
      this,
      { items: [...running.items].sort(byNewest), failures: running.failures },
      (task) => new TaskNode(this, this.ctx, this.clusterName, task),
      'task',
      'No running tasks',
    );
    const stopped = new TaskGroupNode(this, this.ctx, this.clusterName, 'stopped', this.name);
    const { deployments } = this.ctx;
    return deployments
      ? [
          ...tasks,
          stopped,
          new DeploymentsNode(this, { ...this.ctx, deployments }, this.clusterName, this.name),
        ]
      : [...tasks, stopped];
  }

  view(): NodeView {
    const s = this.service;
    const running = s.runningCount ?? 0;
    const desired = s.desiredCount ?? 0;
    const pending = s.pendingCount ?? 0;
    const parts = [`${running}/${desired}`];
    if (pending > 0) parts.push(`${pending} pending`);
    const capacity = launchTypeOf(s);
    if (capacity) parts.push(capacity);
    const rollout = this.primaryDeployment?.rolloutState;
    if (rollout) parts.push(rollout);
    // Rolling updates by ECS are the default and go unsaid; every other way of deploying is named.
    if (controllerOf(s) !== 'ECS' || strategyOf(s) !== 'ROLLING') parts.push(strategyLabel(s));
    if (s.status && s.status !== 'ACTIVE') parts.push(s.status);
    const usage = utilization(this.decoration);
    if (usage) parts.push(usage);
    else if (this.decoration?.metricsNote) parts.push('no metrics'); // the tooltip says why
    const buildTooltip = () => this.tooltip();
    return {
      label: this.name,
      description: parts.join(' · '),
      // Built on hover only (NodeView.tooltip).
      get tooltip() {
        return buildTooltip();
      },
      icon: this.icon(),
      collapsible: 'collapsed',
      contextValue: ContextValues.service,
    };
  }

  private icon(): NodeIcon {
    const s = this.service;
    const rollout = this.primaryDeployment?.rolloutState;
    if (rollout === 'FAILED') return Icons.error('warning');
    if (rollout === 'IN_PROGRESS' || (s.deployments?.length ?? 0) > 1) return Icons.busy();
    if ((s.runningCount ?? 0) < (s.desiredCount ?? 0)) return Icons.warning();
    if (s.status !== 'ACTIVE') return Icons.idle();
    return Icons.ok();
  }

  private tooltip(): string {
    const s = this.service;
    const primary = this.primaryDeployment;
    const latestEvent = s.events?.[0];
    return tooltip(`Service ${this.name}`, [
      ['Status', md(s.status)],
      [
        'Tasks',
        `${s.runningCount ?? 0} running / ${s.desiredCount ?? 0} desired / ${s.pendingCount ?? 0} pending`,
      ],
      ['Launch type', md(launchTypeOf(s))],
      ['Task definition', code(s.taskDefinition?.split('/').pop())],
      [
        'Rollout',
        primary?.rolloutState
          ? `${md(primary.rolloutState)}${primary.rolloutStateReason ? ` — ${md(primary.rolloutStateReason)}` : ''}`
          : undefined,
      ],
      ['Deployments', s.deployments && s.deployments.length > 1 ? String(s.deployments.length) : undefined],
      ...strategyFacts(s).map(([k, v]) => [k, md(v)] as const),
      [
        'Utilization',
        utilization(this.decoration) ??
          (this.decoration?.metricsNote ? md(this.decoration.metricsNote) : undefined),
      ],
      [
        'Auto scaling',
        this.decoration?.scaling
          ? `${this.decoration.scaling.min}–${this.decoration.scaling.max} tasks${this.decoration.scaling.policies.length ? ` (${md(this.decoration.scaling.policies.join(', '))})` : ''}`
          : undefined,
      ],
      [
        'Latest event',
        latestEvent
          ? `${localTimeWithAge(latestEvent.createdAt, this.ctx.now()) ?? ''} ${md(latestEvent.message)}`
          : undefined,
      ],
      ['Created', localTimeWithAge(s.createdAt, this.ctx.now())],
      ['ARN', code(s.serviceArn)],
    ]);
  }
}

/** "CPU 23% · mem 41%" from a decoration, or undefined when neither is known. */
export function utilization(d: ServiceDecoration | undefined): string | undefined {
  const parts: string[] = [];
  if (d?.cpuPercent !== undefined) parts.push(`CPU ${Math.round(d.cpuPercent)}%`);
  if (d?.memoryPercent !== undefined) parts.push(`mem ${Math.round(d.memoryPercent)}%`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** FARGATE, EC2, or the capacity providers of the strategy (e.g. FARGATE_SPOT). */
export function launchTypeOf(s: Service): string | undefined {
  if (s.launchType) return s.launchType;
  const providers = s.capacityProviderStrategy?.map((p) => p.capacityProvider).filter(Boolean);
  return providers && providers.length > 0 ? providers.join('+') : undefined;
}
