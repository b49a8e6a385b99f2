/** What the explorer's node commands need; built once in services.ts. */
import type { EcsGateway } from '../../aws/ecsGateway';
import type { EcsTreeDataProvider } from '../../explorer/ecsTreeDataProvider';
import type { LiveUpdater } from '../../explorer/liveUpdates';
import type { CommandDeps } from '../../ui/runCommand';

export interface ExplorerCommandDeps extends CommandDeps {
  readonly explorer: EcsTreeDataProvider;
  readonly liveUpdater: LiveUpdater;
  /** The gateway of the current connection; throws a credentials problem when there is none. */
  readonly ecs: () => EcsGateway;
}
