/**
 * What "ECS: Deploy" needs; built once in services.ts from the gateways that already exist there.
 * Gateways are per connection (functions), so a profile or region switch gets fresh ones; the
 * pipeline's DeployDeps are assembled at the start of each deploy from the current connection.
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../../aws/connection';
import type { Ec2Gateway } from '../../aws/ec2Gateway';
import type { EcrGateway } from '../../aws/ecrGateway';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { CodeDeployGateway } from '../../aws/codeDeployGateway';
import type { ElbGateway } from '../../aws/elbGateway';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import type { IamGateway } from '../../aws/iamGateway';
import type { LogsGateway } from '../../aws/logsGateway';
import type { ScalingGateway } from '../../aws/scalingGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { DockerGateway } from '../../docker/dockerGateway';
import type { Settings } from '../../settings';
import { DeployPlanDocuments } from '../../ui/deployDiff';
import { DEPLOY_CHANNEL_NAME } from '../../ui/deployProgress';
import type { LogChannels } from '../../ui/logChannels';
import type { CommandDeps } from '../../ui/runCommand';
import { buildAndPush } from '../../workflows/buildAndPush';
import { deployTimeoutMinutes, type DeployDeps } from '../../workflows/deploy/deployDeps';
import { explainStoppedTask, formatStoppedTaskReport } from '../../workflows/stoppedTask';

export interface DeployCommandDeps extends CommandDeps, vscode.Disposable {
  readonly connections: ConnectionSource;
  /** Settles once the AWS config was read and a profile picked. */
  readonly ready: Promise<void>;
  readonly ecs: () => EcsGateway;
  readonly ecr: () => EcrGateway;
  readonly ec2: () => Ec2Gateway;
  readonly elb: () => ElbGateway;
  /** The pipeline's dependencies for the current connection (deploy.ts runDeploy). */
  readonly pipeline: () => DeployDeps;
  /** Service deployments of the current connection (Continue / Roll Back on a paused hook). */
  readonly deployments: () => ServiceDeploymentsGateway;
  /** IAM of the current connection (the inline policy a failed preflight offers). */
  readonly iam: () => IamGateway;
  readonly logChannels: Pick<LogChannels, 'followService' | 'followTask' | 'follow'>;
  /** Refreshed after a deploy (a new service, new tasks). */
  readonly explorer: { refresh(): unknown };
  /** Remembers which target was deployed last (first in the quick pick). */
  readonly state: vscode.Memento;
  /** The "ECS: Deploy" output channel (created on first use). */
  readonly channel: () => vscode.OutputChannel;
  /** The two sides of "Show What Will Change". */
  readonly planDocuments: DeployPlanDocuments;
}

export interface DeployCommandDepsOptions extends CommandDeps {
  readonly settings: Settings;
  readonly connections: ConnectionSource;
  readonly ready: Promise<void>;
  readonly ecs: () => EcsGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  readonly scaling: () => ScalingGateway;
  readonly elb: () => ElbGateway;
  readonly ec2: () => Ec2Gateway;
  /** The image commands' ECR gateway (registers registry passwords with the redactor). */
  readonly ecr: () => EcrGateway;
  readonly iam: () => IamGateway;
  readonly logs: () => LogsGateway;
  readonly docker: () => DockerGateway;
  readonly deployments: () => ServiceDeploymentsGateway;
  readonly codeDeploy: () => CodeDeployGateway;
  readonly logChannels: Pick<LogChannels, 'followService' | 'followTask' | 'follow'>;
  readonly explorer: { refresh(): unknown };
  readonly workspaceState: vscode.Memento;
}

export function createDeployCommandDeps(options: DeployCommandDepsOptions): DeployCommandDeps {
  const { connections, settings } = options;
  let channel: vscode.OutputChannel | undefined;
  const planDocuments = new DeployPlanDocuments();
  const pipeline = (): DeployDeps => {
    const ecr = options.ecr();
    return {
      ecs: options.ecs(),
      taskDefinitions: options.taskDefinitions(),
      buildAndPush: (request, onEvent, signal) =>
        buildAndPush({ ecr, docker: options.docker }, request, onEvent, signal),
      iam: options.iam(),
      logs: options.logs(),
      ec2: options.ec2(),
      scaling: options.scaling(),
      deployments: options.deployments(),
      codeDeploy: options.codeDeploy(),
      explainStoppedTask,
      formatStoppedTaskReport,
      logger: options.logger,
      settings: {
        timeoutMinutes: deployTimeoutMinutes(settings.get('deploy.timeoutMinutes')),
        preflight: settings.get('deploy.preflight') !== false,
        logRetentionDays: settings.logRetentionDays(),
      },
    };
  };
  return {
    logger: options.logger,
    redact: options.redact,
    connections,
    ready: options.ready,
    ecs: options.ecs,
    ecr: options.ecr,
    ec2: options.ec2,
    elb: options.elb,
    pipeline,
    deployments: options.deployments,
    iam: options.iam,
    logChannels: options.logChannels,
    explorer: options.explorer,
    state: options.workspaceState,
    channel: () => (channel ??= vscode.window.createOutputChannel(DEPLOY_CHANNEL_NAME)),
    planDocuments,
    dispose: () => {
      channel?.dispose();
      planDocuments.dispose();
    },
  };
}
