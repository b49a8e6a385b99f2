/**
 * Every contributed command, registered at activation as a stand-in. The first one invoked starts
 * the core, whose registerCommands() registers the real handlers under the same ids (the stand-ins
 * are disposed just before, in the same turn, so no id is ever missing), then runs the real command
 * with the same arguments (inside the extension host, executeCommand passes them as they are: a
 * tree node stays the same object). A feature never registers anything here: its commands are in
 * package.json and in registerCommands.ts, and this table follows the manifest.
 */
import * as vscode from 'vscode';

/** The stand-ins; `start` is the only way to the core, from a command or from anything else. */
export interface LazyCommands<T> extends vscode.Disposable {
  /**
   * Disposes the stand-ins, then starts the core (idempotent), which registers the real handlers.
   * A view or provider that needs the core first goes through here too: otherwise the core would
   * register an id a stand-in still holds ("command already exists").
   */
  start(): T;
}

export function registerLazyCommands<T>(ids: readonly string[], startCore: () => T): LazyCommands<T> {
  let standIns: vscode.Disposable[] = [];
  const start = (): T => {
    const released = standIns.length > 0;
    for (const s of standIns.splice(0)) s.dispose();
    try {
      return startCore();
    } catch (error) {
      if (released) register(); // the core failed to load: keep the stand-ins, so the next try reports it again
      throw error;
    }
  };
  const register = () => {
    standIns = ids.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        start();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  };
  register();
  return {
    start,
    dispose: () => {
      for (const s of standIns.splice(0)) s.dispose();
    },
  };
}

/** The command ids of the manifest (`contributes.commands`), as VS Code read them. */
export function contributedCommands(packageJSON: unknown): string[] {
  const contributes = (packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes;
  return (contributes?.commands ?? []).map((c) => c.command);
}
