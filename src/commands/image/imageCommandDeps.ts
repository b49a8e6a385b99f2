/**
 * What the image commands (build, build and push, copy URI) and the Repositories view need; built
 * once in services.ts from the gateways built there (the ECR gateway registers every registry
 * password with the redactor before it is used; the Docker gateway is the current endpoint's). Remembered per Dockerfile in workspaceState: the build
 * args, the repository name and the last pushed image (the task-definition scaffold reads it).
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../../aws/connection';
import type { EcrGateway } from '../../aws/ecrGateway';
import type { DockerGateway } from '../../docker/dockerGateway';
import type { CommandDeps } from '../../ui/runCommand';

export const BUILD_CHANNEL_NAME = 'ECS: Build';

export interface ImageMemory {
  buildArgs(dockerfile: vscode.Uri): Record<string, string> | undefined;
  setBuildArgs(dockerfile: vscode.Uri, args: Record<string, string>): Thenable<void>;
  repositoryName(dockerfile: vscode.Uri): string | undefined;
  setRepositoryName(dockerfile: vscode.Uri, name: string): Thenable<void>;
  lastPushedImage(dockerfile: vscode.Uri): string | undefined;
  setLastPushedImage(dockerfile: vscode.Uri, imageUri: string): Thenable<void>;
}

export interface ImageCommandDeps extends CommandDeps, vscode.Disposable {
  readonly connections: ConnectionSource;
  readonly ready: Promise<void>;
  readonly ecr: () => EcrGateway;
  /** The Docker daemon of the endpoint in effect. */
  readonly docker: () => DockerGateway;
  readonly memory: ImageMemory;
  /** The "ECS: Build" output channel (created on first use). */
  readonly buildChannel: () => vscode.OutputChannel;
  /** Called after a push, e.g. to refresh the Repositories view. */
  readonly onPushed?: () => void;
}

export function createImageMemory(state: vscode.Memento): ImageMemory {
  const key = (kind: string, dockerfile: vscode.Uri) => `ecsFargate.${kind}:${dockerfile.toString()}`;
  return {
    buildArgs: (d) => state.get<Record<string, string>>(key('buildArgs', d)),
    setBuildArgs: (d, args) => state.update(key('buildArgs', d), args),
    repositoryName: (d) => state.get<string>(key('repositoryName', d)),
    setRepositoryName: (d, name) => state.update(key('repositoryName', d), name),
    lastPushedImage: (d) => state.get<string>(key('lastPushedImage', d)),
    setLastPushedImage: (d, uri) => state.update(key('lastPushedImage', d), uri),
  };
}

/** For TaskDefinitionCommandDepsOptions.lastPushedImage: the image last pushed from a Dockerfile. */
export function lastPushedImageLookup(
  state: vscode.Memento,
): (dockerfile: vscode.Uri) => Promise<string | undefined> {
  const memory = createImageMemory(state);
  return (dockerfile) => Promise.resolve(memory.lastPushedImage(dockerfile));
}

export interface ImageCommandDepsOptions extends CommandDeps {
  readonly connections: ConnectionSource;
  readonly ecr: () => EcrGateway;
  readonly docker: () => DockerGateway;
  readonly ready: Promise<void>;
  readonly workspaceState: vscode.Memento;
  readonly onPushed?: () => void;
}

export function createImageCommandDeps(options: ImageCommandDepsOptions): ImageCommandDeps {
  let channel: vscode.OutputChannel | undefined;
  return {
    logger: options.logger,
    redact: options.redact,
    connections: options.connections,
    ready: options.ready,
    ecr: options.ecr,
    docker: options.docker,
    memory: createImageMemory(options.workspaceState),
    buildChannel: () => (channel ??= vscode.window.createOutputChannel(BUILD_CHANNEL_NAME)),
    ...(options.onPushed ? { onPushed: options.onPushed } : {}),
    dispose: () => channel?.dispose(),
  };
}
