import { vscodeStub } from '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import type { ChartModel } from '../../../src/metrics/chartModel';
import { connectionKey, MetricsPanels, type MetricsViewOptions } from '../../../src/ui/metricsView';

const DEV = connectionKey({ profile: 'dev', region: 'eu-west-1' });
const PROD = connectionKey({ profile: 'prod', region: 'eu-west-1' });

/** Show Metrics of prod/web read with `connection`; `loads` counts what each panel asked for. */
function webMetrics(connection: string, loads: string[]): MetricsViewOptions {
  return {
    connection,
    key: 'prod/web',
    title: 'Metrics: web',
    load: (range) => {
      loads.push(`${connection} ${range}`);
      return new Promise<ChartModel>(() => undefined); // still loading: not the point here
    },
    describeError: String,
  };
}

describe('Show Metrics panels (ui/metricsView.ts)', () => {
  afterEach(() => vscodeStub.reset());

  it('reveals the open panel of the same service and connection', () => {
    const panels = new MetricsPanels();
    const loads: string[] = [];
    const first = panels.show(webMetrics(DEV, loads));
    const again = panels.show(webMetrics(DEV, loads));
    assert.equal(again, first);
    assert.equal(vscodeStub.panels.length, 1);
    assert.equal(vscodeStub.panels[0]?.revealed, 1);
    assert.deepEqual(loads, [`${DEV} 1h`]);
  });

  it('opens a new panel for the same-named service after a profile switch, reading with the new connection', () => {
    const panels = new MetricsPanels();
    const loads: string[] = [];
    const dev = panels.show(webMetrics(DEV, loads));
    const prod = panels.show(webMetrics(PROD, loads));
    assert.notEqual(prod, dev);
    assert.equal(vscodeStub.panels.length, 2);
    assert.equal(vscodeStub.panels[0]?.revealed, 0, 'the old account’s panel is not brought back');
    assert.deepEqual(loads, [`${DEV} 1h`, `${PROD} 1h`]);
  });

  it('closes the panels of a connection that is gone, keeps the current one’s', () => {
    const panels = new MetricsPanels();
    const loads: string[] = [];
    panels.show(webMetrics(DEV, loads));
    panels.show(webMetrics(PROD, loads));
    panels.closeOtherConnections(PROD);
    assert.deepEqual(
      vscodeStub.panels.map((p) => p.disposed),
      [true, false],
    );
    // The closed one is forgotten: showing it again on that connection opens a fresh panel.
    panels.show(webMetrics(DEV, loads));
    assert.equal(vscodeStub.panels.length, 3);
    panels.closeOtherConnections(undefined); // signed out: nothing can be read any more
    assert.deepEqual(
      vscodeStub.panels.map((p) => p.disposed),
      [true, true, true],
    );
  });
});
