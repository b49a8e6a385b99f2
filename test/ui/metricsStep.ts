// The UI scenario's Show Metrics: right-click web-frontend (auto scaled in the demo fleet) → Show
// Metrics, then read what the webview DREW, not the model it was given: each series path has a real
// computed stroke colour and a length, each legend swatch a background colour, the guides (scaling
// target, min/max) a stroke. The webview's Content-Security-Policy drops inline style attributes,
// which once left every series with `stroke: none` while the model tests passed. Then the chart must
// follow the editor's width: resizing the window changes the webview body's width and the chart's by
// the same amount, and the axis text keeps its size. Last, the 24h button redraws it (the page's
// script runs under the same CSP); the step's screenshot is the README's docs/images/metrics.png.
import * as assert from 'node:assert/strict';
import { type FrameLocator } from 'playwright-core';
import type { ScenarioContext, Step } from './scenario';

const CLUSTER = 'production';
const SERVICE = 'web-frontend';
const MENU_ITEM = /^Show Metrics/;
/** One viewport narrower than the runner's 1440 × 900, so that the editor (and the webview) shrinks. */
const NARROW = { width: 1100, height: 900 };

/** The DOM of the webview, as much as the checks below use (the project compiles without DOM types). */
interface Rect {
  width: number;
  height: number;
  left: number;
  right: number;
}
interface DomNode {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  textContent: string | null;
}
interface PathNode extends DomNode {
  getTotalLength(): number;
}
type Style = Record<string, string>;
declare const getComputedStyle: (el: DomNode) => Style;

export interface DrawnSeries {
  label: string;
  stroke: string;
  length: number;
}

/** A colour that draws something: not none, not transparent. */
export function isPaintedColour(value: string): boolean {
  const v = value.trim();
  if (v === '' || v === 'none' || v === 'transparent') return false;
  const alpha = /^rgba\([^)]*,\s*([\d.]+)\)$/.exec(v);
  if (alpha) return Number(alpha[1]) > 0;
  return /^(rgb|#|hsl|color\()/.test(v);
}

async function drawnSeries(chart: FrameLocator): Promise<DrawnSeries[]> {
  return chart.locator('path.series').evaluateAll((paths: PathNode[]) =>
    paths.map((p) => ({
      label: p.textContent?.trim() ?? '',
      stroke: getComputedStyle(p)['stroke'] ?? '',
      length: p.getTotalLength(),
    })),
  );
}

interface Widths {
  body: number;
  charts: number[];
  axisTextHeight: number;
}

async function widths(chart: FrameLocator): Promise<Widths> {
  const charts = await chart
    .locator('svg.chart')
    .evaluateAll((svgs: DomNode[]) => svgs.map((s) => s.getBoundingClientRect().width));
  const axisTextHeight = await chart
    .locator('text.axis')
    .first()
    .evaluate((t: DomNode) => t.getBoundingClientRect().height);
  const body = await chart.locator('body').evaluate((b: { clientWidth: number }) => b.clientWidth);
  return { body, charts, axisTextHeight };
}

async function waitForChart(chart: FrameLocator): Promise<void> {
  await chart.locator('path.series').first().waitFor({ state: 'attached', timeout: 30_000 });
}

