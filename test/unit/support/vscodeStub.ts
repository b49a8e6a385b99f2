/**
 * A minimal stand-in for the `vscode` module, so the thin editor-side wiring that has a plain-Node
 * seam (src/ui) can be unit tested without an extension host. Only what those tests touch exists;
 * anything else is undefined and fails loudly. Import this module BEFORE the module under test.
 */
import Module from 'node:module';

export interface StubStatusBarItem {
  name?: string;
  command?: string;
  text: string;
  tooltip?: string;
  visible: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

class EventEmitter<T> {
  private listeners: Array<(value: T) => void> = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

type QuickPickToken = CancellationTokenSource['token'];
/** How the stubbed quick pick answers: given the items (maybe still loading) and the token. */
export type QuickPickAnswer = (items: unknown, token: QuickPickToken | undefined) => Promise<unknown>;

/** A webview panel as the metrics view uses it: its HTML, reveal/dispose counts, the dispose listeners. */
export class StubWebviewPanel {
  revealed = 0;
  disposed = false;
  private readonly disposeListeners: Array<() => void> = [];
  readonly webview = {
    html: '',
    cspSource: 'vscode-webview://stub',
    onDidReceiveMessage: (_listener: (message: unknown) => void) => new Disposable(() => undefined),
  };
  constructor(
    readonly viewType: string,
    readonly title: string,
  ) {}
  reveal(): void {
    this.revealed++;
  }
  onDidDispose(listener: () => void): Disposable {
    this.disposeListeners.push(listener);
    return new Disposable(() => undefined);
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const listener of this.disposeListeners) listener();
  }
}

/** What the tests script and observe. */
export const vscodeStub = {
  /** Every webview panel created, in order. */
  panels: [] as StubWebviewPanel[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as Array<{ command: string; args: unknown[] }>,
  errorMessages: [] as Array<{ message: string; buttons: string[] }>,
  /** The button the next error toasts "click" (undefined: dismissed). */
  errorAnswers: [] as Array<string | undefined>,
  /** The next showQuickPick answers (default: dismissed at once). */
  quickPickAnswers: [] as QuickPickAnswer[],
  reset(): void {
    this.panels.length = 0;
    this.quickPickAnswers.length = 0;
    this.commands.clear();
    this.executed.length = 0;
    this.errorMessages.length = 0;
    this.errorAnswers.length = 0;
  },
};

/** The tree row types, as the explorer's provider builds them (plain holders, like VS Code's). */
class MarkdownString {
  isTrusted?: boolean;
  constructor(
    readonly value = '',
    readonly supportThemeIcons = false,
  ) {}
}
class ThemeColor {
  constructor(readonly id: string) {}
}
class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}
class TreeItem {
  id?: string;
  description?: string;
  contextValue?: string;
  tooltip?: string | MarkdownString;
  command?: unknown;
  iconPath?: ThemeIcon;
  constructor(
    readonly label: string,
    readonly collapsibleState = 0,
  ) {}
}

const api = {
  Disposable,
  MarkdownString,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  EventEmitter,
  CancellationError,
  CancellationTokenSource,
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  window: {
    createWebviewPanel: (viewType: string, title: string) => {
      const panel = new StubWebviewPanel(viewType, title);
      vscodeStub.panels.push(panel);
      return panel;
    },
    createStatusBarItem: (): StubStatusBarItem => ({
      text: '',
      visible: false,
      show() {
        this.visible = true;
      },
      hide() {
        this.visible = false;
      },
      dispose() {
        this.visible = false;
      },
    }),
    showQuickPick: (items: unknown, _options: unknown, token?: QuickPickToken) =>
      (vscodeStub.quickPickAnswers.shift() ?? (() => Promise.resolve(undefined)))(items, token),
    showErrorMessage: (message: string, ...buttons: string[]) => {
      vscodeStub.errorMessages.push({ message, buttons });
      return Promise.resolve(vscodeStub.errorAnswers.shift());
    },
  },
  commands: {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      vscodeStub.commands.set(id, handler);
      return new Disposable(() => vscodeStub.commands.delete(id));
    },
    executeCommand: (command: string, ...args: unknown[]) => {
      vscodeStub.executed.push({ command, args });
      return Promise.resolve(undefined);
    },
  },
};

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader & { vscodeStubbed?: true } };
if (!moduleInternals._load.vscodeStubbed) {
  const original = moduleInternals._load;
  const load: Loader & { vscodeStubbed?: true } = function (this: unknown, request, parent, isMain) {
    return request === 'vscode' ? api : original.call(this, request, parent, isMain);
  };
  load.vscodeStubbed = true;
  moduleInternals._load = load;
}
