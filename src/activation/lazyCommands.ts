/**
 * Every contributed command, registered at activation as a stand-in. Whatever starts the core first
 * (a stand-in, a view's first expansion, a quick fix) retires the stand-ins just before the core's
 * registerCommands() registers the real handlers under the same ids (VS Code refuses a second
 * registration of an id), in the same turn, so no id is ever missing. A stand-in then runs the real
 * command with the same arguments (inside the extension host, executeCommand passes them as they
 * are: a tree node stays the same object). A feature never registers anything here: its commands are
 * in package.json and in registerCommands.ts, and this table follows the manifest.
 */
import * as vscode from 'vscode';

export interface LazyCommands extends vscode.Disposable {
  /** Disposes the stand-ins: the core is about to register the real commands. */
  retire(): void;
  /** Registers the stand-ins again: the core failed to start, so the next use reports it again. */
  restore(): void;
}

export function registerLazyCommands(ids: readonly string[], start: () => void): LazyCommands {
  let standIns: vscode.Disposable[] = [];
  const retire = () => {
    for (const s of standIns.splice(0)) s.dispose();
  };
  const restore = () => {
    if (standIns.length > 0) return;
    standIns = ids.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        start(); // retires the stand-ins and registers the real commands
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  };
  restore();
  return { retire, restore, dispose: retire };
}

/** The command ids of the manifest (`contributes.commands`), as VS Code read them. */
export function contributedCommands(packageJSON: unknown): string[] {
  const contributes = (packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes;
  return (contributes?.commands ?? []).map((c) => c.command);
}
