/**
 * What the Run Locally commands need, filled by services.ts: the Docker gateway of the current
 * endpoint, the window's local tasks, the output channel of their logs, registry auth for ECR
 * images, the task endpoints (metadata v4, credentials) and the settings.
 */
import type * as vscode from 'vscode';
import type { DockerGateway } from '../../docker/dockerGateway';
import type { RegistryAuth } from '../../docker/imagePusher';
import type { TimestampMode } from '../../logs/formatLine';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { StartTaskEndpoints } from '../../workflows/local/localTask';
import type { LocalTaskRegistry } from '../../workflows/local/localTaskRegistry';
import type { ResolveLocalSecrets } from '../../workflows/local/runLocalTask';
import type { SecretsPlan } from '../../workflows/local/secrets/resolveSecrets';
import type { CommandDeps } from '../../ui/runCommand';

export interface LocalCommandDeps extends CommandDeps {
  readonly docker: () => DockerGateway;
  readonly registry: LocalTaskRegistry;
  /** The "ECS Local" output channel (created on first use). */
  readonly channel: () => vscode.OutputChannel;
  /** ECR credentials for an ECR image (undefined for other registries: Docker's own config applies). */
  readonly registryAuth: (image: string, signal?: AbortSignal) => Promise<RegistryAuth | undefined>;
  /** The task endpoints for a task with this task role (undefined: none); may reject with TaskRoleUnavailableError. */
  readonly taskEndpoints: (
    taskRoleArn: string | undefined,
    withCredentials: boolean,
  ) => Promise<StartTaskEndpoints | undefined>;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  /** Resolves the task's secrets (local file first, then AWS after `confirm`), never logging values. */
  readonly resolveSecrets: (
    confirm: (plan: SecretsPlan) => Promise<boolean>,
    baseDir?: string,
  ) => ResolveLocalSecrets;
  readonly settings: {
    environmentFiles(): Readonly<Record<string, string>>;
    timestamps(): TimestampMode;
  };
  /** DOCKER_HOST & co. for the `docker` CLI in a terminal, matching the gateway's endpoint. */
  readonly dockerCliEnv: () => Record<string, string>;
}
