// Helpers for tests that run INSIDE the extension host (test/host/suite/*.test.ts).
// Environment set by test/host/runHostTests.ts: ECS_FAKE_AWS_URL, AWS_*, ECS_TEST_RESULTS_FILE,
// ECS_TEST_USER_DATA_DIR (logs live under it), ECS_TEST_EXTENSION_PATH, ECS_TEST_WORKSPACE.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/api';

export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  displayName?: string;
  contributes?: { commands?: { command: string; title: string; category?: string }[] };
}

/** The folder of the extension under test (the repository unless told otherwise). */
export function extensionPath(): string {
  return process.env.ECS_TEST_EXTENSION_PATH ?? path.resolve(__dirname, '..', '..', '..', '..');
}

export function manifest(): ExtensionManifest {
  return JSON.parse(fs.readFileSync(path.join(extensionPath(), 'package.json'), 'utf8')) as ExtensionManifest;
}

/** publisher.name from package.json: `ecs-fargate.ecs-fargate`. */
export function extensionId(): string {
  const m = manifest();
  return `${m.publisher}.${m.name}`;
}

export function getExtension<T = unknown>(): vscode.Extension<T> {
  const ext = vscode.extensions.getExtension<T>(extensionId());
  if (!ext) throw new Error(`extension ${extensionId()} is not loaded in this extension host`);
  return ext;
}

/** Activates the extension (a no-op when active) and returns what activate() returned. */
export async function activate<T = unknown>(): Promise<T> {
  return getExtension<T>().activate();
}

/** Numbers the suite reports to runHostTests next to the counts (e.g. activationMs). */
export const metrics: Record<string, number | string | null> = {};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns something other than undefined/false, and returns that.
 * Throws with `what` and the last error after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 100 } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(intervalMs);
  }
}

// ---- the fake AWS endpoint (test/fakeAws) --------------------------------------------------------

/** The fake's URL, or undefined when the run has none (tests that need it call `this.skip()`). */
export function fakeAwsUrl(): string | undefined {
  return process.env.ECS_FAKE_AWS_URL || undefined;
}

/** GET on the fake's admin API (`/__fake/...`), parsed as JSON. */
export async function fakeAdmin<T = unknown>(pathAndQuery: string): Promise<T> {
  const base = fakeAwsUrl();
  if (!base) throw new Error('no fake AWS endpoint in this run (ECS_FAKE_AWS_URL unset)');
  const response = await fetch(new URL(pathAndQuery, base), { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** test/fakeAws/stats.ts StatsSnapshot: calls received, per operation ('StopTask': 1). */
export interface FakeStats {
  calls: number;
  byOperation: Record<string, number>;
  [key: string]: unknown;
}

export const fakeStats = (): Promise<FakeStats> => fakeAdmin<FakeStats>('/__fake/stats');

export const fakeServices = (cluster: string): Promise<Record<string, unknown>[]> =>
  fakeAdmin(`/__fake/ecs/services?cluster=${encodeURIComponent(cluster)}`);

export const fakeTasks = (cluster: string): Promise<Record<string, unknown>[]> =>
  fakeAdmin(`/__fake/ecs/tasks?cluster=${encodeURIComponent(cluster)}`);

// ---- the Clusters tree ---------------------------------------------------------------------------
//
// The extension exposes its explorer's data provider for tests: activate() returns ExtensionApi
// (src/api.ts) with `explorer`. treeChildren() reads the tree through it exactly as VS Code does
// (getChildren + getTreeItem, then resolveTreeItem for the tooltip). Fallback: a command `ecsFargate.test.treeChildren` (returning
// TreeNodeInfo[] for an optional parent element) if the extension ever registers one instead.

/** What a test can check of one tree row, as the user would see it. */
export interface TreeNodeInfo {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  collapsible: boolean;
  /** Pass back to treeChildren() to expand this node. */
  element: unknown;
}

interface ExplorerApi {
  explorer?: vscode.TreeDataProvider<unknown>;
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** Children of `parent` (the roots when undefined); undefined when the extension exposes no way in. */
export async function treeChildren(parent?: TreeNodeInfo): Promise<TreeNodeInfo[] | undefined> {
  const api = await activate<ExplorerApi | undefined>();
  const provider = api?.explorer;
  if (provider) {
    const elements = (await provider.getChildren(parent?.element)) ?? [];
    return Promise.all(
      elements.map(async (element) => {
        // Rows come without their tooltip; VS Code asks resolveTreeItem for it on hover (as here).
        const row = await provider.getTreeItem(element);
        const token = new vscode.CancellationTokenSource().token;
        const item =
          row.tooltip === undefined && provider.resolveTreeItem
            ? ((await provider.resolveTreeItem(row, element, token)) ?? row)
            : row;
        return {
          label: labelText(item.label),
          description: typeof item.description === 'string' ? item.description : undefined,
          tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value,
          contextValue: item.contextValue,
          collapsible: (item.collapsibleState ?? 0) !== vscode.TreeItemCollapsibleState.None,
          element,
        };
      }),
    );
  }
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('ecsFargate.test.treeChildren')) {
    return vscode.commands.executeCommand<TreeNodeInfo[]>('ecsFargate.test.treeChildren', parent?.element);
  }
  return undefined;
}

/** Follows labels from the roots (e.g. ['production', 'web-frontend']) and returns that node. */
export async function treeNode(...labels: string[]): Promise<TreeNodeInfo> {
  let parent: TreeNodeInfo | undefined;
  for (const label of labels) {
    const children = await treeChildren(parent);
    if (!children) throw new Error('the extension exposes no tree for tests (see helpers.ts TODO)');
    const next = children.find((c) => c.label === label);
    if (!next)
      throw new Error(
        `no "${label}" under ${parent?.label ?? 'the roots'}: ${children.map((c) => c.label).join(', ')}`,
      );
    parent = next;
  }
  if (!parent) throw new Error('treeNode() needs at least one label');
  return parent;
}

// ---- errors logged by the extension host ---------------------------------------------------------

/** console.error calls made from the extension's own code (seen by the stack) since the capture began. */
export const capturedErrors: string[] = [];

/**
 * Wraps console.error before anything activates the extension (called by index.ts). The extension
 * host installs its own console forwarder as an accessor whose setter ignores assignments, so the
 * wrapper is put in place with defineProperty.
 */
export function captureConsoleErrors(): void {
  const forward = console.error.bind(console);
  const extensionDir = extensionPath();
  const notExtensionCode = [path.join(extensionDir, 'out', 'test'), path.join(extensionDir, 'node_modules')];
  const fromExtension = (frame: string): boolean =>
    frame.includes(extensionDir) && !notExtensionCode.some((d) => frame.includes(d));
  const wrapper = (...args: unknown[]): void => {
    const frames = (new Error().stack ?? '').split('\n').slice(2); // past "Error" and this wrapper
    if (frames.some(fromExtension)) {
      capturedErrors.push(
        args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '),
      );
    }
    forward(...args);
  };
  Object.defineProperty(console, 'error', {
    configurable: true,
    enumerable: true,
    get: () => wrapper,
    set: () => undefined,
  });
}

function logFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return logFiles(p);
    return e.name.endsWith('.log') ? [p] : [];
  });
}

