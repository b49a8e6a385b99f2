/** Activation only wires things together: services, the explorer, the status bar, the commands. */
import type * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { registerCommands } from './commands/registerCommands';
import { ensureExecutionRole } from './commands/taskDefinition/createExecutionRole';
import { registerTaskDefinitionEditor } from './editor/registerTaskDefinitionEditor';
import { registerExplorer } from './explorer/registerExplorer';
import { registerLocalView } from './explorer/registerLocalView';
import { registerRepositoriesView } from './repositories/registerRepositoriesView';
import { createServices } from './services';
import { registerTaskDefinitionsView } from './taskDefinitions/registerTaskDefinitionsView';
import { registerTaskDefinitionDocuments } from './taskDefinitions/taskDefinitionDocuments';
import { registerConnectionStatusBar } from './ui/connectionStatusBar';
import { registerAwsConfigWatcher } from './ui/awsConfigWatcher';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const services = createServices(context);
  context.subscriptions.push(
    services,
    registerExplorer({ ...services, provider: services.explorer, connection: services.connections }),
    registerTaskDefinitionsView({
      provider: services.taskDefinitionsView,
      connection: services.connections,
      ready: services.ready,
    }),
    registerRepositoriesView({
      provider: services.repositoriesView,
      connection: services.connections,
      ready: services.ready,
    }),
    registerLocalView(services.localCommands.registry),
    registerTaskDefinitionDocuments(services.taskDefinitionDocuments),
    registerTaskDefinitionEditor({
      ...services.taskDefinitionCommands,
      createExecutionRole: () => ensureExecutionRole(services.taskDefinitionCommands),
    }),
    registerConnectionStatusBar(services),
    registerAwsConfigWatcher(services.connections),
    registerCommands(services),
  );
  const activationMs = performance.now() - started;
  services.logger.info(`Activated in ${activationMs.toFixed(0)} ms`);
  return {
    explorer: services.explorer,
    taskDefinitions: services.taskDefinitionsView,
    connection: services.connections,
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
