/**
 * The "Show Metrics" webviews: each hosts the HTML of chartHtml.ts (strict CSP, nonce, no remote
 * resources, theme colours) and re-renders when the range buttons post a message. One panel per
 * service OF A CONNECTION (profile and region): showing it again reveals the open one, while the
 * same-named service of another account or region gets its own panel. When the connection
 * changes, the panels of the one that is gone are closed (they would keep querying it). Built once
 * in services.ts; no module state.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderChartHtml } from '../metrics/chartHtml';
import type { ChartModel } from '../metrics/chartModel';
import { isSeriesRange, type SeriesRange } from '../metrics/ranges';

export interface MetricsViewOptions {
  /** The connection the metrics are read with, e.g. "dev@eu-west-1" (connectionKey). */
  readonly connection: string;
  /** Unique per service within a connection, e.g. "prod/web". */
  readonly key: string;
  readonly title: string;
  readonly initialRange?: SeriesRange;
  /** Builds the chart model of a range (fetches the series). */
  load(range: SeriesRange, signal: AbortSignal): Promise<ChartModel>;
  /** A readable sentence for a failed load. */
  describeError(error: unknown): string;
}

/** What identifies a connection's panels: its profile and region. */
export function connectionKey(connection: { readonly profile: string; readonly region: string }): string {
  return `${connection.profile}@${connection.region}`;
}

const nonce = () => randomBytes(16).toString('base64');

export class MetricsPanels implements vscode.Disposable {
  private readonly open = new Map<
    string,
    { readonly connection: string; readonly panel: vscode.WebviewPanel }
  >();

  show(options: MetricsViewOptions): vscode.WebviewPanel {
    const id = `${options.connection} ${options.key}`;
    const existing = this.open.get(id);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = createPanel(options, () => this.open.delete(id));
    this.open.set(id, { connection: options.connection, panel });
    return panel;
  }

  /** Closes the panels of every connection but `current` (undefined: no connection, close all). */
  closeOtherConnections(current: string | undefined): void {
    for (const { connection, panel } of [...this.open.values()]) if (connection !== current) panel.dispose();
  }

  dispose(): void {
    this.closeOtherConnections(undefined);
  }
}

function createPanel(options: MetricsViewOptions, onClosed: () => void): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    'ecsFargate.metrics',
    options.title,
    vscode.ViewColumn.Active,
    { enableScripts: true, localResourceRoots: [], enableCommandUris: false },
  );
  let controller: AbortController | undefined;
  let model: ChartModel | undefined;

  const html = (message?: string) =>
    renderChartHtml(model, options.title, {
      nonce: nonce(),
      cspSource: panel.webview.cspSource,
      ...(message ? { message } : {}),
    });

  const render = async (range: SeriesRange) => {
    controller?.abort();
    const mine = (controller = new AbortController());
    panel.webview.html = html(`Loading the ${range} metrics…`);
    try {
      const loaded = await options.load(range, mine.signal);
      if (mine.signal.aborted) return;
      model = loaded;
      panel.webview.html = html();
    } catch (error) {
      if (mine.signal.aborted) return;
      panel.webview.html = html(`Could not load the metrics: ${options.describeError(error)}`);
    }
  };

  const subscription = panel.webview.onDidReceiveMessage((message: unknown) => {
    const range = (message as { type?: unknown; range?: unknown } | undefined)?.range;
    if ((message as { type?: unknown }).type === 'range' && isSeriesRange(range)) void render(range);
  });
  panel.onDidDispose(() => {
    controller?.abort();
    subscription.dispose();
    onClosed();
  });
  void render(options.initialRange ?? '1h');
  return panel;
}
