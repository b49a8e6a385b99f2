/** Turns a Described<T> into child nodes plus one warning node for describe failures (never dropped). */
import type { Described } from '../../aws/listAndDescribe';
import type { ExplorerNode } from './explorerNode';
import { lastSegment, plural } from './format';
import { MessageNode } from './messageNode';

export function describedChildren<T>(
  parent: ExplorerNode | undefined,
  result: Described<T>,
  toNode: (item: T) => ExplorerNode,
  noun: string,
  emptyMessage: string,
): ExplorerNode[] {
  const nodes = result.items.map(toNode);
  if (result.failures.length > 0) {
    const detail = result.failures
      .map(
        (f) =>
          `${lastSegment(f.arn) || '(unknown)'}: ${f.reason ?? 'failed'}${f.detail ? ` (${f.detail})` : ''}`,
      )
      .join('\n');
    nodes.push(
      new MessageNode(
        parent,
        'warning',
        `${plural(result.failures.length, noun)} could not be described`,
        detail,
        'describe-failures',
      ),
    );
  }
  if (nodes.length === 0) nodes.push(new MessageNode(parent, 'info', emptyMessage));
  return nodes;
}
