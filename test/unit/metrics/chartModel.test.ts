import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Point, ServiceSeries } from '../../../src/aws/metricsGateway';
import { buildChartModel, niceMax } from '../../../src/metrics/chartModel';

const SNAPSHOT = path.resolve(__dirname, '../../../../test/fixtures/metrics/chartModel.snapshot.json');
const END = Date.UTC(2026, 0, 15, 12, 0, 0);
const START = END - 3_600_000;

const points = (values: number[], step = 600_000): Point[] =>
  values.map((v, i) => ({ t: START + i * step, v }));

const series = (over: Partial<ServiceSeries> = {}): ServiceSeries => ({
  range: '1h',
  start: START,
  end: END,
  periodSeconds: 60,
  cpu: points([20, 35, 50, 65, 40, 30]),
  memory: points([40, 41, 43, 44, 45, 47]),
  runningTasks: points([2, 2, 3, 4, 3, 2]),
  ...over,
});

describe('chart model', function () {
  it('matches the snapshot of the computed series (CPU, memory, tasks, targets, min/max)', function () {
    const model = {
      withScaling: buildChartModel({
        service: 'web',
        cluster: 'prod',
        series: series(),
        scaling: { min: 1, max: 6, targets: [{ metric: 'CPU', value: 70 }] },
        width: 300,
        height: 100,
      }),
      withoutInsights: buildChartModel({
        service: 'worker',
        cluster: 'prod',
        series: series({ range: '7d', periodSeconds: 3600, runningTasks: [], cpu: [], memory: [] }),
        runningCount: 3,
        width: 300,
        height: 100,
      }),
    };
    const actual = JSON.parse(JSON.stringify(model)) as unknown;
    // UPDATE_SNAPSHOTS=1 rewrites the snapshot after an intended change (review the diff).
    if (process.env['UPDATE_SNAPSHOTS'] === '1') {
      fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
      fs.writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 2)}\n`);
    }
    assert.deepEqual(actual, JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')));
  });

  it('scales points into the box: time on x, value on y (0 at the bottom)', function () {
    const model = buildChartModel({ service: 's', cluster: 'c', series: series(), width: 600, height: 160 });
    const cpu = model.panels[0]!.lines[0]!;
    assert.deepEqual(cpu.points[0], { x: 0, y: 128, v: 20, t: START });
    assert.equal(cpu.points[5]!.x, 500);
    assert.equal(cpu.latest, 30);
    assert.match(cpu.path, /^M0 128 L100 104 /);
    assert.equal(model.panels[1]!.yMax, 5);
  });

  it('draws the scaling targets on the utilization panel and min/max on the tasks panel', function () {
    const model = buildChartModel({
      service: 's',
      cluster: 'c',
      series: series(),
      scaling: {
        min: 2,
        max: 10,
        targets: [
          { metric: 'CPU', value: 60 },
          { metric: 'memory', value: 75 },
        ],
      },
      height: 100,
    });
    assert.deepEqual(
      model.panels[0]!.guides.map((g) => [g.label, g.y]),
      [
        ['CPU target 60%', 40],
        ['memory target 75%', 25],
      ],
    );
    assert.deepEqual(
      model.panels[1]!.guides.map((g) => g.label),
      ['max 10', 'min 2'],
    );
    assert.ok(model.panels[1]!.yMax >= 10);
  });

  it('falls back to the running count as a flat line when RunningTaskCount is absent, and says so', function () {
    const model = buildChartModel({
      service: 's',
      cluster: 'c',
      series: series({ runningTasks: [] }),
      runningCount: 4,
    });
    const tasks = model.panels[1]!.lines[0]!;
    assert.equal(tasks.dashed, true);
    assert.deepEqual(
      tasks.points.map((p) => p.v),
      [4, 4],
    );
    assert.ok(model.notes.some((n) => /current running count \(4\), not history/.test(n)));
  });

  it('niceMax rounds up to 1, 2 or 5 × 10^n', function () {
    assert.deepEqual([0, 0.7, 3, 4.4, 6, 11, 101].map(niceMax), [1, 1, 5, 5, 10, 20, 200]);
  });
});