/**
 * Error lines in the host's log files that concern the extension: every `[error]` line in a log of
 * the extension's own (its LogOutputChannel, under a folder named by its id), and `[error]` lines
 * elsewhere (extension host, remote agent) that name the extension's id or folder.
 */
/** Errors a test provokes on purpose (a refused deploy, a refused delete); the health check skips them. */
const expectedErrors: RegExp[] = [];

/** Declares that the extension will log an error matching `pattern` (a failure the test provokes). */
export function expectLoggedError(pattern: RegExp): void {
  expectedErrors.push(pattern);
}

export function loggedErrors(): string[] {
  const root = process.env.ECS_TEST_USER_DATA_DIR;
  if (!root) return [];
  const id = extensionId().toLowerCase();
  const folder = extensionPath();
  const found: string[] = [];
  for (const file of logFiles(path.join(root, 'logs'))) {
    const own = file.toLowerCase().includes(id);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/\[error\]/i.test(line)) return;
      // an error's stack follows on the next lines: keep a few for the report
      const entry = [line, ...lines.slice(i + 1, i + 4).filter((l) => /^\s+at /.test(l))].join('\n');
      if (expectedErrors.some((pattern) => pattern.test(line))) return;
      const fromTests = entry.includes(path.join(folder, 'out', 'test'));
      if (own || entry.toLowerCase().includes(id) || (entry.includes(folder) && !fromTests)) {
        found.push(`${path.relative(root, file)}: ${entry}`);
      }
    });
  }
  return found;
}

// ---- the extension's API, stubs of the editor's UI, the open view ---------------------------------

/**
 * What activate() returns (src/api.ts). `connection` is typed ConnectionSource there; at run time it
 * is the ConnectionManager, whose setRegion the tests use to put the region back.
 */
export type TestApi = Omit<ExtensionApi, 'connection'> & {
  readonly connection: ExtensionApi['connection'] & { setRegion(region: string): Promise<void> };
};

export async function extensionApi(): Promise<TestApi> {
  const api = await activate<TestApi | undefined>();
  if (!api?.explorer || !api.connection) throw new Error('activate() returned no ExtensionApi (src/api.ts)');
  return api;
}

/** A replaced function of a `vscode` namespace object; `calls` holds the arguments of each call. */
export interface Stub {
  readonly calls: unknown[][];
  restore(): void;
}

