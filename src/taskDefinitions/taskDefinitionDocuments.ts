/**
 * Read-only documents for task definitions, on the `ecs-taskdef` scheme:
 * - `ecs-taskdef:/web/web:7.json?profile=dev&region=eu-west-1` — revision 7 of `web` as the JSON
 *   that registers it (toRegisterable); with `&view=normalized`, in the canonical compare form;
 * - `ecs-taskdef://local/task-definition.json?source=<file URI>` — a local file in the canonical
 *   compare form, so a diff normalizes both sides the same way. It follows the file's unsaved
 *   edits while it is open.
 * A revision never changes once registered (only its status does, which is not in its JSON), so
 * described revisions are cached for the session, keyed by profile, region and revision.
 */
import * as vscode from 'vscode';
import type { RegisteredTaskDefinition, TaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import {
  formatJson,
  normalizeForCompare,
  parseTaskDefinitionText,
  toRegisterable,
} from '../taskdef/normalize';

import { TASK_DEFINITION_SCHEME } from './taskDefinitionScheme';

export { TASK_DEFINITION_SCHEME };
const LOCAL_AUTHORITY = 'local';
const CACHE_SIZE = 100;

/** A revision and the connection it belongs to. */
export interface RevisionLocation {
  readonly family: string;
  readonly revision: number;
  readonly profile: string;
  readonly region: string;
}

export type RevisionView = 'registerable' | 'normalized';

export interface ConnectionInfo {
  readonly profile: string;
  readonly region: string;
}

export function revisionUri(location: RevisionLocation, view: RevisionView = 'registerable'): vscode.Uri {
  const query = new URLSearchParams({ profile: location.profile, region: location.region });
  if (view === 'normalized') query.set('view', 'normalized');
  return vscode.Uri.from({
    scheme: TASK_DEFINITION_SCHEME,
    path: `/${location.family}/${location.family}:${location.revision}.json`,
    query: query.toString(),
  });
}

export function parseRevisionUri(
  uri: vscode.Uri,
): (RevisionLocation & { readonly view: RevisionView }) | undefined {
  if (uri.scheme !== TASK_DEFINITION_SCHEME || uri.authority === LOCAL_AUTHORITY) return undefined;
  const match = /^\/([A-Za-z0-9_-]+)\/\1:(\d+)\.json$/.exec(uri.path);
  const query = new URLSearchParams(uri.query);
  const profile = query.get('profile');
  const region = query.get('region');
  if (!match?.[1] || !match[2] || profile === null || region === null) return undefined;
  return {
    family: match[1],
    revision: Number(match[2]),
    profile,
    region,
    view: query.get('view') === 'normalized' ? 'normalized' : 'registerable',
  };
}

/** The normalized view of a local file. */
export function localUri(source: vscode.Uri): vscode.Uri {
  const name = source.path.slice(source.path.lastIndexOf('/') + 1) || 'task-definition.json';
  return vscode.Uri.from({
    scheme: TASK_DEFINITION_SCHEME,
    authority: LOCAL_AUTHORITY,
    path: `/${name}`,
    query: new URLSearchParams({ source: source.toString() }).toString(),
  });
}

export function parseLocalUri(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== TASK_DEFINITION_SCHEME || uri.authority !== LOCAL_AUTHORITY) return undefined;
  const source = new URLSearchParams(uri.query).get('source');
  return source ? vscode.Uri.parse(source, true) : undefined;
}

/** A file's text: the open editor's (with unsaved edits) if there is one, else the file on disk. */
export async function readLocalText(source: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
}

export function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export interface TaskDefinitionDocumentsDeps {
  /** The current connection (profile and region), or undefined. */
  readonly connection: () => ConnectionInfo | undefined;
  /** The task definition gateway of the current connection. */
  readonly taskDefinitions: () => TaskDefinitionGateway;
}

