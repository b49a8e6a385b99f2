/**
 * The metrics chart's HTML: an inline SVG per panel drawn from the chart model, a legend, the notes,
 * and the range buttons. Strict CSP: nothing remote, one nonce for the style sheet and the script.
 * That CSP also drops every inline `style="…"` attribute (a nonce cannot cover an attribute), so
 * nothing here writes one: colours come from classes (`tone-blue` …) of the nonce'd style sheet,
 * which maps them to VS Code's theme variables. The chart follows the panel's width: the plot is a
 * nested SVG stretched to 100% (its strokes do not scale), and the labels are drawn outside it in
 * pixels, so the text keeps its size at any width. See docs/architecture.md, "The metrics webview".
 * Editor-free (the panel in metricsView.ts only hosts it).
 */
import { CHART_TONES, type ChartModel, type ChartPanel, type ChartTone } from './chartModel';
import { RANGES, SERIES_RANGES } from './ranges';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Room around the plot, in pixels: the y labels on the left, the guide labels on the right. */
const PAD = { left: 44, right: 120, top: 12, bottom: 24 };
/** The x-axis labels: at 0, 25, 50, 75 and 100% of the plot's width. */
const X_LABELS = 4;

function timeLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 24 * 3_600_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

function format(value: number, unit: ChartPanel['unit']): string {
  return unit === '%' ? `${Math.round(value * 10) / 10}%` : String(Math.round(value * 10) / 10);
}

const toneClass = (tone: ChartTone) => `tone-${tone}`;

/** Which x labels a narrow panel hides (the CSS below): the quarters first, then the middle. */
function xLabelClass(i: number): string {
  if (i === 0 || i === X_LABELS) return 'axis x-label';
  return i === X_LABELS / 2 ? 'axis x-label x-middle' : 'axis x-label x-quarter';
}

/**
 * One panel: an outer SVG as wide as the panel (pixel coordinates, no viewBox) holding the labels,
 * and inside it the plot, a nested SVG whose viewBox is the model's box stretched to the outer width.
 */
export function renderPanelSvg(model: ChartModel, panel: ChartPanel): string {
  const { width, height } = model;
  const span = model.end - model.start;
  const plot: string[] = [];
  for (const tick of panel.ticks)
    plot.push(`<line class="grid" x1="0" x2="${width}" y1="${tick.y}" y2="${tick.y}"/>`);
  for (const guide of panel.guides)
    plot.push(
      `<line class="guide ${toneClass(guide.tone)}" x1="0" x2="${width}" y1="${guide.y}" y2="${guide.y}"/>`,
    );
  for (const line of panel.lines) {
    if (!line.path) continue;
    plot.push(
      `<path class="series ${toneClass(line.tone)}${line.dashed ? ' dashed' : ''}" d="${line.path}"><title>${escapeHtml(line.label)}</title></path>`,
    );
  }
  plot.push(`<line class="axis-line" x1="0" x2="${width}" y1="${height}" y2="${height}"/>`);

  const labels: string[] = [];
  for (const tick of panel.ticks)
    labels.push(
      `<text class="axis" x="-6" y="${PAD.top + tick.y + 4}" text-anchor="end">${escapeHtml(format(tick.value, panel.unit))}</text>`,
    );
  for (let i = 0; i <= X_LABELS; i++)
    labels.push(
      `<text class="${xLabelClass(i)}" x="${(100 / X_LABELS) * i}%" y="${PAD.top + height + 16}" text-anchor="middle">${timeLabel(model.start + (span / X_LABELS) * i, span)}</text>`,
    );
  for (const guide of panel.guides)
    labels.push(
      `<text class="guide-label ${toneClass(guide.tone)}" x="100%" dx="6" y="${PAD.top + guide.y + 4}">${escapeHtml(guide.label)}</text>`,
    );

  return [
    `<div class="plot-box">`,
    `<svg class="chart" role="img" aria-label="${escapeHtml(panel.title)}" width="100%" height="${PAD.top + height + PAD.bottom}">`,
    `<svg class="plot" y="${PAD.top}" width="100%" height="${height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none">`,
    ...plot,
    '</svg>',
    ...labels,
    '</svg></div>',
  ].join('');
}

/** VS Code's dark-theme defaults of `charts.*`, for a host that does not set the variables. */
const TONE_FALLBACK: Record<ChartTone, string> = {
  blue: '#3794ff',
  purple: '#b180d7',
  green: '#89d185',
  orange: '#d18616',
  red: '#f14c4c',
};

/**
 * The chart's rules of the nonce'd style sheet. A `tone-*` class sets `--tone`; series, guides,
 * their labels and the legend swatches paint with it. Strokes keep their width however far the
 * plot is stretched; narrow panels drop the x labels that would overlap.
 */
export const CHART_STYLES = [
  ...CHART_TONES.map((t) => `.tone-${t} { --tone: var(--vscode-charts-${t}, ${TONE_FALLBACK[t]}); }`),
  `.plot-box { padding: 0 ${PAD.right}px 0 ${PAD.left}px; }`,
  'svg.chart, svg.plot { display: block; overflow: visible; }',
  '.plot line, .plot path { vector-effect: non-scaling-stroke; }',
  '.grid { stroke: var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); stroke-width: 0.5; }',
  '.axis-line { stroke: var(--vscode-foreground); stroke-width: 0.5; }',
  '.axis { fill: var(--vscode-descriptionForeground); font-size: 10px; }',
  '.guide { stroke: var(--tone); stroke-width: 1; stroke-dasharray: 6 3; }',
  '.guide-label { fill: var(--tone); font-size: 10px; }',
  '.series { fill: none; stroke: var(--tone); stroke-width: 1.5; }',
  '.series.dashed { stroke-dasharray: 4 4; }',
  '.legend-item { margin-right: 1.2em; }',
  '.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; background: var(--tone); }',
  '@media (max-width: 520px) { .x-quarter { display: none; } }',
  '@media (max-width: 360px) { .x-middle { display: none; } }',
].join('\n');

function legend(panel: ChartPanel): string {
  return panel.lines
    .map(
      (line) =>
        `<span class="legend-item"><span class="swatch ${toneClass(line.tone)}"></span>${escapeHtml(line.label)}: ${
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
${CHART_STYLES}
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