/**
 * Replaces `target[name]` (e.g. vscode.window.showWarningMessage) until restore(). The extension
 * shares this host's `vscode` API object with the tests (they live in the extension's folder), so
 * its own calls reach the stub. Throws when the namespace does not take the assignment.
 */
export function stub<T extends object>(
  target: T,
  name: keyof T & string,
  impl: (...args: unknown[]) => unknown,
): Stub {
  const slots = target as Record<string, unknown>;
  const original = slots[name];
  const calls: unknown[][] = [];
  const replacement = (...args: unknown[]): unknown => {
    calls.push(args);
    return impl(...args);
  };
  slots[name] = replacement;
  if (slots[name] !== replacement) throw new Error(`cannot stub ${name}: the namespace is read-only`);
  return {
    calls,
    restore: () => {
      slots[name] = original;
    },
  };
}

/** Runs `body` with the stubs in place and always restores them. */
export async function withStubs<R>(stubs: Stub[], body: () => PromiseLike<R>): Promise<R> {
  try {
    return await body();
  } finally {
    for (const s of stubs) s.restore();
  }
}

/**
 * Fails unless `command` is registered in this host. A command the manifest declares but activate()
 * does not register is a broken feature, never a reason to skip its tests.
 */
export async function assertCommandRegistered(command: string): Promise<void> {
  const registered = await vscode.commands.getCommands(true);
  assert.ok(registered.includes(command), `the extension registers ${command}`);
}

/** Records every `setContext` the extension runs (viewsWelcome keys on `ecsFargate.explorer.state`). */
export function recordSetContext(): Stub & { values(key: string): unknown[] } {
  const commands = vscode.commands as unknown as Record<string, (...args: unknown[]) => Thenable<unknown>>;
  const execute = commands.executeCommand!.bind(vscode.commands);
  const spy = stub(vscode.commands, 'executeCommand', (...args: unknown[]) => execute(...args));
  return {
    ...spy,
    values: (key: string) => spy.calls.filter((a) => a[0] === 'setContext' && a[1] === key).map((a) => a[2]),
  };
}

/**
 * Shows the ECS view container, so VS Code renders the Clusters tree and asks its provider again
 * after every change event (a hidden view is never asked).
 */
export async function showExplorerView(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.ecsFargate');
  await vscode.commands.executeCommand('ecsFargate.explorer.focus');
}

/** POST on the fake's admin API (`/__fake/fleet`, `/__fake/faults`, `/__fake/reset`). */
export async function fakeAdminPost<T = unknown>(pathAndQuery: string, body: unknown): Promise<T> {
  const base = fakeAwsUrl();
  if (!base) throw new Error('no fake AWS endpoint in this run (ECS_FAKE_AWS_URL unset)');
  const response = await fetch(new URL(pathAndQuery, base), {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`POST ${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Calls per operation since `before` (a fakeStats() snapshot). */
export async function callsSince(before: FakeStats, operation: string): Promise<number> {
  const now = await fakeStats();
  return (now.byOperation[operation] ?? 0) - (before.byOperation[operation] ?? 0);
}

// ---- status-bar items ----------------------------------------------------------------------------
//
// The extension host has no API to read another extension's status-bar item, and the workbench
// draws it in the page (the UI suite reads it there). What the host can see is the item object the
// extension creates: captureStatusBarItems() wraps vscode.window.createStatusBarItem so the tests
// keep a reference to every item made after it, and read back its text, command and tooltip.

const statusBarItems: vscode.StatusBarItem[] = [];
let statusBarCapture: { extensionWasActive: boolean } | undefined;

/**
 * Starts capturing; call it while the test files load (mocha loads every file before it runs any
 * test, so this happens before activation.test activates the extension). Idempotent.
 */
export function captureStatusBarItems(): void {
  if (statusBarCapture) return;
  statusBarCapture = { extensionWasActive: vscode.extensions.getExtension(extensionId())?.isActive ?? false };
  const window = vscode.window as unknown as Record<string, (...args: unknown[]) => vscode.StatusBarItem>;
  const create = window.createStatusBarItem!.bind(vscode.window);
  stub(vscode.window, 'createStatusBarItem', (...args: unknown[]) => {
    const item = create(...args);
    statusBarItems.push(item);
    return item;
  });
}

/**
 * The status-bar item the extension created with this id. Fails when it created none, and says so
 * when the extension was already active as the capture began (the suite must start first: index.ts).
 */
export function capturedStatusBarItem(id: string): vscode.StatusBarItem {
  const item = statusBarItems.find((i) => i.id === id);
  if (item) return item;
  assert.ok(statusBarCapture, 'captureStatusBarItems() ran while the test files loaded');
  assert.ok(
    !statusBarCapture.extensionWasActive,
    `the extension was active before the suite could watch its status bar, so ${id} was missed: ` +
      'the test workspace must not activate it (see test/host/suite/index.ts)',
  );
  return assert.fail(`the extension created no status-bar item ${id}`);
}
