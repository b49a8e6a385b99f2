/**
 * Task groups: "Standalone tasks" (tasks no service started — RunTask jobs, which the AWS
 * Toolkit never shows) and "Stopped tasks" (ECS keeps stopped tasks for about an hour; their
 * stop reasons are the first thing to read when something fails).
 */
import type { Task } from '@aws-sdk/client-ecs';
import { ContextValues } from '../contextValues';
import { describedChildren } from './describedChildren';
import type { ExplorerContext, ExplorerNode, NodeView } from './explorerNode';
import { byNewest, TaskNode } from './taskNode';

export type TaskGroupKind = 'standalone' | 'stopped';

export class TaskGroupNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly ctx: ExplorerContext,
    readonly clusterName: string,
    readonly kind: TaskGroupKind,
    /** Set for a service's own stopped tasks; unset for the whole cluster. */
    readonly serviceName?: string,
  ) {}

  get id(): string {
    return `${this.parent.id}/group:${this.kind}`;
  }

  view(): NodeView {
    const standalone = this.kind === 'standalone';
    return {
      label: standalone ? 'Standalone tasks' : 'Stopped tasks',
      description: standalone ? 'not started by a service' : 'last hour',
      tooltip: standalone
        ? 'Running tasks that no service started: RunTask jobs, one-off and scheduled tasks.'
        : 'Tasks that stopped recently. ECS keeps stopped tasks for about an hour.',
      icon: { id: standalone ? 'symbol-event' : 'history' },
      collapsible: 'collapsed',
      contextValue: ContextValues.taskGroup,
    };
  }

  async getChildren(signal?: AbortSignal): Promise<ExplorerNode[]> {
    const stopped = this.kind === 'stopped';
    const result = await this.ctx.ecs.listTasks(
      this.clusterName,
      { serviceName: this.serviceName, desiredStatus: stopped ? 'STOPPED' : 'RUNNING' },
      signal,
    );
    // ListTasks cannot exclude service tasks, so standalone ones are found by their group.
    const items = (stopped ? [...result.items] : result.items.filter((t) => !isServiceTask(t))).sort(
      byNewest,
    );
    return describedChildren(
      this,
      { items, failures: result.failures },
      (task) => new TaskNode(this, this.ctx, this.clusterName, task),
      'task',
      stopped ? 'No tasks stopped in the last hour' : 'No standalone tasks running',
    );
  }
}

export function isServiceTask(task: Task): boolean {
  return task.group?.startsWith('service:') ?? false;
}
