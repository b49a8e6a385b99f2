/**
 * A read-only output channel that shows one report at a time (service events, scaling activity):
 * created on first use (no empty channel in the Output list until then), cleared for each report,
 * revealed without taking focus.
 */
import * as vscode from 'vscode';

export class ReportChannel implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;

  constructor(private readonly name: string) {}

  show(lines: readonly string[]): void {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    this.channel.clear();
    for (const line of lines) this.channel.appendLine(line);
    this.channel.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
