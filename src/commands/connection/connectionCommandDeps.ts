/** What the connection commands (profile, region, SSO login, AWS config) need; built once in services.ts. */
import type { ConnectionManager } from '../../aws/connectionManager';
import type { CommandDeps } from '../../ui/runCommand';

export interface ConnectionCommandDeps extends CommandDeps {
  readonly connections: ConnectionManager;
}
