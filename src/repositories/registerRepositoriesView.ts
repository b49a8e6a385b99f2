/**
 * The Repositories view's (ECR) provider: the generic EcsTreeDataProvider with repositoriesRoot as
 * its root loader. The view is created at activation (src/activation/views.ts).
 */
import type { ConnectionSource } from '../aws/connection';
import type { EcrGateway } from '../aws/ecrGateway';
import type { AwsProblem, AwsErrorContext } from '../aws/awsErrors';
import { setViewState } from '../explorer/connectedTreeView';
import { EcsTreeDataProvider } from '../explorer/ecsTreeDataProvider';
import type { EcsGateway } from '../aws/ecsGateway';
import type { Logger } from '../shared/logger';
import { repositoriesRoot, type RepositoriesContext } from './nodes/repositoryNodes';
import { REPOSITORIES_VIEW_ID } from './repositoriesViewId';

export { REPOSITORIES_VIEW_ID };

export interface RepositoriesViewDeps {
  readonly connections: ConnectionSource;
  readonly ready: Promise<void>;
  readonly ecs: () => EcsGateway;
  readonly ecr: () => EcrGateway;
  readonly logger: Logger;
  readonly describeError: (error: unknown, context: Pick<AwsErrorContext, 'step'>) => AwsProblem;
}

/** The provider (for services.ts to keep and refresh after a push). */
export function createRepositoriesProvider(deps: RepositoriesViewDeps): EcsTreeDataProvider {
  return new EcsTreeDataProvider({
    context: async (): Promise<RepositoriesContext | undefined> => {
      await deps.ready;
      const current = deps.connections.current;
      return current && { ecs: deps.ecs(), ecr: deps.ecr(), region: current.region, now: () => Date.now() };
    },
    root: repositoriesRoot,
    logger: deps.logger,
    describeError: deps.describeError,
    setState: (state) => setViewState(REPOSITORIES_VIEW_ID, state),
  });
}
