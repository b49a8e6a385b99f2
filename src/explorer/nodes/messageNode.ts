/**
 * A leaf that says something instead of showing a resource: an error with a retry action, a
 * describe failure, or an empty state. Errors never break the whole tree; siblings still render.
 */
import { ContextValues } from '../contextValues';
import type { NodeCommand } from '../problemActions';
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
    /** A fix to run on click, e.g. sign in with SSO. */
    readonly command?: NodeCommand,
  ) {}

  get id(): string {
    return `${this.parent?.id ?? 'root'}/message:${this.kind}:${this.key}`;
  }

  view(): NodeView {
    const icon =
      this.kind === 'error' ? Icons.error() : this.kind === 'warning' ? Icons.warning() : { id: 'info' };
    return {
      label: this.message,
      description: this.command ? `click to ${this.command.title.toLowerCase()}` : undefined,
      tooltip: this.detail ? `${md(this.message)}\n\n${md(this.detail)}` : md(this.message),
      icon,
      collapsible: 'none',
      contextValue: this.kind === 'info' ? ContextValues.info : ContextValues.error,
      command: this.command,
    };
  }
}
