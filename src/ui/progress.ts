/**
 * The only bridge between VS Code's CancellationToken and the AbortSignal that editor-free code
 * takes. Cancelling the notification aborts the work.
 */
import * as vscode from 'vscode';

export type ReportProgress = (message: string, increment?: number) => void;

export function withCancellableProgress<T>(
  title: string,
  work: (report: ReportProgress, signal: AbortSignal) => Promise<T>,
  location: vscode.ProgressLocation = vscode.ProgressLocation.Notification,
): Thenable<T> {
  return vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await work((message, increment) => progress.report({ message, increment }), controller.signal);
    } finally {
      subscription.dispose();
    }
  });
}
