import * as assert from 'node:assert/strict';
import { renderChartHtml } from '../../../src/metrics/chartHtml';
import { buildChartModel, CHART_TONES } from '../../../src/metrics/chartModel';

const END = Date.UTC(2026, 0, 15, 12, 0, 0);
const model = buildChartModel({
  service: 'web<script>',
  cluster: 'prod',
  series: {
    range: '6h',
    start: END - 6 * 3_600_000,
    end: END,
    periodSeconds: 300,
    cpu: [
      { t: END - 600_000, v: 30 },
      { t: END - 300_000, v: 40 },
    ],
    memory: [],
    runningTasks: [],
  },
  runningCount: 2,
  scaling: { min: 1, max: 4, targets: [{ metric: 'CPU', value: 70 }] },
});

describe('metrics chart HTML', function () {
  const html = renderChartHtml(model, 'Metrics: web<script>', {
    nonce: 'abc123',
    cspSource: 'vscode-webview:',
  });

  it('has a strict CSP: nothing by default, inline style and script only with the nonce', function () {
    assert.match(
      html,
      /content="default-src 'none'; img-src vscode-webview: data:; style-src 'nonce-abc123'; script-src 'nonce-abc123';"/,
    );
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123">/);
    assert.doesNotMatch(html, /https?:\/\//, 'no remote resources');
    assert.doesNotMatch(html, /web<script>/, 'user text is escaped');
  });

  it('draws the panels in SVG with theme colours, the targets, min/max, the notes and the range buttons', function () {
    assert.equal(html.match(/<svg class="chart"/g)?.length, 2);
    assert.match(html, /CPU target 70%/);
    assert.match(html, /max 4/);
    assert.match(html, /min 1/);
    assert.match(html, /Memory: no data/);
    assert.match(html, /current running count \(2\)/);
    for (const range of ['1h', '6h', '24h', '7d']) assert.match(html, new RegExp(`data-range="${range}"`));
    assert.match(html, /data-range="6h" aria-pressed="true"/);
  });

  // The CSP above drops every style="…" attribute (a nonce covers elements, never attributes):
  // a colour written that way is silently not drawn, which is how the chart once showed no lines.
  describe('under its Content-Security-Policy', function () {
    const renders = {
      chart: html,
      loading: renderChartHtml(undefined, 'Metrics: web', {
        nonce: 'n1',
        cspSource: 'x',
        message: 'Loading…',
      }),
      'chart with a message': renderChartHtml(model, 'Metrics: web', {
        nonce: 'n2',
        cspSource: 'x',
        message: 'Oops',
      }),
    };
    const styleSheet = /<style nonce="abc123">([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const classesOf = (tag: string) =>
      [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\bclass="([^"]*)"`, 'g'))].map((m) => m[1]!.split(' '));

    it('writes no inline style attribute and does not loosen style-src', function () {
      for (const [name, page] of Object.entries(renders)) {
        assert.doesNotMatch(page, /<[^>]*\sstyle\s*=/i, `the ${name} page has no style="…" attribute`);
        assert.doesNotMatch(
          page,
          /unsafe-inline|unsafe-hashes|style-src-attr/,
          `the ${name} page keeps the CSP strict`,
        );
        assert.equal(page.match(/<style\b/g)?.length, 1, 'one style sheet');
        assert.match(page, /<style nonce="[^"]+">/, 'and it carries the nonce');
      }
    });

    it("colours each series, guide and legend swatch through a class of the nonce'd style sheet", function () {
      const series = model.panels.flatMap((p) => p.lines);
      const paths = classesOf('path').filter((c) => c.includes('series'));
      const drawn = series.filter((l) => l.path !== '');
      assert.equal(paths.length, drawn.length, 'one path per series with data');
      assert.equal(new Set(series.map((l) => l.tone)).size, series.length, 'each series has its own colour');
      for (const line of drawn) {
        assert.ok(
          paths.some((c) => c.includes(`tone-${line.tone}`)),
          `the ${line.label} path has the class tone-${line.tone}`,
        );
      }
      const swatches = classesOf('span').filter((c) => c.includes('swatch'));
      assert.deepEqual(
        swatches.map((c) => c.find((n) => n.startsWith('tone-'))),
        series.map((l) => `tone-${l.tone}`),
        "each legend swatch has its series' colour class",
      );
      const guides = classesOf('line').filter((c) => c.includes('guide'));
      assert.equal(guides.length, 3, 'the CPU target, max and min');
      for (const g of guides)
        assert.ok(
          g.some((n) => n.startsWith('tone-')),
          `guide "${g.join(' ')}" has a colour class`,
        );

      // Every tone class used is defined, from the theme's chart colour, in the nonce'd sheet,
      // and the series, guides and swatches paint with it.
      const used = new Set(html.match(/\btone-[a-z]+\b/g));
      assert.ok(used.size >= 4);
      for (const name of used) {
        const tone = name.slice('tone-'.length);
        assert.ok((CHART_TONES as readonly string[]).includes(tone), `${name} is a palette tone`);
        assert.match(
          styleSheet,
          new RegExp(`\\.${name} \\{ --tone: var\\(--vscode-charts-${tone}, #[0-9a-f]{6}\\); \\}`),
        );
      }
      assert.match(styleSheet, /\.series \{[^}]*stroke: var\(--tone\)/);
      assert.match(styleSheet, /\.guide \{[^}]*stroke: var\(--tone\)/);
      assert.match(styleSheet, /\.guide-label \{[^}]*fill: var\(--tone\)/);
      assert.match(styleSheet, /\.swatch \{[^}]*background: var\(--tone\)/);
    });
  });

  describe('at the width of the panel', function () {
    const panels = [...html.matchAll(/<svg class="chart"[^>]*>([\s\S]*?)<\/svg><\/div>/g)];

    it('stretches the plot to 100% of the panel and keeps the text out of the stretched part', function () {
      assert.equal(panels.length, 2);
      for (const [outer, inner] of panels) {
        const tag = /^<svg[^>]*>/.exec(outer)![0];
        assert.match(tag, / width="100%"/, 'the chart is as wide as the panel');
        assert.doesNotMatch(
          tag,
          /viewBox/,
          'the chart draws its labels in pixels (a viewBox would scale them)',
        );
        const plot = /<svg class="plot"[^>]*>([\s\S]*?)<\/svg>/.exec(inner!);
        assert.ok(plot, 'the plot is a nested SVG');
        assert.match(plot[0], /width="100%"/);
        assert.match(
          plot[0],
          /viewBox="0 0 600 160" preserveAspectRatio="none"/,
          'it stretches to the width',
        );
        assert.doesNotMatch(plot[1]!, /<text/, 'no text inside the stretched plot');
        assert.match(
          inner!,
          /<text class="axis x-label" x="100%"/,
          'the last time label sits at the right edge',
        );
      }
      assert.match(
        html,
        /\.plot line, \.plot path \{ vector-effect: non-scaling-stroke; \}/,
        'lines keep their width',
      );
    });
  });
});
