/**
 * Creates the Task Definitions view on the generic EcsTreeDataProvider (its root loader is
 * taskDefinitionsRoot), following the connection like the explorer.
 */
import type * as vscode from 'vscode';
import type { ConnectionSource } from '../aws/connection';
import { createConnectedTreeView } from '../explorer/connectedTreeView';
import type { EcsTreeDataProvider } from '../explorer/ecsTreeDataProvider';

export const TASK_DEFINITIONS_VIEW_ID = 'ecsFargate.taskDefinitions';

export function registerTaskDefinitionsView(deps: {
  provider: EcsTreeDataProvider;
  connection: ConnectionSource;
  ready: Promise<void>;
}): vscode.Disposable {
  return createConnectedTreeView(TASK_DEFINITIONS_VIEW_ID, deps);
}
