/**
 * What `activate()` returns. Other extensions get nothing useful from it today; the extension-host
 * tests use it to read the tree the way VS Code does (through the provider) and to see the connection.
 */
import type { TreeProvider } from './activation/lazyProviders';
import type { ConnectionSource } from './aws/connection';
import type { ExplorerNode } from './explorer/nodes/explorerNode';

export interface ExtensionApi {
  /** The Clusters view's provider (its first getChildren loads the core). */
  readonly explorer: TreeProvider<ExplorerNode>;
  /** The Task Definitions view's provider. */
  readonly taskDefinitions: TreeProvider<ExplorerNode>;
  /** The Local view's provider (Run Locally's tasks on Docker). */
  readonly local: TreeProvider<ExplorerNode>;
  readonly connection: ConnectionSource;
  /** Milliseconds activate() took, measured inside the extension. */
  readonly activationMs: number;
}
