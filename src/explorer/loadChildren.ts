/**
 * Loads one level of the tree and never throws: a failure becomes an error node under the node
 * that failed (its siblings still render), and at the top level missing credentials become the
 * "no credentials" state so the welcome view can help. Editor-free, so it is tested in plain Node.
 */
import type { AwsErrorContext, AwsProblem } from '../aws/awsErrors';
import type { Logger } from '../shared/logger';
import type { ChildrenProgress, ExplorerContext, ExplorerNode } from './nodes/explorerNode';
import { MessageNode } from './nodes/messageNode';
import { commandForAction } from './problemActions';

/** The states viewsWelcome content keys on (context key `<viewId>.state`). */
export type ExplorerState = 'loading' | 'ready' | 'noConnection' | 'noCredentials' | 'empty' | 'error';

/** The top level of one view (clusters; task definition families; repositories). */
export interface RootLoader {
  list(ctx: ExplorerContext, signal?: AbortSignal): Promise<ExplorerNode[]>;
  /** What is being done, for error messages: "Listing clusters". */
  readonly step: string;
}

export interface Loaded {
  readonly children: ExplorerNode[];
  /** Set when the top level was loaded. */
  readonly state?: ExplorerState;
}

export interface LoadDeps {
  readonly context: () => Promise<ExplorerContext | undefined>;
  readonly root: RootLoader;
  readonly logger: Logger;
  /** Translates (and redacts) an error: ConnectionManager.describeError. */
  readonly describeError: (error: unknown, context: Pick<AwsErrorContext, 'step'>) => AwsProblem;
  /** Tells the tree that a node's children changed while they were still arriving. */
  readonly changed?: (node: ExplorerNode) => void;
}

export async function loadChildren(
  node: ExplorerNode | undefined,
  deps: LoadDeps,
  signal?: AbortSignal,
): Promise<Loaded> {
  const { context, logger } = deps;
  try {
    if (node) return { children: (await node.getChildren?.(signal, childrenProgress(deps))) ?? [] };
    const ctx = await context();
    if (!ctx) return { children: [], state: 'noConnection' };
    const children = await deps.root.list(ctx, signal);
    return { children, state: children.length === 0 ? 'empty' : 'ready' };
  } catch (error) {
    if (signal?.aborted) return { children: [] };
    const step = node ? childrenStep(node) : deps.root.step;
    const problem = deps.describeError(error, { step });
    logger.error(problem.message, error); // the message starts with the step
    // Nothing configured at all: the welcome view explains. An expired session is an error node
    // that says so and signs in on click.
    if (!node && problem.kind === 'noCredentials') return { children: [], state: 'noCredentials' };
    return { children: [errorNode(node, problem)], state: node ? undefined : 'error' };
  }
}

function childrenStep(node: ExplorerNode): string {
  return `Listing the children of ${node.view().label}`;
}

function errorNode(parent: ExplorerNode | undefined, problem: AwsProblem): ExplorerNode {
  const command = commandForAction(problem.action);
  return new MessageNode(parent, 'error', problem.message, problem.detail, problem.message, command);
}

/** What a node whose children arrive over time gets: change events, and error rows for failures part-way. */
function childrenProgress(deps: LoadDeps): ChildrenProgress {
  return {
    changed: (node) => deps.changed?.(node),
    problem: (node, error) => {
      const problem = deps.describeError(error, { step: childrenStep(node) });
      deps.logger.error(problem.message, error);
      return errorNode(node, problem);
    },
  };
}
