/**
 * Activation registers what VS Code must know at once and runs nothing else (docs/performance.md §1):
 * the connection and its status bar, the three views on stand-in providers, the task-definition
 * diagnostics, the ecs-taskdef documents, and every contributed command as a stand-in. The first use
 * of any of them starts the core (src/core.ts, dist/core.js): services, commands, tree nodes.
 */
import * as vscode from 'vscode';
import type { ExtensionApi } from './api';
import { createBoot } from './activation/boot';
import { contributedCommands, registerLazyCommands } from './activation/lazyCommands';
import { LazyContentProvider } from './activation/lazyProviders';
import { registerTaskDefinitionEditor } from './activation/taskDefinitionEditor';
import { createLazyViews } from './activation/views';
import type * as CoreModule from './core';
import { TASK_DEFINITION_SCHEME } from './taskDefinitions/taskDefinitionScheme';
import { registerConnectionStatusBar } from './ui/connectionStatusBar';
import { registerAwsConfigWatcher } from './ui/awsConfigWatcher';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const boot = createBoot(context);
  let core: CoreModule.Core | undefined;
  /** Loads and starts the core once (a chunk boundary: scripts/bundles.js). */
  const loadCore = (): CoreModule.Core => {
    if (core) return core;
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startCore } = require('./core') as typeof CoreModule;
    core = startCore(boot, { views, diagnostics: editor.diagnostics, taskDefinitionDocuments });
    boot.logger.info(`Loaded the features in ${(performance.now() - t0).toFixed(0)} ms`);
    return core;
  };
  // Every way to the core goes through the stand-in commands, which step aside first.
  const commands = registerLazyCommands(contributedCommands(context.extension.packageJSON), loadCore);
  const start = (): CoreModule.Core => commands.start();
  const views = createLazyViews({ connection: boot.connections, ready: boot.ready, start });
  const taskDefinitionDocuments = new LazyContentProvider(start);
  const editor = registerTaskDefinitionEditor({
    logger: boot.logger,
    settings: boot.settings,
    quickFixes: () => start().quickFixes,
  });
  const registered = vscode.Disposable.from(
    views,
    taskDefinitionDocuments,
    vscode.workspace.registerTextDocumentContentProvider(TASK_DEFINITION_SCHEME, taskDefinitionDocuments),
    editor,
    registerConnectionStatusBar(boot),
    registerAwsConfigWatcher(boot.connections),
    commands,
  );
  // The core goes first: its services still use the connection and the channel while they stop.
  context.subscriptions.push({
    dispose: () => {
      core?.dispose();
      registered.dispose();
      boot.dispose();
    },
  });
  const activationMs = performance.now() - started;
  boot.logger.info(`Activated in ${activationMs.toFixed(0)} ms`);
  return {
    explorer: views.explorer.provider,
    taskDefinitions: views.taskDefinitions.provider,
    connection: boot.connections,
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
