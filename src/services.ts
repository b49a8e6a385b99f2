/**
 * The composition root of the core (src/core.ts starts it on first use; docs/performance.md §1):
 * builds every long-lived object once and passes it explicitly to whoever
 * needs it (no globals, no service locator). It is the only place that builds gateways
 * (test/unit/architecture.test.ts keeps it so): the AWS ones per connection (perConnection), so a
 * profile or region switch gets fresh clients, the Docker one per endpoint; heavy SDK modules and
 * dockerode load on first use.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Boot } from './activation/boot';
import { createEcrGateway } from './aws/ecrGateway';
import { createEcsGateway } from './aws/ecsGateway';
import { createIamGateway } from './aws/iamGateway';
import { createKmsGateway } from './aws/kmsGateway';
import type { ExecCommandDeps } from './commands/exec/execCommandDeps';
import { createLogsGateway } from './aws/logsGateway';
import { createStsGateway } from './aws/stsGateway';
import { createSsmGateway } from './aws/ssmGateway';
import type { PortForwardCommandDeps } from './commands/exec/portForwardCommandDeps';
import { openPortChannel } from './workflows/portForward/dataChannelPort';
import { PortForwards } from './workflows/portForward/portForwards';
import { resolveDockerEndpoint, type DockerEndpoint } from './docker/dockerEndpoint';
import { endpointsNetworkGatewayOf } from './docker/endpointsNetworkGateway';
import { connectDocker } from './docker/dockerClient';
import { localEndpointsFactory } from './workflows/local/endpoints/localEndpointsFactory';
import { perDockerEndpoint } from './docker/dockerGateway';
import type { LocalCommandDeps } from './commands/local/localCommandDeps';
import { LOCAL_TASK_LABEL } from './workflows/local/localLabels';
import { LocalTaskRegistry } from './workflows/local/localTaskRegistry';
import { ecrRegistryAuth } from './workflows/local/registryAuth';
import { createParameterStoreGateway } from './aws/parameterStoreGateway';
import { createSecretsManagerGateway } from './aws/secretsManagerGateway';
import { localSecretsResolver } from './workflows/local/secrets/localSecretsResolver';
import { readLocalSecretsFile } from './workflows/local/secrets/localSecretsFile';
import { createMetricsGateway } from './aws/metricsGateway';
import { createElbGateway } from './aws/elbGateway';
import { createEc2Gateway } from './aws/ec2Gateway';
import { createScalingGateway } from './aws/scalingGateway';
import { createServiceDeploymentsGateway } from './aws/serviceDeploymentsGateway';
import { createCloudTrailGateway } from './aws/cloudTrailGateway';
import { createCodeDeployGateway } from './aws/codeDeployGateway';
import type { DeploymentCommandDeps } from './commands/deployments/deploymentCommandDeps';
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
import { taskDefinitionsRoot } from './taskDefinitions/nodes/familyNode';
import type { TaskDefinitionsContext } from './taskDefinitions/nodes/taskDefinitionsContext';
import { TASK_DEFINITIONS_VIEW_ID } from './taskDefinitions/registerTaskDefinitionsView';
import { TaskDefinitionDocuments } from './taskDefinitions/taskDefinitionDocuments';
import { LogChannels, logSettings } from './ui/logChannels';
import { connectionKey, MetricsPanels } from './ui/metricsView';

/** What activation built (src/activation/boot.ts) is passed on as it is: one instance of each. */
export interface Services
  extends
    Pick<Boot, 'channel' | 'logger' | 'redact' | 'settings' | 'connections' | 'ready'>,
    vscode.Disposable {
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
  /** ECS Exec: Open Shell and Run Command… */
  readonly execCommands: ExecCommandDeps;
  /** The Repositories view (ECR) and the build/push commands' dependencies. */
  readonly repositoriesView: EcsTreeDataProvider;
  readonly imageCommands: ImageCommandDeps;
  /** "ECS: Deploy": the pipeline's gateways per connection, the output channel, the plan documents. */
  readonly deployCommands: DeployCommandDeps;
  /** The service deployments: show, compare, roll back, continue, configure the strategy. */
  readonly deploymentCommands: DeploymentCommandDeps;
  /** "ECS: Run Task": gateways, the last run's memory (workspaceState), the tree and the log channels. */
  readonly runTaskCommands: RunTaskCommandDeps;
  /** Forward Port…: the running forwards (stopped on dispose), the SSM gateway and the data channel. */
  readonly portForwardCommands: PortForwardCommandDeps;
  /** Run Locally: the window's local tasks (the Local view reads them), Docker, the endpoints. */
  readonly localCommands: LocalCommandDeps;
}

/** DOCKER_HOST for the `docker` CLI in a terminal; a Docker context is left to the CLI (it reads the same). */
function dockerCliEnv(endpoint: DockerEndpoint): Record<string, string> {
  return endpoint.source === 'context' ? {} : { DOCKER_HOST: endpoint.address };
}

