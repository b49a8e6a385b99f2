/**
 * The Local view's nodes: a local task (family, lifecycle status, stop reason) and its containers
 * (status, health, exit code, published ports), as plain data from the runner's snapshots.
 * Editor-free.
 */
import type { LocalContainerSnapshot, LocalTaskSnapshot } from '../../workflows/local/localTask';
import { ContextValues } from '../contextValues';
import type { ExplorerNode, NodeIcon, NodeView } from './explorerNode';

function taskIcon(task: LocalTaskSnapshot): NodeIcon {
  switch (task.status) {
    case 'RUNNING':
      return { id: 'vm-running', color: 'testing.iconPassed' };
    case 'STOPPED':
      return task.stopCode === 'UserInitiated' ||
        task.containers.every((c) => !c.essential || c.exitCode === 0)
        ? { id: 'vm-outline' }
        : { id: 'error', color: 'testing.iconFailed' };
    default:
      return { id: 'loading~spin' };
  }
}

export function portsText(c: LocalContainerSnapshot): string {
  return c.ports
    .map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}${p.protocol === 'udp' ? '/udp' : ''}`)
    .join(', ');
}

export function containerDescription(c: LocalContainerSnapshot): string {
  const parts: string[] = [c.status];
  if (c.hasHealthCheck && c.status === 'RUNNING') parts.push(c.health);
  if (c.exitCode !== undefined) parts.push(`exit ${c.exitCode}`);
  const ports = portsText(c);
  if (ports) parts.push(ports);
  return parts.join(' · ');
}

export class LocalContainerNode implements ExplorerNode {
  readonly id: string;
  constructor(
    readonly parent: LocalTaskNode,
    readonly container: LocalContainerSnapshot,
  ) {
    this.id = `local/${parent.task.taskId}/${container.name}`;
  }

  get taskId(): string {
    return this.parent.task.taskId;
  }

  view(): NodeView {
    const c = this.container;
    const running = c.status === 'RUNNING';
    const icon: NodeIcon =
      c.health === 'UNHEALTHY' || (c.exitCode !== undefined && c.exitCode !== 0 && c.essential)
        ? { id: 'error', color: 'testing.iconFailed' }
        : running
          ? { id: 'package', color: 'testing.iconPassed' }
          : { id: 'package' };
    return {
      label: c.name,
      description: containerDescription(c),
      tooltip: [
        `**${c.name}**${c.essential ? ' (essential)' : ''}`,
        `Image: \`${c.image}\``,
        c.dockerId ? `Docker id: \`${c.dockerId.slice(0, 12)}\`` : undefined,
        c.reason ? `Reason: ${c.reason}` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
      icon,
      collapsible: 'none',
      contextValue: running ? ContextValues.localContainerRunning : ContextValues.localContainerStopped,
    };
  }
}

export class LocalTaskNode implements ExplorerNode {
  readonly parent = undefined;
  readonly id: string;
  constructor(readonly task: LocalTaskSnapshot) {
    this.id = `local/${task.taskId}`;
  }

  get taskId(): string {
    return this.task.taskId;
  }

  view(): NodeView {
    const t = this.task;
    const name = t.revision !== undefined ? `${t.family}:${t.revision}` : t.family;
    const reason = t.status === 'STOPPED' && t.stoppedReason ? ` · ${t.stoppedReason}` : '';
    return {
      label: name,
      description: `${t.status}${reason}`,
      tooltip: [
        `**${name}** (local task \`${t.taskId.slice(0, 8)}\`)`,
        `From: ${t.source}`,
        t.ipv4Address ? `Address on its network: ${t.ipv4Address}` : undefined,
        t.stopCode ? `Stop code: ${t.stopCode}` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
      icon: taskIcon(t),
      collapsible: 'expanded',
      contextValue: t.status === 'STOPPED' ? ContextValues.localTaskStopped : ContextValues.localTaskRunning,
    };
  }

  getChildren(): Promise<ExplorerNode[]> {
    return Promise.resolve(this.task.containers.map((c) => new LocalContainerNode(this, c)));
  }
}
