/**
 * A task definition family: its ACTIVE revisions, newest first, then an "Inactive revisions" group
 * that lists the deregistered ones only when expanded. The view's top level lists the families
 * that have an ACTIVE revision (ListTaskDefinitionFamilies status ACTIVE).
 *
 * ECS has no call that counts a family's revisions, so a family shows its count and latest
 * revision once its revisions were listed (expanding it), never by listing every family up front.
 */
import { ContextValues } from '../../explorer/contextValues';
import type { RootLoader } from '../../explorer/loadChildren';
import type { ExplorerContext, ExplorerNode, NodeView } from '../../explorer/nodes/explorerNode';
import { md, plural, tooltip } from '../../explorer/nodes/format';
import { MessageNode } from '../../explorer/nodes/messageNode';
import { InactiveRevisionsNode } from './inactiveRevisionsNode';
import { revisionNodes } from './revisionNode';
import { asTaskDefinitionsContext, type TaskDefinitionsContext } from './taskDefinitionsContext';

export class FamilyNode implements ExplorerNode {
  readonly parent = undefined;
  /** Set once the ACTIVE revisions were listed. */
  private known: { count: number; latest?: number } | undefined;

  constructor(
    readonly ctx: TaskDefinitionsContext,
    readonly family: string,
  ) {}

  get id(): string {
    return `${this.ctx.region}/taskdef:${this.family}`;
  }

  async getChildren(signal?: AbortSignal): Promise<ExplorerNode[]> {
    const arns = await this.ctx.taskDefinitions.listRevisions(this.family, 'ACTIVE', signal);
    const revisions = await revisionNodes(this, this.ctx, arns, false, signal);
    this.known = { count: revisions.length, latest: revisions[0]?.ref.revision };
    const children: ExplorerNode[] = revisions.length
      ? [...revisions]
      : [new MessageNode(this, 'info', 'No active revisions')];
    children.push(new InactiveRevisionsNode(this, this.ctx, this.family));
    return children;
  }

  view(): NodeView {
    const known = this.known;
    const description = known
      ? [plural(known.count, 'revision'), known.latest !== undefined ? `latest ${known.latest}` : undefined]
          .filter(Boolean)
          .join(' · ')
      : undefined;
    return {
      label: this.family,
      description,
      tooltip: tooltip(`Task definition family ${this.family}`, [
        ['Active revisions', known ? String(known.count) : 'expand to list them'],
        ['Latest revision', known?.latest !== undefined ? md(`${this.family}:${known.latest}`) : undefined],
      ]),
      icon: { id: 'symbol-class' },
      collapsible: 'collapsed',
      contextValue: ContextValues.taskDefinitionFamily,
    };
  }
}

/**
 * The Task Definitions view's top level for one connection: every family with an ACTIVE revision,
 * by name. None gives an empty list, so the view shows its welcome content instead.
 */
export const taskDefinitionsRoot: RootLoader = {
  step: 'Listing task definition families',
  list: async (ctx: ExplorerContext, signal?: AbortSignal) => {
    const tdCtx = asTaskDefinitionsContext(ctx);
    const families = await tdCtx.taskDefinitions.listFamilies('ACTIVE', signal);
    return families.map((family) => new FamilyNode(tdCtx, family));
  },
};
