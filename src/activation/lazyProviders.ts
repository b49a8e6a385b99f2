/**
 * Stand-ins that VS Code gets at activation for what the core implements: a view's data provider and
 * the task-definition documents' content provider. The first call that needs the real one starts the
 * core (`load`), which attaches it; from then on every call and every change event goes through.
 */
import * as vscode from 'vscode';
import type { ConnectedTreeProvider } from '../explorer/connectedTreeView';

/** The part of EcsTreeDataProvider the views and the extension API use. */
export interface TreeProvider<T> extends ConnectedTreeProvider<T> {
  getTreeItem(element: T): vscode.TreeItem;
  /** Fills in what getTreeItem left out (the tooltip) when the row is hovered. */
  resolveTreeItem?(item: vscode.TreeItem, element: T, token: vscode.CancellationToken): vscode.TreeItem;
  getChildren(element?: T): Promise<T[]>;
  getParent?(element: T): T | undefined;
}

export class LazyTreeDataProvider<T> implements TreeProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private real: TreeProvider<T> | undefined;
  private forwarding: vscode.Disposable | undefined;

  /** `load` starts the core, which calls attach() before it returns. */
  constructor(private readonly load: () => void) {}

  attach(real: TreeProvider<T>): void {
    this.real = real;
    this.forwarding = real.onDidChangeTreeData?.((e) => this.changed.fire(e));
  }

  getTreeItem(element: T): vscode.TreeItem {
    return this.provider().getTreeItem(element);
  }

  // VS Code looks for resolveTreeItem once, when the view is created on this stand-in: it must be here.
  resolveTreeItem(item: vscode.TreeItem, element: T, token: vscode.CancellationToken): vscode.TreeItem {
    return this.provider().resolveTreeItem?.(item, element, token) ?? item;
  }

  async getChildren(element?: T): Promise<T[]> {
    return this.provider().getChildren(element);
  }

  getParent(element: T): T | undefined {
    return this.provider().getParent?.(element);
  }

  /** Before the core, there is nothing cached: VS Code asks again, and that loads it. */
  refresh(element?: T): void | Promise<void> {
    if (this.real) return this.real.refresh(element);
    this.changed.fire();
  }

  collapsed(element: T): void {
    this.real?.collapsed(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }

  private provider(): TreeProvider<T> {
    if (!this.real) this.load();
    if (!this.real) throw new Error('the core did not attach the view provider');
    return this.real;
  }
}

export class LazyContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private real: vscode.TextDocumentContentProvider | undefined;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => void) {}

  attach(real: vscode.TextDocumentContentProvider): void {
    this.real = real;
    this.forwarding = real.onDidChange?.((uri) => this.changed.fire(uri));
  }

  provideTextDocumentContent(
    uri: vscode.Uri,
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<string> {
    if (!this.real) this.load();
    return this.real?.provideTextDocumentContent(uri, token);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
