/**
 * The composition root of the core (src/core.ts starts it on first use; docs/performance.md §1):
 * builds every long-lived object once and passes it explicitly to whoever
 * needs it (no globals, no service locator). A feature whose wiring is long has it in a file of
 * src/wiring/ (the tree views, Show Metrics, Run Locally, the Session Manager features), called once
 * from here. Together they are the only place that builds gateways (test/unit/architecture.test.ts
 * keeps it so): the AWS ones per connection (perConnection), so a profile or region switch gets fresh
 * clients, the Docker one per endpoint; heavy SDK modules and dockerode load on first use. The
 * gateways several features share are built here; one only a wiring file's feature uses, there.
 */
import type * as vscode from 'vscode';
import type { Boot } from './activation/boot';
import { createEcrGateway } from './aws/ecrGateway';
import { createEcsGateway } from './aws/ecsGateway';
import { createIamGateway } from './aws/iamGateway';
import { createLogsGateway } from './aws/logsGateway';
import { createStsGateway } from './aws/stsGateway';
import { resolveDockerEndpoint } from './docker/dockerEndpoint';
import { perDockerEndpoint } from './docker/dockerGateway';
import { createMetricsGateway } from './aws/metricsGateway';
import { createElbGateway } from './aws/elbGateway';
import { createEc2Gateway } from './aws/ec2Gateway';
import { createScalingGateway } from './aws/scalingGateway';
import { createServiceDeploymentsGateway } from './aws/serviceDeploymentsGateway';
import { createCloudTrailGateway } from './aws/cloudTrailGateway';
import { createCodeDeployGateway } from './aws/codeDeployGateway';
import { createKmsGateway } from './aws/kmsGateway';
import { createParameterStoreGateway } from './aws/parameterStoreGateway';
import { createSecretsManagerGateway } from './aws/secretsManagerGateway';
import { createSsmGateway } from './aws/ssmGateway';
import { connectDocker } from './docker/dockerClient';
import { endpointsNetworkGatewayOf } from './docker/endpointsNetworkGateway';
import { LOCAL_TASK_LABEL } from './workflows/local/localLabels';
import type { ExecCommandDeps } from './commands/exec/execCommandDeps';
import type { PortForwardCommandDeps } from './commands/exec/portForwardCommandDeps';
import type { LocalCommandDeps } from './commands/local/localCommandDeps';
import type { DeploymentCommandDeps } from './commands/deployments/deploymentCommandDeps';
import type { MetricsCommandDeps } from './commands/metrics/metricsCommandDeps';
import type { ConfigureAutoScalingDeps } from './commands/scaling/configureAutoScaling';
import type { RunTaskCommandDeps } from './commands/runTask/runTaskCommandDeps';
import { recentLogLines } from './workflows/runTask/recentLogLines';
import { RunTaskMemory } from './workflows/runTask/runTaskMemory';
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
import type { EcsTreeDataProvider } from './explorer/ecsTreeDataProvider';
import type { LiveUpdater } from './explorer/liveUpdates';
import { createFollowDeps } from './logs/followDeps';
import { createRepositoriesProvider } from './repositories/registerRepositoriesView';
import { TaskDefinitionDocuments } from './taskDefinitions/taskDefinitionDocuments';
import { LogChannels, logSettings } from './ui/logChannels';
import { wireLocalRun } from './wiring/localRunWiring';
import { wireMetrics } from './wiring/metricsWiring';
import { wireSessions } from './wiring/sessionWiring';
import { wireTreeViews } from './wiring/treeViewsWiring';

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

export function createServices(boot: Boot): Services {
  // Built at activation (src/activation/boot.ts): the core uses these instances, never its own.
  const { context, channel, redact, logger, settings, connections, ready } = boot;
  const concurrency = settings.cachedRead(
    'maxConcurrentRequests',
    () => settings.maxConcurrentRequests(),
    context.subscriptions,
  );
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
  const logs = perConnection(connections, (clients) =>
    createLogsGateway(clients.logs(), { region: clients.region }),
  );
  // Every registry password is registered with the redactor before it is used anywhere.
  const ecr = perConnection(connections, (clients) =>
    createEcrGateway(clients.ecr(), { onSecret: (secret) => redact.registerSecret(secret) }),
  );
  const docker = perDockerEndpoint(() => resolveDockerEndpoint());
  const taskDefinitions = perConnection(connections, (clients) =>
    createTaskDefinitionGateway(clients.ecs(), { concurrency }),
  );
  const describeError = connections.describeError.bind(connections);
  const commandDeps = { logger, redact };
  const followDeps = perConnection(connections, (clients) =>
    createFollowDeps(clients.region, ecs(), taskDefinitions(), logs()),
  );
  const logChannels = new LogChannels({ ...commandDeps, followDeps, settings: logSettings(settings) });

  const { liveUpdater, explorer, taskDefinitionsView } = wireTreeViews({
    logger,
    connections,
    ready,
    ecs,
    deployments,
    cloudTrail,
    taskDefinitions,
    metrics,
    scaling,
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
  const metricsWiring = wireMetrics({
    ...commandDeps,
    connections,
    explorer,
    liveUpdater,
    ecs,
    metrics,
    scaling,
  });
  // Only Run Locally reads secrets, and only the sessions use SSM and KMS; built here with the rest.
  const secretsManager = perConnection(connections, (clients) =>
    createSecretsManagerGateway(clients.secretsManager()),
  );
  const parameterStore = perConnection(connections, (clients) => createParameterStoreGateway(clients.ssm()));
  const kms = perConnection(connections, (clients) => createKmsGateway(clients.kms()));
  // Every session token is registered with the redactor before it is used anywhere.
  const ssm = perConnection(connections, (clients) =>
    createSsmGateway(clients.ssm(), { onSecret: (secret) => redact.registerSecret(secret) }),
  );
  const local = wireLocalRun({
    logger,
    redact,
    settings,
    connections,
    ready,
    docker,
    ecr,
    sts,
    taskDefinitions,
    secretsManager,
    parameterStore,
    // Called when a local task starts: the engine of that moment, connected on its first request.
    endpointsNetwork: () =>
      endpointsNetworkGatewayOf(connectDocker(resolveDockerEndpoint()), LOCAL_TASK_LABEL),
  });
  const sessions = wireSessions({
    logger,
    redact,
    settings,
    connections,
    ecs,
    iam,
    taskDefinitions,
    kms,
    ssm,
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
    metricsCommands: metricsWiring.metricsCommands,
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
    execCommands: sessions.execCommands,
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
    portForwardCommands: sessions.portForwardCommands,
    localCommands: local.localCommands,
    dispose: () => {
      sessions.dispose();
      local.dispose();
      metricsWiring.dispose();
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
