/**
 * The four views, created at activation on stand-in providers (lazyProviders.ts) so that VS Code can
 * show them, their titles, descriptions and welcome content at once; the first expansion loads the
 * core and its providers.
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../aws/connection';
import { createConnectedTreeView } from '../explorer/connectedTreeView';
import type { ExplorerNode } from '../explorer/nodes/explorerNode';
import { LOCAL_VIEW_ID } from '../explorer/localViewId';
import { EXPLORER_VIEW_ID } from '../explorer/registerExplorer';
import { REPOSITORIES_VIEW_ID } from '../repositories/repositoriesViewId';
import { TASK_DEFINITIONS_VIEW_ID } from '../taskDefinitions/registerTaskDefinitionsView';
import { LazyTreeDataProvider } from './lazyProviders';

export interface LazyView {
  readonly provider: LazyTreeDataProvider<ExplorerNode>;
  readonly view: vscode.TreeView<ExplorerNode>;
}

export interface LazyViews extends vscode.Disposable {
  readonly explorer: LazyView;
  readonly taskDefinitions: LazyView;
  readonly repositories: LazyView;
  /** Run Locally's tasks: no AWS connection needed, so a plain tree view. */
  readonly local: LazyView;
}

export function createLazyViews(deps: {
  connection: ConnectionSource;
  ready: Promise<void>;
  /** Starts the core (which attaches the real providers). */
  start: () => void;
}): LazyViews {
  const disposables: vscode.Disposable[] = [];
  const create = (viewId: string): LazyView => {
    const provider = new LazyTreeDataProvider<ExplorerNode>(deps.start);
    const tree = createConnectedTreeView(viewId, { ...deps, provider });
    disposables.push(tree, provider);
    return { provider, view: tree.view };
  };
  const createLocal = (): LazyView => {
    const provider = new LazyTreeDataProvider<ExplorerNode>(deps.start);
    const view = vscode.window.createTreeView(LOCAL_VIEW_ID, { treeDataProvider: provider });
    disposables.push(view, provider);
    return { provider, view };
  };
  return {
    explorer: create(EXPLORER_VIEW_ID),
    taskDefinitions: create(TASK_DEFINITIONS_VIEW_ID),
    repositories: create(REPOSITORIES_VIEW_ID),
    local: createLocal(),
    dispose: () => void vscode.Disposable.from(...disposables).dispose(),
  };
}
