/**
 * "Inactive revisions" under a family: the deregistered revisions, listed only when expanded (on
 * demand; most people never need them and a family can have hundreds). They can still be opened,
 * saved and compared; ECS keeps them "discoverable" but may stop describing ones nothing uses.
 */
import { ContextValues } from '../../explorer/contextValues';
import type { ExplorerNode, NodeView } from '../../explorer/nodes/explorerNode';
import { Icons } from '../../explorer/nodes/format';
import { MessageNode } from '../../explorer/nodes/messageNode';
import { revisionNodes } from './revisionNode';
import type { TaskDefinitionsContext } from './taskDefinitionsContext';

export class InactiveRevisionsNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly ctx: TaskDefinitionsContext,
    readonly family: string,
  ) {}

  get id(): string {
    return `${this.parent.id}/inactive`;
  }

  async getChildren(signal?: AbortSignal): Promise<ExplorerNode[]> {
    const arns = await this.ctx.taskDefinitions.listRevisions(this.family, 'INACTIVE', signal);
    if (arns.length === 0) return [new MessageNode(this, 'info', 'No inactive revisions')];
    return revisionNodes(this, this.ctx, arns, true, signal);
  }

  view(): NodeView {
    return {
      label: 'Inactive revisions',
      description: 'deregistered',
      tooltip:
        'Deregistered revisions of this family. Tasks and services that use one keep running, but no new task or service can start from it.',
      icon: Icons.idle('archive'),
      collapsible: 'collapsed',
      contextValue: ContextValues.taskDefinitionInactiveGroup,
    };
  }
}
