/** The "Loading more…" row at the end of a list still being fetched: a spinner, not clickable. */
import { ContextValues } from '../contextValues';
import type { ExplorerNode, NodeView } from './explorerNode';

export class LoadingNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    /** E.g. "100 of 2000 services"; left out when the total is unknown. */
    private readonly progress?: string,
  ) {}

  get id(): string {
    return `${this.parent.id}/loading`;
  }

  view(): NodeView {
    return {
      label: 'Loading more…',
      description: this.progress,
      icon: { id: 'loading~spin' },
      collapsible: 'none',
      contextValue: ContextValues.info,
    };
  }
}
