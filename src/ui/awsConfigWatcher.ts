/**
 * Re-reads the AWS config and credentials files when they change (a new profile after
 * `aws configure sso`, an edited region), so the status bar and the explorer follow.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../aws/connectionManager';

export function registerAwsConfigWatcher(connections: ConnectionManager): vscode.Disposable {
  const files = [connections.paths.configFile, connections.paths.credentialsFile];
  const watchers = files.map((file) =>
    vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
    ),
  );
  const reload = () => void connections.reload();
  return vscode.Disposable.from(
    ...watchers,
    ...watchers.flatMap((w) => [w.onDidChange(reload), w.onDidCreate(reload), w.onDidDelete(reload)]),
  );
}
