/**
 * Every contributed command, registered at activation as a stand-in. The first one invoked starts
 * the core (unless a view or a document started it already), whose registerCommands() registers the
 * real handlers under the same ids (the core's start disposes the stand-ins just before, in the same
 * turn, so no id is ever missing), then runs the real command
 * with the same arguments (inside the extension host, executeCommand passes them as they are: a
 * tree node stays the same object). A feature never registers anything here: its commands are in
 * package.json and in registerCommands.ts, and this table follows the manifest.
 */
import * as vscode from 'vscode';

export interface LazyCommands extends vscode.Disposable {
  /**
   * Disposes the stand-ins so the core's registerCommands() can take their ids. The core calls it
   * however it starts: from a command, and also from a view or a document the user opened first.
   */
  release(): void;
  /** Registers the stand-ins again (the core failed to start: the next command reports it again). */
  restore(): void;
}

/** `start` starts the core, which calls release() before it registers the real commands. */
export function registerLazyCommands(ids: readonly string[], start: () => void): LazyCommands {
  let standIns: vscode.Disposable[] = [];
  const release = () => {
    for (const s of standIns.splice(0)) s.dispose();
  };
  const register = () => {
    if (standIns.length > 0) return;
    standIns = ids.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        start();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  };
  register();
  return { release, restore: register, dispose: release };
}

/** The command ids of the manifest (`contributes.commands`), as VS Code read them. */
export function contributedCommands(packageJSON: unknown): string[] {
  const contributes = (packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes;
  return (contributes?.commands ?? []).map((c) => c.command);
}
