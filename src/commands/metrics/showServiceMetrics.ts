import type * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { buildChartModel } from '../../metrics/chartModel';
import { connectionKey } from '../../ui/metricsView';
import { pickCluster, pickService } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { MetricsCommandDeps } from './metricsCommandDeps';

/** `ecsFargate.showServiceMetrics`: a chart of CPU, memory and running tasks for 1 h / 6 h / 24 h / 7 d. */
export function registerShowServiceMetrics(deps: MetricsCommandDeps): vscode.Disposable {
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
