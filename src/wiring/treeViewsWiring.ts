/**
 * The composition root's part for the Clusters and Task Definitions views (src/services.ts calls it
 * once): their tree data providers, each reading the current connection's gateways, the live updater
 * that keeps the Clusters view current, and the decorations of a cluster's services (utilization and
 * auto scaling, each in its own batched calls, in parallel). It builds no gateway: it is handed the
 * ones services.ts shares. Apart from services.ts so the views' wiring reads in one place.
 */
import type { Boot } from '../activation/boot';
import type { CloudTrailGateway } from '../aws/cloudTrailGateway';
import type { EcsGateway } from '../aws/ecsGateway';
import type { MetricsGateway } from '../aws/metricsGateway';
import type { ScalingGateway } from '../aws/scalingGateway';
import type { ServiceDeploymentsGateway } from '../aws/serviceDeploymentsGateway';
import type { TaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import { setViewState } from '../explorer/connectedTreeView';
import { EcsTreeDataProvider } from '../explorer/ecsTreeDataProvider';
import { LiveUpdater } from '../explorer/liveUpdates';
import { clustersRoot } from '../explorer/nodes/clusterNode';
import type { ExplorerContext } from '../explorer/nodes/explorerNode';
import { EXPLORER_VIEW_ID } from '../explorer/registerExplorer';
import { combineDecorators, createMetricsDecorator } from '../metrics/decorateServices';
import { createScalingDecorator } from '../scaling/decorateScaling';
import { taskDefinitionsRoot } from '../taskDefinitions/nodes/familyNode';
import type { TaskDefinitionsContext } from '../taskDefinitions/nodes/taskDefinitionsContext';
import { TASK_DEFINITIONS_VIEW_ID } from '../taskDefinitions/registerTaskDefinitionsView';

export interface TreeViewsWiringInput extends Pick<Boot, 'logger' | 'connections' | 'ready'> {
  readonly ecs: () => EcsGateway;
  readonly deployments: () => ServiceDeploymentsGateway;
  /** Who started each service deployment (the Deployments rows' tooltips). */
  readonly cloudTrail: () => CloudTrailGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  readonly metrics: () => MetricsGateway;
  readonly scaling: () => ScalingGateway;
}

export interface TreeViews {
  readonly liveUpdater: LiveUpdater;
  /** The Clusters view. */
  readonly explorer: EcsTreeDataProvider;
  readonly taskDefinitionsView: EcsTreeDataProvider;
}

export function wireTreeViews(input: TreeViewsWiringInput): TreeViews {
  const { logger, connections, ready, ecs, deployments, cloudTrail, taskDefinitions } = input;
  const describeError = connections.describeError.bind(connections);
  // Utilization and auto scaling of a cluster's services, each in its own batched calls, in parallel.
  const decorateServices = combineDecorators(
    createMetricsDecorator({ metrics: input.metrics, now: () => Date.now() }),
    createScalingDecorator(input.scaling, logger),
  );

  // The Clusters view, kept current by the live updater (created first: the provider needs it).
  const liveUpdater = new LiveUpdater({
    ecs,
    deployments,
    logger,
    onChanged: (nodes) => explorer.fire(nodes),
  });
  const explorer = new EcsTreeDataProvider({
    context: async (): Promise<ExplorerContext | undefined> => {
      await ready;
      const current = connections.current;
      return (
        current && {
          ecs: ecs(),
          deployments: deployments(),
          cloudTrail: cloudTrail(),
          region: current.region,
          now: () => Date.now(),
          decorateServices,
        }
      );
    },
    root: clustersRoot,
    liveUpdater,
    logger,
    describeError,
    setState: (state) => setViewState(EXPLORER_VIEW_ID, state),
  });

  // The Task Definitions view: nothing in it changes by itself, so no live updater.
  const taskDefinitionsView = new EcsTreeDataProvider({
    context: async (): Promise<TaskDefinitionsContext | undefined> => {
      await ready;
      const current = connections.current;
      return (
        current && {
          ecs: ecs(),
          taskDefinitions: taskDefinitions(),
          profile: current.profile,
          region: current.region,
          now: () => Date.now(),
          describeError,
        }
      );
    },
    root: taskDefinitionsRoot,
    logger,
    describeError,
    setState: (state) => setViewState(TASK_DEFINITIONS_VIEW_ID, state),
  });
  return { liveUpdater, explorer, taskDefinitionsView };
}
