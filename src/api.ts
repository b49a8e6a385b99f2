/**
 * What `activate()` returns. Other extensions get nothing useful from it today; the extension-host
 * tests use it to read the tree the way VS Code does (through the provider) and to see the connection.
 */
import type { ConnectionSource } from './aws/connection';
import type { EcsTreeDataProvider } from './explorer/ecsTreeDataProvider';

export interface ExtensionApi {
  readonly explorer: EcsTreeDataProvider;
  /** The Task Definitions view's provider. */
  readonly taskDefinitions: EcsTreeDataProvider;
  readonly connection: ConnectionSource;
  /** Milliseconds activate() took, measured inside the extension. */
  readonly activationMs: number;
}
