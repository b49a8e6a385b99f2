/**
 * The composition root's part for Run Locally (src/services.ts calls it once): the window's local
 * tasks, the "ECS Local" channel, the task endpoints (metadata v4, credentials) on a network of the
 * Docker engine of the moment, and the secrets from Secrets Manager and Parameter Store. It builds
 * no gateway: services.ts builds them all and hands them on (docs/architecture.md,
 * test/unit/architecture.test.ts). Apart from services.ts so the wiring of one feature reads in one
 * place.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Boot } from '../activation/boot';
import type { EcrGateway } from '../aws/ecrGateway';
import type { ParameterStoreGateway } from '../aws/parameterStoreGateway';
import type { SecretsManagerGateway } from '../aws/secretsManagerGateway';
import type { StsGateway } from '../aws/stsGateway';
import type { LocalCommandDeps } from '../commands/local/localCommandDeps';
import { resolveDockerEndpoint, type DockerEndpoint } from '../docker/dockerEndpoint';
import { logSettings } from '../ui/logChannels';
import type { EndpointsNetworkDocker } from '../workflows/local/endpoints/endpointAddress';
import { localEndpointsFactory } from '../workflows/local/endpoints/localEndpointsFactory';
import { LocalTaskRegistry } from '../workflows/local/localTaskRegistry';
import { ecrRegistryAuth } from '../workflows/local/registryAuth';
import { readLocalSecretsFile } from '../workflows/local/secrets/localSecretsFile';
import { localSecretsResolver } from '../workflows/local/secrets/localSecretsResolver';

export interface LocalRunWiringInput
  extends
    Pick<Boot, 'logger' | 'redact' | 'settings' | 'connections' | 'ready'>,
    Pick<LocalCommandDeps, 'docker' | 'taskDefinitions'> {
  readonly ecr: () => EcrGateway;
  readonly sts: () => StsGateway;
  readonly secretsManager: () => SecretsManagerGateway;
  readonly parameterStore: () => ParameterStoreGateway;
  /** The endpoints' network on the Docker engine of the moment, connected on its first request. */
  readonly endpointsNetwork: () => EndpointsNetworkDocker;
}

export interface LocalRunWiring extends vscode.Disposable {
  readonly localCommands: LocalCommandDeps;
}

/** DOCKER_HOST for the `docker` CLI in a terminal; a Docker context is left to the CLI (it reads the same). */
function dockerCliEnv(endpoint: DockerEndpoint): Record<string, string> {
  return endpoint.source === 'context' ? {} : { DOCKER_HOST: endpoint.address };
}

export function wireLocalRun(input: LocalRunWiringInput): LocalRunWiring {
  const { logger, redact, settings, connections, ready, docker, ecr, sts, taskDefinitions } = input;
  const { secretsManager, parameterStore } = input;
  // The tasks of this window; their containers are removed when it closes.
  const localTasks = new LocalTaskRegistry();
  let localChannel: vscode.OutputChannel | undefined;
  const localEndpoints = localEndpointsFactory({
    // Called when a local task starts: the engine of that moment.
    network: input.endpointsNetwork,
    assumeRole: (request) => sts().assumeRole(request),
    // The profile's resolved identity, as the SDK clients sign with it.
    ownCredentials: () => connections.clients().sts().config.credentials(),
    region: () => connections.current?.region,
    onSecret: (secret) => redact.registerSecret(secret),
    logger,
  });
  const localCommands: LocalCommandDeps = {
    logger,
    redact,
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
  return {
    localCommands,
    dispose: () => {
      // Stops and removes the local tasks (leftovers of a crash are found at the next Run Locally).
      localTasks.dispose();
      localChannel?.dispose();
    },
  };
}
