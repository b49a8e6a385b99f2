import * as vscode from 'vscode';

/** `ecsFargate.showLog`: shows the extension's log (every message has been redacted before it got there). */
export function registerShowLog(channel: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('ecsFargate.showLog', () => channel.show(true));
}
