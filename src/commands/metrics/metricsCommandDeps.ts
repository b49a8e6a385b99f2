/** What the metrics commands (Show Metrics, Container Insights) need; built once in services.ts. */
import type { Cluster } from '@aws-sdk/client-ecs';
import type { MetricsGateway } from '../../aws/metricsGateway';
import type { ChartScaling } from '../../metrics/chartModel';
import type { MetricsPanels } from '../../ui/metricsView';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export interface MetricsCommandDeps extends ExplorerCommandDeps {
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
  /** UpdateClusterSettings containerInsights=enabled on the current connection (EcsGateway). */
  readonly enableContainerInsights: (cluster: string) => Promise<Cluster | undefined>;
}
