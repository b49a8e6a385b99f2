/**
 * Progress, in one place: the only bridge between VS Code's CancellationToken and the AbortSignal
 * that editor-free code takes (cancelling the notification aborts the work), the status-bar busy
 * indicator for short reads, and the notification that cannot be cancelled.
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

/** The status-bar busy indicator while `work` runs: short reads the user waits for, or a background watch. */
export function withBusyIndicator<T>(title: string, work: () => PromiseLike<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, work);
}

/**
 * A notification without a Cancel button, for a single call that cannot be taken back once sent
 * (registering a revision, creating a role): a "cancelled" that happened anyway would be a lie.
 */
export function withUncancellableProgress<T>(title: string, work: () => PromiseLike<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: false },
    work,
  );
}
