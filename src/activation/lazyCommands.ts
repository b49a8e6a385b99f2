/**
 * Every contributed command, registered at activation as a stand-in. The first one invoked starts
 * the core, whose registerCommands() registers the real handlers under the same ids (the stand-ins
 * are disposed just before, in the same turn, so no id is ever missing), then runs the real command
 * with the same arguments (inside the extension host, executeCommand passes them as they are: a
 * tree node stays the same object). A feature never registers anything here: its commands are in
 * package.json and in registerCommands.ts, and this table follows the manifest.
 */
import * as vscode from 'vscode';

export function registerLazyCommands(ids: readonly string[], start: () => void): vscode.Disposable {
  let standIns: vscode.Disposable[] = [];
  const swap = () => {
    if (standIns.length === 0) return;
    for (const s of standIns.splice(0)) s.dispose();
    try {
      start();
    } catch (error) {
      register(); // the core failed to load: keep the stand-ins, so the next try reports it again
      throw error;
    }
  };
  const register = () => {
    standIns = ids.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        swap();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  };
  register();
  return new vscode.Disposable(() => {
    for (const s of standIns.splice(0)) s.dispose();
  });
}

/** The command ids of the manifest (`contributes.commands`), as VS Code read them. */
export function contributedCommands(packageJSON: unknown): string[] {
  const contributes = (packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes;
  return (contributes?.commands ?? []).map((c) => c.command);
}
