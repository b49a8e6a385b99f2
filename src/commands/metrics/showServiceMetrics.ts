import type * as vscode from 'vscode';
import type { MetricsGateway } from '../../aws/metricsGateway';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { buildChartModel, type ChartScaling } from '../../metrics/chartModel';
import { connectionKey, type MetricsPanels } from '../../ui/metricsView';
import { pickCluster, pickService } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export interface ShowServiceMetricsDeps extends ExplorerCommandDeps {
  /** The CloudWatch metrics gateway of the current connection. */
  readonly metrics: () => MetricsGateway;
  /** The service's auto scaling range and target values, when it has a scalable target. */
  readonly scaling?: (
    cluster: string,
    service: string,
    signal?: AbortSignal,
  ) => Promise<ChartScaling | undefined>;
  readonly describeError: (error: unknown) => string;
  /** The open Show Metrics panels (one per service and connection). */
  readonly metricsPanels: MetricsPanels;
  /** The current connection; undefined without credentials. */
  readonly connection: () => { readonly profile: string; readonly region: string } | undefined;
}

/** `ecsFargate.showServiceMetrics`: a chart of CPU, memory and running tasks for 1 h / 6 h / 24 h / 7 d. */
export function registerShowServiceMetrics(deps: ShowServiceMetricsDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.showServiceMetrics',
    'Showing the service metrics',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const cluster = node instanceof ServiceNode ? node.clusterName : await pickCluster(ecs);
      const service = node instanceof ServiceNode ? node.service : await pickService(ecs, cluster);
      const name = service.serviceName ?? '';
      const metrics = deps.metrics();
      const connection = deps.connection();
      deps.metricsPanels.show({
        // metrics() threw already when there is no connection
        connection: connection ? connectionKey(connection) : '',
        key: `${cluster}/${name}`,
        title: `Metrics: ${name}`,
        describeError: deps.describeError,
        load: async (range, signal) => {
          const [series, scaling] = await Promise.all([
            metrics.serviceSeries(cluster, name, range, { signal }),
            deps.scaling?.(cluster, name, signal).catch(() => undefined),
          ]);
          return buildChartModel({
            service: name,
            cluster,
            series,
            ...(service.runningCount === undefined ? {} : { runningCount: service.runningCount }),
            ...(scaling ? { scaling } : {}),
          });
        },
      });
    },
  );
}
