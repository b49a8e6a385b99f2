/**
 * The entry of the core chunk (dist/core.js, scripts/bundles.js): every feature. Activation
 * (src/extension.ts) starts it at the first use of anything (a command, a view's first expansion, a
 * quick fix, a task-definition document on the ecs-taskdef scheme), handing over what it built: the
 * connection, the logger, the settings (in `boot`), the views and the diagnostics. Starting builds the
 * services (src/services.ts), attaches the real providers to the views' stand-ins and registers the
 * real commands (commands/registerCommands.ts) in place of the stand-ins.
 */
import * as vscode from 'vscode';
import type { Boot } from './activation/boot';
import type { LazyContentProvider } from './activation/lazyProviders';
import type { LazyViews } from './activation/views';
import { registerCommands } from './commands/registerCommands';
import { ensureExecutionRole } from './commands/taskDefinition/createExecutionRole';
import { createTaskDefinitionQuickFixes } from './editor/registerTaskDefinitionEditor';
import type { TaskDefinitionDiagnostics } from './editor/taskDefinitionDiagnostics';
import { pauseLiveUpdatesWhileHidden } from './explorer/registerExplorer';
import { LocalTreeProvider } from './explorer/registerLocalView';
import { createServices } from './services';
import { watchTaskDefinitionSources } from './taskDefinitions/taskDefinitionDocuments';
import { registerPortForwardStatusBar } from './ui/portForwardStatusBar';

/** What activation created that the core completes. */
export interface CoreShell {
  readonly views: LazyViews;
  readonly diagnostics: TaskDefinitionDiagnostics;
  readonly taskDefinitionDocuments: LazyContentProvider;
}

export interface Core extends vscode.Disposable {
  readonly quickFixes: vscode.CodeActionProvider;
}

export function startCore(boot: Boot, shell: CoreShell): Core {
  const services = createServices(boot);
  shell.views.explorer.provider.attach(services.explorer);
  shell.views.taskDefinitions.provider.attach(services.taskDefinitionsView);
  shell.views.repositories.provider.attach(services.repositoriesView);
  const localTree = new LocalTreeProvider(services.localCommands.registry);
  shell.views.local.provider.attach(localTree);
  shell.taskDefinitionDocuments.attach(services.taskDefinitionDocuments);
  const quickFixes = createTaskDefinitionQuickFixes(
    {
      ...services.taskDefinitionCommands,
      createExecutionRole: () => ensureExecutionRole(services.taskDefinitionCommands),
    },
    shell.diagnostics,
  );
  const disposable = vscode.Disposable.from(
    services,
    localTree,
    pauseLiveUpdatesWhileHidden(shell.views.explorer.view, services.liveUpdater, services.settings),
    watchTaskDefinitionSources(services.taskDefinitionDocuments),
    quickFixes,
    // Port forwards exist only once the core runs (Forward Port… starts it), so their item lives here.
    registerPortForwardStatusBar(services.portForwardCommands.forwards),
    registerCommands(services),
  );
  return { quickFixes: quickFixes.actions, dispose: () => void disposable.dispose() };
}
