import * as assert from 'node:assert/strict';
import { renderChartHtml } from '../../../src/metrics/chartHtml';
import { buildChartModel } from '../../../src/metrics/chartModel';

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
    assert.equal(html.match(/<svg /g)?.length, 2);
    assert.match(html, /stroke:var\(--vscode-charts-blue\)/);
    assert.match(html, /CPU target 70%/);
    assert.match(html, /max 4/);
    assert.match(html, /min 1/);
    assert.match(html, /Memory: no data/);
    assert.match(html, /current running count \(2\)/);
    for (const range of ['1h', '6h', '24h', '7d']) assert.match(html, new RegExp(`data-range="${range}"`));
    assert.match(html, /data-range="6h" aria-pressed="true"/);
  });
});
