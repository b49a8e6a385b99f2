import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectDocker } from '../docker/dockerClient';
import { resolveDockerEndpoint } from '../docker/dockerEndpoint';
import { RepositoryNode } from '../repositories/nodes/repositoryNodes';
import { UserCancelledError } from '../ui/errors';
import { withCancellableProgress } from '../ui/progress';
import { registerCommand } from '../ui/runCommand';
import { buildAndPush } from '../workflows/buildAndPush';
import type { ImageCommandDeps } from './imageCommandDeps';
import { progressRenderer } from './imageProgress';
import {
  askBuildArgs,
  askRepositoryName,
  pickTarget,
  readDockerfile,
  requireTrust,
  resolveDockerfile,
  resolvePlatform,
} from './imagePrompts';

const TITLE = 'Build and Push Image';

async function pickRepository(deps: ImageCommandDeps): Promise<string> {
  await deps.ready;
  const repositories = await deps.ecr().listRepositories();
  const chosen = await vscode.window.showQuickPick(
    repositories.map((r) => ({ label: r.name, description: r.uri })),
    { title: 'Push Image Here', placeHolder: 'Push to which ECR repository?', ignoreFocusOut: true },
  );
  if (!chosen) throw new UserCancelledError();
  return chosen.label;
}

async function run(deps: ImageCommandDeps, dockerfileArg: unknown, repository?: string): Promise<void> {
  requireTrust();
  await deps.ready;
  const dockerfile = await resolveDockerfile(dockerfileArg, TITLE);
  const info = await readDockerfile(dockerfile);
  const target = await pickTarget(info, TITLE);
  const buildArgs = await askBuildArgs(dockerfile, info, deps.memory, TITLE);
  const platform = await resolvePlatform(TITLE);
  const repositoryName = repository ?? (await askRepositoryName(dockerfile, deps.memory, TITLE));
  const ecr = deps.ecr();
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
  const channel = deps.buildChannel();
  channel.show(true);
  const result = await withCancellableProgress(
    `ECS: Build and push ${path.basename(dockerfile.fsPath)}`,
    (report, signal) =>
      buildAndPush(
        { ecr, docker: () => connectDocker(resolveDockerEndpoint()) },
        {
          contextDir: path.dirname(dockerfile.fsPath),
          dockerfile: dockerfile.fsPath,
          repositoryName,
          ...(folder ? { workspaceFolder: folder.uri.fsPath } : {}),
          alsoLatest: true,
          buildArgs,
          platform,
          ...(target ? { target } : {}),
          labels: { 'org.opencontainers.image.source': vscode.workspace.asRelativePath(dockerfile) },
          confirmCreateRepository: async (name) => {
            const create = 'Create Repository';
            const answer = await vscode.window.showWarningMessage(
              `The ECR repository "${name}" does not exist. Create it?`,
              {
                modal: true,
                detail: 'It is created with scan on push, mutable tags and AES-256 encryption.',
              },
              create,
            );
            return answer === create ? { scanOnPush: true, tagMutability: 'MUTABLE' } : undefined;
          },
        },
        progressRenderer(channel, report, deps.redact, true),
        signal,
      ),
  );
  await deps.memory.setLastPushedImage(dockerfile, result.imageUri);
  deps.onPushed?.();
  channel.appendLine(`» Pushed ${result.taggedUri} → ${result.imageUri}`);
  const copy = 'Copy URI';
  const choice = await vscode.window.showInformationMessage(`Pushed ${result.imageUri}`, copy);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(result.imageUri);
    vscode.window.setStatusBarMessage(`Copied ${result.imageUri}`, 4000);
  }
}

/**
 * `ecsFargate.buildAndPushImage` (a Dockerfile from the explorer, the editor or a pick) and
 * `ecsFargate.pushImageToRepository` (a repository node of the Repositories view: the same job,
 * with that repository).
 */
export function registerBuildAndPushImage(deps: ImageCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('ecsFargate.buildAndPushImage', 'Building and pushing the image', deps, (arg?: unknown) =>
      run(deps, arg),
    ),
    registerCommand(
      'ecsFargate.pushImageToRepository',
      'Building and pushing the image',
      deps,
      async (node?: unknown) => {
        const name = node instanceof RepositoryNode ? node.repository.name : await pickRepository(deps);
        await run(deps, undefined, name);
      },
    ),
  );
}
