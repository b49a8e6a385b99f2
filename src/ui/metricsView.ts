/**
 * The "Show Metrics" webview: hosts the HTML of chartHtml.ts (strict CSP, nonce, no remote
 * resources, theme colours) and re-renders when the range buttons post a message. One panel per
 * service: showing it again reveals the open one.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderChartHtml } from '../metrics/chartHtml';
import type { ChartModel } from '../metrics/chartModel';
import { isSeriesRange, type SeriesRange } from '../metrics/ranges';

export interface MetricsViewOptions {
  /** Unique per service, e.g. "prod/web". */
  readonly key: string;
  readonly title: string;
  readonly initialRange?: SeriesRange;
  /** Builds the chart model of a range (fetches the series). */
  load(range: SeriesRange, signal: AbortSignal): Promise<ChartModel>;
  /** A readable sentence for a failed load. */
  describeError(error: unknown): string;
}

const open = new Map<string, vscode.WebviewPanel>();

const nonce = () => randomBytes(16).toString('base64');

export function showMetricsView(options: MetricsViewOptions): vscode.WebviewPanel {
  const existing = open.get(options.key);
  if (existing) {
    existing.reveal();
    return existing;
  }
  const panel = vscode.window.createWebviewPanel(
    'ecsFargate.metrics',
    options.title,
    vscode.ViewColumn.Active,
    { enableScripts: true, localResourceRoots: [], enableCommandUris: false },
  );
  open.set(options.key, panel);
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
    open.delete(options.key);
  });
  void render(options.initialRange ?? '1h');
  return panel;
}
