/** What the log commands (show, follow, stop following) need; built once in services.ts. */
import type { EcsGateway } from '../../aws/ecsGateway';
import type { LogChannels } from '../../ui/logChannels';
import type { CommandDeps } from '../../ui/runCommand';

export interface LogCommandDeps extends CommandDeps {
  /** The gateway of the current connection; throws a credentials problem when there is none. */
  readonly ecs: () => EcsGateway;
  readonly logChannels: LogChannels;
}
