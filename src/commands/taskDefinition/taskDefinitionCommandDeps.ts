/**
 * What the task-definition commands need: those that start from a file (new, register, create
 * execution role; the editor's quick fixes use the same) and those of the Task Definitions view; built once in services.ts from the gateways
 * built there. Gateways are per connection: a profile or region switch gets new ones.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type * as vscode from 'vscode';
import type { ConnectionSource } from '../../aws/connection';
import { type IamGateway, RoleArnCache } from '../../aws/iamGateway';
import type { StsGateway } from '../../aws/stsGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { EcsTreeDataProvider } from '../../explorer/ecsTreeDataProvider';
import type { Settings } from '../../settings';
import type { ConnectionInfo, TaskDefinitionDocuments } from '../../taskDefinitions/taskDefinitionDocuments';
import type { CommandDeps } from '../../ui/runCommand';
import type { LogGroupsGateway } from '../../workflows/logGroups';

export interface TaskDefinitionCommandDeps extends CommandDeps {
  readonly settings: Settings;
  readonly connections: ConnectionSource;
  /** Settles once the AWS config was read and a profile picked. */
  readonly ready: Promise<void>;
  /** Gateways of the current connection; throw a credentials problem when there is none. */
  readonly iam: () => IamGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  /** CloudWatch Logs of the current connection: missing awslogs groups are created before registering. */
  readonly logs: () => LogGroupsGateway;
  /** The account id of the current connection (STS GetCallerIdentity, once per connection). */
  readonly accountId: () => Promise<string>;
  /** Role ARNs looked up so far, per connection (shared by the quick fix, the scaffold and the command). */
  readonly roleArns: RoleArnCache;
  /** Called after a registration, e.g. to reveal the new revision in the Task Definitions view. */
  readonly onRegistered?: (taskDefinition: TaskDefinition) => void;
  /**
   * The image last pushed from a Dockerfile (the build-and-push feature supplies it). Absent, or
   * undefined for a Dockerfile: the scaffold proposes `<account>.dkr.ecr.<region>.amazonaws.com/<family>:latest`.
   */
  readonly lastPushedImage?: (dockerfile: vscode.Uri) => Promise<string | undefined>;
}

/** What the Task Definitions view's commands (open, save, compare, deregister, refresh) need. */
export interface TaskDefinitionViewCommandDeps extends CommandDeps {
  /** The Task Definitions view's provider (a family is refreshed after a deregistration). */
  readonly taskDefinitionsView: EcsTreeDataProvider;
  /** The `ecs-taskdef` documents; also hands out the gateway for a revision's connection. */
  readonly taskDefinitionDocuments: TaskDefinitionDocuments;
  /** The current connection's profile and region; undefined without credentials. */
  readonly connection: () => ConnectionInfo | undefined;
}

export interface TaskDefinitionCommandDepsOptions extends CommandDeps {
  readonly settings: Settings;
  readonly connections: ConnectionSource;
  readonly ready: Promise<void>;
  readonly iam: () => IamGateway;
  readonly logs: () => LogGroupsGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  readonly sts: () => StsGateway;
  readonly onRegistered?: (taskDefinition: TaskDefinition) => void;
  readonly lastPushedImage?: (dockerfile: vscode.Uri) => Promise<string | undefined>;
}

export function createTaskDefinitionCommandDeps(
  options: TaskDefinitionCommandDepsOptions,
): TaskDefinitionCommandDeps {
  return {
    logger: options.logger,
    redact: options.redact,
    settings: options.settings,
    connections: options.connections,
    ready: options.ready,
    iam: options.iam,
    taskDefinitions: options.taskDefinitions,
    logs: options.logs,
    accountId: () => options.sts().accountId(),
    roleArns: new RoleArnCache(),
    ...(options.onRegistered ? { onRegistered: options.onRegistered } : {}),
    ...(options.lastPushedImage ? { lastPushedImage: options.lastPushedImage } : {}),
  };
}