export const metricsStep: Step = {
  slug: 'metrics',
  title: 'right-click a service → Show Metrics draws its series in colour, at the width of the editor',
  needs: ['cluster-expanded'],
  async run(ctx: ScenarioContext) {
    const { wb, log } = ctx;
    const service = await wb.waitForRow(SERVICE, { level: 2, under: CLUSTER });
    await wb.contextMenu(service, MENU_ITEM);
    const chart = wb.webview();
    await waitForChart(chart);

    const series = await drawnSeries(chart);
    log(
      `series: ${series.map((s) => `${s.label} stroke=${s.stroke} length=${Math.round(s.length)}`).join('; ')}`,
    );
    assert.ok(series.length >= 2, `the chart draws CPU, memory and tasks (saw ${series.length} paths)`);
    for (const s of series) {
      assert.ok(
        isPaintedColour(s.stroke),
        `the ${s.label} line is drawn in a colour (computed stroke "${s.stroke}")`,
      );
      assert.ok(s.length > 0, `the ${s.label} line has a length (${s.length})`);
    }
    const swatches = await chart
      .locator('.legend .swatch')
      .evaluateAll((els: DomNode[]) => els.map((e) => getComputedStyle(e)['backgroundColor'] ?? ''));
    log(`legend swatches: ${swatches.join(', ')}`);
    assert.ok(swatches.length >= series.length, 'every series has a legend swatch');
    for (const colour of swatches)
      assert.ok(isPaintedColour(colour), `a legend swatch has a colour ("${colour}")`);
    const cpuStroke = series.find((s) => /^CPU/.test(s.label))?.stroke;
    assert.equal(swatches[0], cpuStroke, 'the CPU swatch has the colour of the CPU line');
    const guides = await chart
      .locator('line.guide')
      .evaluateAll((els: DomNode[]) => els.map((e) => getComputedStyle(e)['stroke'] ?? ''));
    log(`guides: ${guides.join(', ')}`);
    assert.ok(guides.length >= 3, 'the CPU target and the min/max of web-frontend are drawn');
    for (const colour of guides) assert.ok(isPaintedColour(colour), `a guide has a colour ("${colour}")`);

    // The width follows the editor: one narrower window, then back for the screenshot.
    const wide = await widths(chart);
    const viewport = wb.page.viewportSize();
    await wb.page.setViewportSize(NARROW);
    let narrow = wide;
    const end = Date.now() + 10_000;
    while (narrow.body === wide.body && Date.now() < end) {
      await wb.page.waitForTimeout(200);
      narrow = await widths(chart);
    }
    await wb.screenshot('metrics-narrow');
    if (viewport) await wb.page.setViewportSize(viewport);
    log(
      `webview body ${wide.body} → ${narrow.body} px; charts ${wide.charts.join('/')} → ${narrow.charts.join('/')} px`,
    );
    assert.ok(
      narrow.body < wide.body - 100,
      `the webview narrows with the window (${wide.body} → ${narrow.body} px)`,
    );
    for (const [i, w] of wide.charts.entries()) {
      const n = narrow.charts[i] ?? 0;
      assert.ok(w <= wide.body + 1, `chart ${i + 1} fits the panel (${w} px in ${wide.body} px)`);
      assert.ok(
        n <= narrow.body + 1,
        `chart ${i + 1} fits the narrower panel (${n} px in ${narrow.body} px)`,
      );
      // The chart loses what the body loses (within 3 px): it follows the width, it is not fixed.
      assert.ok(
        Math.abs(w - n - (wide.body - narrow.body)) <= 3,
        `chart ${i + 1} follows the panel's width (${w} → ${n} px while the panel went ${wide.body} → ${narrow.body} px)`,
      );
    }
    assert.ok(
      Math.abs(wide.axisTextHeight - narrow.axisTextHeight) <= 1,
      `the axis text keeps its size (${wide.axisTextHeight} → ${narrow.axisTextHeight} px)`,
    );
    // Back at the wide size, a range button redraws the chart (its script runs under the CSP too):
    // 24 hours show the demo's waves, the README's screenshot.
    const settle = Date.now() + 10_000;
    while ((await widths(chart)).body !== wide.body && Date.now() < settle) await wb.page.waitForTimeout(200);
    await wb.hidePanel(); // the Output of an earlier step would cover the chart's lower half
    await chart.locator('button[data-range="24h"]').click();
    await chart.locator('button[data-range="24h"][aria-pressed="true"]').waitFor({ timeout: 30_000 });
    await waitForChart(chart);
    const day = await drawnSeries(chart);
    log(`24h: ${day.map((s) => `${s.label} stroke=${s.stroke}`).join('; ')}`);
    assert.deepEqual(
      day.map((s) => s.stroke),
      series.map((s) => s.stroke),
      'the 24-hour chart draws the same series in the same colours',
    );
    for (const s of day) assert.ok(s.length > 0, `the 24-hour ${s.label} line has a length`);
    await chart.locator('h1').hover(); // the pointer off the tree: no tooltip over the screenshot
  },
};
