/**
 * The composition root: builds every long-lived object once and passes it explicitly to whoever
 * needs it (no globals, no service locator). It is the only place that builds gateways
 * (test/unit/architecture.test.ts keeps it so): the AWS ones per connection (perConnection), so a
 * profile or region switch gets fresh clients, the Docker one per endpoint; heavy SDK modules and
 * dockerode load on first use.
 */
import * as vscode from 'vscode';
import { ConnectionManager } from './aws/connectionManager';
import { createEcrGateway } from './aws/ecrGateway';
import { createEcsGateway } from './aws/ecsGateway';
import { createIamGateway } from './aws/iamGateway';
import { createLogsGateway } from './aws/logsGateway';
import { createStsGateway } from './aws/stsGateway';
import { createParameterStoreGateway } from './aws/parameterStoreGateway';
import { createSecretsManagerGateway } from './aws/secretsManagerGateway';
import { lazyEndpointsNetworkGateway } from './docker/endpointsNetworkGateway';
import {
  localEndpointsFactory,
  type LocalEndpointsFactory,
} from './workflows/local/endpoints/localEndpointsFactory';
import { LOCAL_TASK_LABEL } from './workflows/local/localLabels';
import type { LocalSecretsServices } from './workflows/local/secrets/localSecretsResolver';
import { resolveDockerEndpoint } from './docker/dockerEndpoint';
import { perDockerEndpoint } from './docker/dockerGateway';
import { createMetricsGateway } from './aws/metricsGateway';
import { createElbGateway } from './aws/elbGateway';
import { createEc2Gateway } from './aws/ec2Gateway';
import { createScalingGateway } from './aws/scalingGateway';
import type { MetricsCommandDeps } from './commands/metrics/metricsCommandDeps';
import { combineDecorators, createMetricsDecorator } from './metrics/decorateServices';
import { chartScaling } from './scaling/chartScaling';
import type { ConfigureAutoScalingDeps } from './commands/scaling/configureAutoScaling';
import type { RunTaskCommandDeps } from './commands/runTask/runTaskCommandDeps';
import { recentLogLines } from './workflows/runTask/recentLogLines';
import { RunTaskMemory } from './workflows/runTask/runTaskMemory';
import { createScalingDecorator } from './scaling/decorateScaling';
import { perConnection } from './aws/perConnection';
import { createTaskDefinitionGateway } from './aws/taskDefinitionGateway';
import type { ConnectionCommandDeps } from './commands/connection/connectionCommandDeps';
import {
  createImageCommandDeps,
  lastPushedImageLookup,
  type ImageCommandDeps,
} from './commands/image/imageCommandDeps';
import type { ExplorerCommandDeps } from './commands/explorer/explorerCommandDeps';
import { createDeployCommandDeps, type DeployCommandDeps } from './commands/deploy/deployCommandDeps';
import type { ServiceCommandDeps } from './commands/service/serviceCommandDeps';
import type { LogCommandDeps } from './commands/logs/logCommandDeps';
import {
  createTaskDefinitionCommandDeps,
  type TaskDefinitionCommandDeps,
  type TaskDefinitionViewCommandDeps,
} from './commands/taskDefinition/taskDefinitionCommandDeps';
import { EcsTreeDataProvider } from './explorer/ecsTreeDataProvider';
import { LiveUpdater } from './explorer/liveUpdates';
import { clustersRoot } from './explorer/nodes/clusterNode';
import type { ExplorerContext } from './explorer/nodes/explorerNode';
import { setViewState } from './explorer/connectedTreeView';
import { EXPLORER_VIEW_ID } from './explorer/registerExplorer';
import { createFollowDeps } from './logs/followDeps';
import { createRepositoriesProvider } from './repositories/registerRepositoriesView';
import { Settings } from './settings';
import type { Logger } from './shared/logger';
import { createRedactor, type Redactor } from './shared/redact';
import { taskDefinitionsRoot } from './taskDefinitions/nodes/familyNode';
import type { TaskDefinitionsContext } from './taskDefinitions/nodes/taskDefinitionsContext';
import { TASK_DEFINITIONS_VIEW_ID } from './taskDefinitions/registerTaskDefinitionsView';
import { TaskDefinitionDocuments } from './taskDefinitions/taskDefinitionDocuments';
import { LogChannels, logSettings } from './ui/logChannels';
import { createMfaCodeProvider } from './ui/mfaPrompt';
import { connectionKey, MetricsPanels } from './ui/metricsView';
import { createRedactingLogger } from './ui/redactingLogger';

