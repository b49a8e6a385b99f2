/** A container of a task: status, health, exit code and reason — what people look for when a task dies. */
import type { Container } from '@aws-sdk/client-ecs';
import { ContextValues } from '../contextValues';
import type { ExplorerNode, NodeView, NodeIcon } from './explorerNode';
import { Icons, code, isTransitionalStatus, md, tooltip } from './format';

export class ContainerNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    readonly container: Container,
  ) {}

  get id(): string {
    return `${this.parent.id}/container:${this.container.name ?? ''}`;
  }

  get arn(): string | undefined {
    return this.container.containerArn;
  }

  view(): NodeView {
    const c = this.container;
    const parts = [c.lastStatus ?? 'UNKNOWN'];
    if (c.healthStatus && c.healthStatus !== 'UNKNOWN') parts.push(c.healthStatus);
    if (c.exitCode !== undefined) parts.push(`exit ${c.exitCode}`);
    if (c.reason) parts.push(c.reason);
    return {
      label: c.name ?? '(unnamed container)',
      description: parts.join(' · '),
      tooltip: tooltip(`Container ${c.name ?? ''}`, [
        ['Status', md(c.lastStatus)],
        ['Health', c.healthStatus ? md(c.healthStatus) : undefined],
        ['Exit code', c.exitCode !== undefined ? String(c.exitCode) : undefined],
        ['Reason', c.reason ? md(c.reason) : undefined],
        ['Image', code(c.image)],
        ['Image digest', c.imageDigest ? code(c.imageDigest) : undefined],
        ['CPU units', c.cpu],
        ['Memory', c.memory ? `${c.memory} MiB` : undefined],
        ['ARN', code(c.containerArn)],
      ]),
      icon: containerIcon(c),
      collapsible: 'none',
      contextValue: ContextValues.container,
    };
  }
}

function containerIcon(c: Container): NodeIcon {
  if (c.lastStatus === 'STOPPED') return c.exitCode === 0 ? Icons.idle('circle-slash') : Icons.error();
  if (c.healthStatus === 'UNHEALTHY') return Icons.warning();
  if (isTransitionalStatus(c.lastStatus)) return Icons.busy();
  if (c.lastStatus === 'RUNNING') return Icons.ok();
  return Icons.idle();
}
