/**
 * The composition root's part for Show Metrics (src/services.ts calls it once): the open metrics
 * panels, closed when the connection switches (each reads with the connection it was opened with),
 * and the commands' deps: metrics, the chart's scaling range, Container Insights. It builds no
 * gateway: it is handed the ones services.ts shares. Apart from services.ts so the feature's wiring
 * reads in one place.
 */
import type * as vscode from 'vscode';
import type { Boot } from '../activation/boot';
import type { MetricsGateway } from '../aws/metricsGateway';
import type { ScalingGateway } from '../aws/scalingGateway';
import type { ExplorerCommandDeps } from '../commands/explorer/explorerCommandDeps';
import type { MetricsCommandDeps } from '../commands/metrics/metricsCommandDeps';
import { chartScaling } from '../scaling/chartScaling';
import { connectionKey, MetricsPanels } from '../ui/metricsView';

export interface MetricsWiringInput extends Pick<Boot, 'connections'>, ExplorerCommandDeps {
  readonly metrics: () => MetricsGateway;
  readonly scaling: () => ScalingGateway;
}

export interface MetricsWiring extends vscode.Disposable {
  readonly metricsCommands: MetricsCommandDeps;
}

export function wireMetrics(input: MetricsWiringInput): MetricsWiring {
  const { connections, logger, redact, explorer, liveUpdater, ecs, metrics, scaling } = input;
  // Show Metrics panels read with the connection they were opened with: a switch closes them.
  const metricsPanels = new MetricsPanels();
  const closeStalePanels = connections.onDidChange(() => {
    const current = connections.current;
    metricsPanels.closeOtherConnections(current && connectionKey(current));
  });
  return {
    metricsCommands: {
      logger,
      redact,
      explorer,
      liveUpdater,
      ecs,
      metrics,
      scaling: (cluster, service, signal) => chartScaling(scaling(), cluster, service, signal),
      describeError: (error) => connections.describeError(error).message,
      enableContainerInsights: (cluster) => ecs().setContainerInsights(cluster, 'enabled'),
      metricsPanels,
      connection: () => connections.current,
    },
    dispose: () => {
      closeStalePanels.dispose();
      metricsPanels.dispose();
    },
  };
}