export function createServices(boot: Boot): Services {
  // Built at activation (src/activation/boot.ts): the core uses these instances, never its own.
  const { context, channel, redact, logger, settings, connections, ready } = boot;
  const concurrency = () => settings.maxConcurrentRequests();
  const ecs = perConnection(connections, (clients) => createEcsGateway(clients.ecs(), { concurrency }));
  const scaling = perConnection(connections, (clients) =>
    createScalingGateway(clients.autoScaling(), { concurrency }),
  );
  const elb = perConnection(connections, (clients) => createElbGateway(clients.elb()));
  const deployments = perConnection(connections, (clients) => createServiceDeploymentsGateway(clients.ecs()));
  // The CodeDeploy client (and its module) is made on the first CodeDeploy call, not here.
  const codeDeploy = perConnection(connections, (clients) =>
    createCodeDeployGateway(() => clients.codeDeploy()),
  );
  // "Triggered by" on service deployments: the CloudTrail client is made on the first lookup, not here.
  const cloudTrail = perConnection(connections, (clients) =>
    createCloudTrailGateway(() => clients.cloudTrail()),
  );
  const ec2 = perConnection(connections, (clients) => createEc2Gateway(clients.ec2()));
  const metrics = perConnection(connections, (clients) => createMetricsGateway(clients.cloudwatch()));
  const iam = perConnection(connections, (clients) => createIamGateway(clients.iam()));
  const sts = perConnection(connections, (clients) => createStsGateway(clients.sts()));
  const kms = perConnection(connections, (clients) => createKmsGateway(clients.kms()));
  const logs = perConnection(connections, (clients) =>
    createLogsGateway(clients.logs(), { region: clients.region }),
  );
  // Every registry password is registered with the redactor before it is used anywhere.
  const ecr = perConnection(connections, (clients) =>
    createEcrGateway(clients.ecr(), { onSecret: (secret) => redact.registerSecret(secret) }),
  );
  // Every session token is registered with the redactor before it is used anywhere.
  const ssm = perConnection(connections, (clients) =>
    createSsmGateway(clients.ssm(), { onSecret: (secret) => redact.registerSecret(secret) }),
  );
  const portForwards = new PortForwards();
  const docker = perDockerEndpoint(() => resolveDockerEndpoint());
  const secretsManager = perConnection(connections, (clients) =>
    createSecretsManagerGateway(clients.secretsManager()),
  );
  const parameterStore = perConnection(connections, (clients) => createParameterStoreGateway(clients.ssm()));
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
    deployments,
    codeDeploy,
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
  // Run Locally: the tasks of this window; their containers are removed when it closes.
  const localTasks = new LocalTaskRegistry();
  let localChannel: vscode.OutputChannel | undefined;
  const localEndpoints = localEndpointsFactory({
    // Called when a local task starts: the engine of that moment, connected on its first request.
    network: () => endpointsNetworkGatewayOf(connectDocker(resolveDockerEndpoint()), LOCAL_TASK_LABEL),
    assumeRole: (request) => sts().assumeRole(request),
    // The profile's resolved identity, as the SDK clients sign with it.
    ownCredentials: () => connections.clients().sts().config.credentials(),
    region: () => connections.current?.region,
    onSecret: (secret) => redact.registerSecret(secret),
    logger,
  });
  const localCommands: LocalCommandDeps = {
    ...commandDeps,
    docker,
    registry: localTasks,
    channel: () => (localChannel ??= vscode.window.createOutputChannel('ECS Local')),
    registryAuth: ecrRegistryAuth(ecr),
    taskDefinitions,
    // The task role is assumed before anything starts (a role the user may not assume is explained);
    // without it, ecsFargate.local.useOwnCredentials serves the profile's own (docs/local-run.md §2).
    taskEndpoints: async (taskRoleArn, withCredentials) => {
      await ready;
      return localEndpoints(
        withCredentials || settings.get('local.useOwnCredentials') ? taskRoleArn : undefined,
        {
          useOwnCredentials: !withCredentials && settings.get('local.useOwnCredentials'),
        },
      );
    },
    resolveSecrets: (confirm, baseDir) =>
      localSecretsResolver({
        secretsManager,
        parameterStore,
        region: connections.current?.region ?? 'us-east-1',
        onSecret: (value) => redact.registerSecret(value),
        confirm,
        local: async () => {
          const file = settings.get('local.secretsFile');
          if (!file) return undefined;
          const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? baseDir ?? '';
          return readLocalSecretsFile(path.isAbsolute(file) ? file : path.resolve(folder, file));
        },
      }),
    settings: {
      environmentFiles: () => settings.get('local.environmentFiles'),
      timestamps: () => logSettings(settings).timestamps(),
    },
    dockerCliEnv: () => dockerCliEnv(resolveDockerEndpoint()),
  };
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
    deploymentCommands: {
      ...commandDeps,
      explorer,
      liveUpdater,
      ecs,
      deployments,
      cloudTrail,
      elb,
      taskDefinitionDocuments,
      connection: () => connections.current,
    },
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
    execCommands: {
      ...commandDeps,
      ecs,
      kms,
      iam,
      taskDefinitions,
      redactor: redact,
      shellCommand: () => settings.get('exec.shellCommand'),
    },
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
    portForwardCommands: {
      ...commandDeps,
      ecs,
      taskDefinitions,
      forwards: portForwards,
      portForwardDeps: () => ({
        ssm: ssm(),
        logger,
        openChannel: (session, signal, target) =>
          // A session the account encrypts (Session Manager preferences) asks for KMS in its handshake.
          openPortChannel(session, signal, target, { logger, redactor: redact, kms: kms() }),
      }),
    },
    localCommands,
    dispose: () => {
      portForwards.dispose();
      // Stops and removes the local tasks (leftovers of a crash are found at the next Run Locally).
      localTasks.dispose();
      localChannel?.dispose();
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
    },
  };
}
