/**
 * The metrics chart's HTML: an inline SVG per panel drawn from the chart model, a legend, the notes,
 * and the range buttons. Strict CSP: nothing remote, one nonce for the inline style and script;
 * colours are VS Code theme variables. Editor-free (the panel in metricsView.ts only hosts it).
 */
import type { ChartModel, ChartPanel } from './chartModel';
import { RANGES, SERIES_RANGES } from './ranges';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAD = { left: 44, right: 120, top: 12, bottom: 24 };

function timeLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 24 * 3_600_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

function format(value: number, unit: ChartPanel['unit']): string {
  return unit === '%' ? `${Math.round(value * 10) / 10}%` : String(Math.round(value * 10) / 10);
}

export function renderPanelSvg(model: ChartModel, panel: ChartPanel): string {
  const { width, height } = model;
  const w = width + PAD.left + PAD.right;
  const h = height + PAD.top + PAD.bottom;
  const span = model.end - model.start;
  const parts: string[] = [
    `<svg class="chart" role="img" aria-label="${escapeHtml(panel.title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">`,
    `<g transform="translate(${PAD.left} ${PAD.top})">`,
  ];
  for (const tick of panel.ticks) {
    parts.push(
      `<line class="grid" x1="0" x2="${width}" y1="${tick.y}" y2="${tick.y}"/>`,
      `<text class="axis" x="-6" y="${tick.y + 4}" text-anchor="end">${escapeHtml(format(tick.value, panel.unit))}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const x = (width / 4) * i;
    parts.push(
      `<text class="axis" x="${x}" y="${height + 16}" text-anchor="middle">${timeLabel(model.start + (span / 4) * i, span)}</text>`,
    );
  }
  for (const guide of panel.guides) {
    parts.push(
      `<line class="guide" x1="0" x2="${width}" y1="${guide.y}" y2="${guide.y}" style="stroke:${guide.color}"/>`,
      `<text class="guide-label" x="${width + 6}" y="${guide.y + 4}" style="fill:${guide.color}">${escapeHtml(guide.label)}</text>`,
    );
  }
  for (const line of panel.lines) {
    if (!line.path) continue;
    parts.push(
      `<path class="series${line.dashed ? ' dashed' : ''}" d="${line.path}" style="stroke:${line.color}"><title>${escapeHtml(line.label)}</title></path>`,
    );
  }
  parts.push(`<line class="axis-line" x1="0" x2="${width}" y1="${height}" y2="${height}"/>`, '</g></svg>');
  return parts.join('');
}

function legend(panel: ChartPanel): string {
  return panel.lines
    .map(
      (line) =>
        `<span class="legend-item"><span class="swatch" style="background:${line.color}"></span>${escapeHtml(line.label)}: ${
          line.latest === undefined ? 'no data' : escapeHtml(format(line.latest, panel.unit))
        }</span>`,
    )
    .join('');
}

export interface ChartHtmlOptions {
  /** A fresh random value per render (CSP nonce). */
  readonly nonce: string;
  /** The webview's cspSource (unused resources are still denied; kept for fonts/images if ever needed). */
  readonly cspSource: string;
  /** A message while loading or after an error, shown instead of the chart. */
  readonly message?: string;
}

export function renderChartHtml(
  model: ChartModel | undefined,
  title: string,
  options: ChartHtmlOptions,
): string {
  const { nonce } = options;
  const current = model?.range;
  const buttons = SERIES_RANGES.map(
    (range) =>
      `<button data-range="${range}"${range === current ? ' aria-pressed="true" class="active"' : ''} title="${RANGES[range].label}">${range}</button>`,
  ).join('');
  const body = model
    ? model.panels
        .map(
          (panel) =>
            `<section><h2>${escapeHtml(panel.title)}</h2><div class="legend">${legend(panel)}</div>${renderPanelSvg(model, panel)}</section>`,
        )
        .join('') +
      `<p class="meta">${escapeHtml(model.rangeLabel)}, ${model.periodSeconds / 60}-minute averages</p>` +
      (model.notes.length
        ? `<ul class="notes">${model.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
        : '')
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${options.cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
h1 { font-size: 1.2em; } h2 { font-size: 1em; margin: 1em 0 0.2em; }
button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 3px 10px; margin-right: 4px; cursor: pointer; }
button.active { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.grid { stroke: var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); stroke-width: 0.5; }
.axis-line { stroke: var(--vscode-foreground); stroke-width: 0.5; }
.axis { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.guide { stroke-width: 1; stroke-dasharray: 6 3; }
.guide-label { font-size: 10px; }
.series { fill: none; stroke-width: 1.5; }
.series.dashed { stroke-dasharray: 4 4; }
.legend-item { margin-right: 1.2em; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.meta, .notes { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="ranges">${buttons}</div>
${options.message ? `<p class="message">${escapeHtml(options.message)}</p>` : ''}
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button[data-range]')) {
  b.addEventListener('click', () => vscode.postMessage({ type: 'range', range: b.dataset.range }));
}
</script>
</body>
</html>`;
}