export class TaskDefinitionDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly cache = new Map<string, RegisteredTaskDefinition>();
  /** Local file URI → the normalized views of it that are open. */
  private readonly watched = new Map<string, Set<string>>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: TaskDefinitionDocumentsDeps) {}

  /**
   * The gateway for a location's connection. Only the current connection has clients, so a
   * revision from another profile or region says how to get it back.
   */
  gatewayFor(
    location: ConnectionInfo & { readonly family?: string; readonly revision?: number },
  ): TaskDefinitionGateway {
    const current = this.deps.connection();
    if (!current || current.profile !== location.profile || current.region !== location.region) {
      const what = location.family ? `${location.family}:${location.revision ?? ''}` : 'This task definition';
      throw new Error(
        `${what} belongs to profile ${location.profile} in ${location.region}: switch to that profile and region to load it.`,
      );
    }
    return this.deps.taskDefinitions();
  }

  /** The revision with its tags, from the cache or from ECS. */
  async describe(location: RevisionLocation, signal?: AbortSignal): Promise<RegisteredTaskDefinition> {
    const key = cacheKey(location);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key); // most recently used last
      this.cache.set(key, cached);
      return cached;
    }
    const registered = await this.gatewayFor(location).describe(
      `${location.family}:${location.revision}`,
      signal,
    );
    this.remember(location, registered);
    return registered;
  }

  /** Seeds the cache with a revision that was already described (by the tree). */
  remember(location: RevisionLocation, registered: RegisteredTaskDefinition): void {
    const key = cacheKey(location);
    this.cache.delete(key);
    this.cache.set(key, registered);
    while (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const source = parseLocalUri(uri);
    if (source) return this.localContent(uri, source);
    const location = parseRevisionUri(uri);
    if (!location) throw new Error(`Not a task definition document: ${uri.toString()}`);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const { taskDefinition, tags } = await this.describe(location, controller.signal);
      const registerable = toRegisterable(taskDefinition, tags);
      return formatJson(location.view === 'normalized' ? normalizeForCompare(registerable) : registerable);
    } finally {
      subscription.dispose();
    }
  }

  private async localContent(uri: vscode.Uri, source: vscode.Uri): Promise<string> {
    const views = this.watched.get(source.toString()) ?? new Set<string>();
    views.add(uri.toString());
    this.watched.set(source.toString(), views);
    const text = await readLocalText(source);
    try {
      return formatJson(normalizeForCompare(parseTaskDefinitionText(text, fileName(source))));
    } catch (error) {
      // While the file is being edited it may not parse; say so in place of the comparison.
      return `// ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** The source of an open normalized view changed: refresh the view (debounced while typing). */
  sourceChanged(source: vscode.Uri): void {
    const views = this.watched.get(source.toString());
    if (!views) return;
    const key = source.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        for (const view of views) this.changed.fire(vscode.Uri.parse(view, true));
      }, 300),
    );
  }

  /** A normalized view was closed: stop following its source. */
  closed(uri: vscode.Uri): void {
    const source = parseLocalUri(uri);
    if (!source) return;
    const views = this.watched.get(source.toString());
    views?.delete(uri.toString());
    if (views?.size === 0) this.watched.delete(source.toString());
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.changed.dispose();
  }
}

function cacheKey(location: RevisionLocation): string {
  return `${location.profile}|${location.region}|${location.family}:${location.revision}`;
}

/** Registers the content provider and keeps local views in step with their files (services.ts disposes `documents`). */
/**
 * Keeps the local-file documents following their source (the content provider itself is registered
 * at activation, on a stand-in: src/extension.ts).
 */
export function watchTaskDefinitionSources(documents: TaskDefinitionDocuments): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => documents.sourceChanged(e.document.uri)),
    vscode.workspace.onDidSaveTextDocument((d) => documents.sourceChanged(d.uri)),
    vscode.workspace.onDidCloseTextDocument((d) => documents.closed(d.uri)),
  );
}
