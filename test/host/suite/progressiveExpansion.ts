/**
 * Expands a node whose children arrive over time (a big cluster) the way VS Code does: each change
 * event on the node makes it ask for the children again, until no "Loading more…" row is left.
 * Shared by the progressive-listing host test and bench:explorer-host's probe, which read the rows
 * their own way (`read`).
 */
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';

export interface ProgressiveExpansion<R> {
  /** The rows of the first getChildren, and how long it took. */
  readonly first: readonly R[];
  readonly firstMs: number;
  /** The rows once no loading row is left, and when that was (from the first getChildren). */
  readonly rows: readonly R[];
  readonly allMs: number;
  /** getChildren + reading every row, summed over the updates after the first (the host's thread). */
  readonly renderMs: number;
  /** Change events on the node so far (they go on counting until dispose). */
  changes(): number;
  /** Waits for a change event after the last read (the decorations' update), at most `timeoutMs`. */
  followUp(timeoutMs: number): Promise<void>;
  dispose(): void;
}

export const LOADING_MORE = 'Loading more…';

export async function expandProgressively<R extends { readonly label: string }>(
  provider: vscode.TreeDataProvider<unknown>,
  element: unknown,
  read: () => Promise<R[]>,
): Promise<ProgressiveExpansion<R>> {
  let changes = 0;
  let changed: () => void = () => undefined;
  const subscription = provider.onDidChangeTreeData?.((node) => {
    if (node !== element) return;
    changes++;
    changed();
  });
  const nextChange = () => new Promise<void>((resolve) => (changed = resolve));
  try {
    const started = performance.now();
    const first = await read();
    const firstMs = performance.now() - started;
    let rows = first;
    let seen = 0;
    let renderMs = 0;
    while (rows.some((r) => r.label === LOADING_MORE)) {
      if (changes === seen) await nextChange();
      seen = changes;
      const asked = performance.now();
      rows = await read();
      renderMs += performance.now() - asked;
    }
    const allMs = performance.now() - started;
    return {
      first,
      firstMs,
      rows,
      allMs,
      renderMs,
      changes: () => changes,
      async followUp(timeoutMs) {
        if (changes !== seen) return;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          nextChange(),
          new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(timer);
      },
      dispose: () => void subscription?.dispose(),
    };
  } catch (error) {
    subscription?.dispose();
    throw error;
  }
}