export interface Services extends vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly redact: Redactor;
  readonly settings: Settings;
  readonly connections: ConnectionManager;
  /** Settles once the shared config files were read and a profile picked (never rejects). */
  readonly ready: Promise<void>;
  readonly liveUpdater: LiveUpdater;
  readonly explorer: EcsTreeDataProvider;
  readonly taskDefinitionsView: EcsTreeDataProvider;
  readonly taskDefinitionDocuments: TaskDefinitionDocuments;
  readonly explorerCommands: ExplorerCommandDeps;
  readonly scalingCommands: ConfigureAutoScalingDeps;
  /** Update/roll back/delete a service, delete a cluster, service events, Clean Up. */
  readonly serviceCommands: ServiceCommandDeps;
  readonly metricsCommands: MetricsCommandDeps;
  readonly connectionCommands: ConnectionCommandDeps;
  readonly taskDefinitionCommands: TaskDefinitionCommandDeps;
  readonly taskDefinitionViewCommands: TaskDefinitionViewCommandDeps;
  /** The ECS Logs channels; Run Task and Deploy call followTask()/followService(). */
  readonly logChannels: LogChannels;
  readonly logCommands: LogCommandDeps;
  /** The Repositories view (ECR) and the build/push commands' dependencies. */
  readonly repositoriesView: EcsTreeDataProvider;
  readonly imageCommands: ImageCommandDeps;
  /** "ECS: Deploy": the pipeline's gateways per connection, the output channel, the plan documents. */
  readonly deployCommands: DeployCommandDeps;
  /** "ECS: Run Task": gateways, the last run's memory (workspaceState), the tree and the log channels. */
  readonly runTaskCommands: RunTaskCommandDeps;
  /** Run Locally: a task's endpoints (metadata v4, credentials) for its taskRoleArn. */
  readonly localEndpoints: LocalEndpointsFactory;
  /** Run Locally: the gateways that resolve a task's secrets (the command confirms first). */
  readonly localSecrets: LocalSecretsServices;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const channel = vscode.window.createOutputChannel('ECS & Fargate', { log: true });
  const redact = createRedactor(process.env);
  const logger = createRedactingLogger(channel, redact);
  const settings = new Settings();
  const connections = new ConnectionManager({
    store: context.workspaceState,
    env: process.env,
    logger,
    redactor: redact,
    clientOptions: { mfaCodeProvider: createMfaCodeProvider() },
  });
  const ready = connections
    .initialize()
    .catch((error: unknown) => logger.error('Reading the AWS config files failed', error));
  const concurrency = () => settings.maxConcurrentRequests();
  const ecs = perConnection(connections, (clients) => createEcsGateway(clients.ecs(), { concurrency }));
  const scaling = perConnection(connections, (clients) =>
    createScalingGateway(clients.autoScaling(), { concurrency }),
  );
  const elb = perConnection(connections, (clients) => createElbGateway(clients.elb()));
  const ec2 = perConnection(connections, (clients) => createEc2Gateway(clients.ec2()));
  const metrics = perConnection(connections, (clients) => createMetricsGateway(clients.cloudwatch()));
  const iam = perConnection(connections, (clients) => createIamGateway(clients.iam()));
  const sts = perConnection(connections, (clients) => createStsGateway(clients.sts()));
  const secretsManager = perConnection(connections, (clients) =>
    createSecretsManagerGateway(clients.secretsManager()),
  );
  const parameterStore = perConnection(connections, (clients) => createParameterStoreGateway(clients.ssm()));
  const logs = perConnection(connections, (clients) =>
    createLogsGateway(clients.logs(), { region: clients.region }),
  );
  // Every registry password is registered with the redactor before it is used anywhere.
  const ecr = perConnection(connections, (clients) =>
    createEcrGateway(clients.ecr(), { onSecret: (secret) => redact.registerSecret(secret) }),
  );
  const docker = perDockerEndpoint(() => resolveDockerEndpoint());
  // Utilization and auto scaling of a cluster's services, each in its own batched calls, in parallel.
  const decorateServices = combineDecorators(
    createMetricsDecorator({ metrics, now: () => Date.now() }),
    createScalingDecorator(scaling, logger),
  );
  const taskDefinitions = perConnection(connections, (clients) =>
    createTaskDefinitionGateway(clients.ecs(), { concurrency }),
  );
  const describeError = connections.describeError.bind(connections);
  const commandDeps = { logger, redact };
  const followDeps = perConnection(connections, (clients) =>
    createFollowDeps(clients.region, ecs(), taskDefinitions(), logs()),
  );
  const logChannels = new LogChannels({ ...commandDeps, followDeps, settings: logSettings(settings) });

  // The Clusters view, kept current by the live updater (created first: the provider needs it).
  const liveUpdater = new LiveUpdater({ ecs, logger, onChanged: (nodes) => explorer.fire(nodes) });
  const explorer = new EcsTreeDataProvider({
    context: async (): Promise<ExplorerContext | undefined> => {
      await ready;
      const current = connections.current;
      return (
        current && {
          ecs: ecs(),
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
  // Build and push, and the Repositories view (ECR); a push refreshes the view.
  const imageCommands = createImageCommandDeps({
    ...commandDeps,
    connections,
    ready,
    ecr,
    docker,
    workspaceState: context.workspaceState,
    onPushed: () => void repositoriesView.refresh(),
  });
  const repositoriesView = createRepositoriesProvider({
    connections,
    ready,
    ecs,
    ecr,
    logger,
    describeError,
  });
  const deployCommands = createDeployCommandDeps({
    ...commandDeps,
    settings,
    connections,
    ready,
    ecs,
    taskDefinitions,
    scaling,
    elb,
    ec2,
    ecr,
    iam,
    logs,
    docker,
    logChannels,
    explorer,
    workspaceState: context.workspaceState,
  });
  // Show Metrics panels read with the connection they were opened with: a switch closes them.
  const metricsPanels = new MetricsPanels();
  const closeStalePanels = connections.onDidChange(() => {
    const current = connections.current;
    metricsPanels.closeOtherConnections(current && connectionKey(current));
  });
  const taskDefinitionDocuments = new TaskDefinitionDocuments({
    connection: () => connections.current,
    taskDefinitions,
  });

  return {
    channel,
    logger,
    redact,
    settings,
    connections,
    ready,
    liveUpdater,
    explorer,
    taskDefinitionsView,
    taskDefinitionDocuments,
    explorerCommands: { ...commandDeps, explorer, liveUpdater, ecs },
    scalingCommands: { ...commandDeps, explorer, liveUpdater, ecs, scaling, elb },
    serviceCommands: {
      ...commandDeps,
      explorer,
      liveUpdater,
      ecs,
      scaling,
      taskDefinitions,
      ecr,
      onCleanedUp: () => {
        void taskDefinitionsView.refresh();
        void repositoriesView.refresh();
      },
    },
    metricsCommands: {
      ...commandDeps,
      explorer,
      liveUpdater,
      ecs,
      metrics,
      scaling: (cluster, service, signal) => chartScaling(scaling(), cluster, service, signal),
      describeError: (error) => describeError(error).message,
      enableContainerInsights: (cluster) => ecs().setContainerInsights(cluster, 'enabled'),
      metricsPanels,
      connection: () => connections.current,
    },
    connectionCommands: { ...commandDeps, connections },
    taskDefinitionCommands: createTaskDefinitionCommandDeps({
      ...commandDeps,
      settings,
      connections,
      ready,
      iam,
      logs,
      taskDefinitions,
      sts,
      // A new revision shows up in the Task Definitions view at once.
      onRegistered: () => void taskDefinitionsView.refresh(),
      lastPushedImage: lastPushedImageLookup(context.workspaceState),
    }),
    repositoriesView,
    imageCommands,
    taskDefinitionViewCommands: {
      ...commandDeps,
      taskDefinitionsView,
      taskDefinitionDocuments,
      connection: () => connections.current,
    },
    logChannels,
    logCommands: { ...commandDeps, ecs, logChannels },
    deployCommands,
    runTaskCommands: {
      ...commandDeps,
      ready,
      connection: () => connections.current,
      ecs,
      ec2,
      taskDefinitions,
      logs,
      logRetentionDays: () => settings.logRetentionDays(),
      memory: new RunTaskMemory(context.workspaceState),
      explorer,
      logChannels,
      recentLogLines: (cluster, task, signal) => recentLogLines(followDeps(), cluster, task, signal),
    },
    localEndpoints: localEndpointsFactory({
      network: () => lazyEndpointsNetworkGateway(resolveDockerEndpoint(), LOCAL_TASK_LABEL),
      assumeRole: (request) => sts().assumeRole(request),
      // The profile's resolved identity, as the SDK clients sign with it.
      ownCredentials: () => connections.clients().sts().config.credentials(),
      region: () => connections.current?.region,
      onSecret: (secret) => redact.registerSecret(secret),
      logger,
    }),
    localSecrets: {
      secretsManager,
      parameterStore,
      region: () => connections.current?.region,
      onSecret: (secret) => redact.registerSecret(secret),
    },
    dispose: () => {
      closeStalePanels.dispose();
      metricsPanels.dispose();
      logChannels.dispose();
      liveUpdater.dispose();
      explorer.dispose();
      taskDefinitionsView.dispose();
      repositoriesView.dispose();
      imageCommands.dispose();
      deployCommands.dispose();
      taskDefinitionDocuments.dispose();
      connections.dispose();
      channel.dispose();
    },
  };
}
