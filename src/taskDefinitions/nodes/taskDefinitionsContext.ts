/**
 * What the Task Definitions view's nodes receive. It extends the explorer's ExplorerContext, so
 * the generic tree provider, loadChildren and RootLoader serve this view unchanged (they pass the
 * context through without looking at it), while the explorer's own context stays as it is: the
 * clusters tree never needs task definitions, and this view never lists clusters.
 */
import type { AwsErrorContext, AwsProblem } from '../../aws/awsErrors';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { ExplorerContext } from '../../explorer/nodes/explorerNode';

export interface TaskDefinitionsContext extends ExplorerContext {
  readonly taskDefinitions: TaskDefinitionGateway;
  /** The connection's profile: documents opened from a node name the connection they come from. */
  readonly profile: string;
  /** Explains (and redacts) a failed describe for the node's tooltip: ConnectionManager.describeError. */
  readonly describeError: (error: unknown, context: Pick<AwsErrorContext, 'step'>) => AwsProblem;
}

export function isTaskDefinitionsContext(ctx: ExplorerContext): ctx is TaskDefinitionsContext {
  return 'taskDefinitions' in ctx && typeof (ctx as Partial<TaskDefinitionsContext>).profile === 'string';
}

/** The context as this view's, or a clear error when the view was wired with the explorer's. */
export function asTaskDefinitionsContext(ctx: ExplorerContext): TaskDefinitionsContext {
  if (!isTaskDefinitionsContext(ctx)) {
    throw new Error('The Task Definitions view needs a context with a task definition gateway.');
  }
  return ctx;
}
