/**
 * A leaf that says something instead of showing a resource: an error with a retry action, a
 * describe failure, or an empty state. Errors never break the whole tree; siblings still render.
 */
import { ContextValues } from '../contextValues';
import type { ExplorerNode, NodeView } from './explorerNode';
import { Icons, md } from './format';

export type MessageKind = 'error' | 'warning' | 'info';

export class MessageNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode | undefined,
    readonly kind: MessageKind,
    readonly message: string,
    readonly detail?: string,
    private readonly key = message,
  ) {}

  get id(): string {
    return `${this.parent?.id ?? 'root'}/message:${this.kind}:${this.key}`;
  }

  view(): NodeView {
    const icon = this.kind === 'error' ? Icons.error() : this.kind === 'warning' ? Icons.warning() : { id: 'info' };
    return {
      label: this.message,
      description: this.kind === 'error' ? 'Retry from the context menu or the refresh button' : undefined,
      tooltip: this.detail ? `${md(this.message)}\n\n${md(this.detail)}` : md(this.message),
      icon,
      collapsible: 'none',
      contextValue: this.kind === 'info' ? ContextValues.info : ContextValues.error,
    };
  }
}
