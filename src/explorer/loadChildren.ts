/**
 * Loads one level of the tree and never throws: a failure becomes an error node under the node
 * that failed (its siblings still render), and at the top level a credentials problem becomes the
 * "no credentials" state so the welcome view can help. Editor-free, so it is tested in plain Node.
 */
import { describeAwsError, isCredentialProblem } from '../aws/awsErrors';
import type { Logger } from '../shared/logger';
import { listClusterNodes } from './nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from './nodes/explorerNode';
import { MessageNode } from './nodes/messageNode';

/** The states viewsWelcome content keys on (context key `ecsFargate.explorerState`). */
export type ExplorerState = 'loading' | 'ready' | 'noConnection' | 'noCredentials' | 'noClusters' | 'error';

export interface Loaded {
  readonly children: ExplorerNode[];
  /** Set when the top level was loaded. */
  readonly state?: ExplorerState;
}

export async function loadChildren(
  node: ExplorerNode | undefined,
  context: () => Promise<ExplorerContext | undefined>,
  logger: Logger,
  signal?: AbortSignal,
): Promise<Loaded> {
  try {
    if (node) return { children: (await node.getChildren?.(signal)) ?? [] };
    const ctx = await context();
    if (!ctx) return { children: [], state: 'noConnection' };
    const children = await listClusterNodes(ctx, signal);
    return { children, state: children.length === 0 ? 'noClusters' : 'ready' };
  } catch (error) {
    if (signal?.aborted) return { children: [] };
    const step = node ? `Listing the children of ${node.view().label}` : 'Listing clusters';
    const problem = describeAwsError(error, { step });
    logger.error(`${step}: ${problem.message}`, error);
    if (!node && isCredentialProblem(problem)) return { children: [], state: 'noCredentials' };
    return {
      children: [new MessageNode(node, 'error', problem.message, problem.detail)],
      state: node ? undefined : 'error',
    };
  }
}
