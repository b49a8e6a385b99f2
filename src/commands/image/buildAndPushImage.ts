import * as path from 'node:path';
import * as vscode from 'vscode';
import { RepositoryNode } from '../../repositories/nodes/repositoryNodes';
import { UserCancelledError } from '../../ui/errors';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import { buildAndPush, type BuildAndPushResult } from '../../workflows/buildAndPush';
import { describeScan } from '../../workflows/imageScan';
import { confirmCreateRepository } from './createRepositoryPrompts';
import type { ImageCommandDeps } from './imageCommandDeps';
import { progressRenderer } from './imageProgress';
import {
  askBuildArgs,
  askImageTags,
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
  const { tag, alsoLatest } = await askImageTags(path.dirname(dockerfile.fsPath), TITLE);
  const region = deps.connections.current?.region;
  const ecr = deps.ecr();
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
  const channel = deps.buildChannel();
  channel.show(true);
  const result = await withCancellableProgress(
    `ECS: Build and push ${path.basename(dockerfile.fsPath)}`,
    (report, signal) =>
      buildAndPush(
        { ecr, docker: deps.docker },
        {
          contextDir: path.dirname(dockerfile.fsPath),
          dockerfile: dockerfile.fsPath,
          repositoryName,
          ...(folder ? { workspaceFolder: folder.uri.fsPath } : {}),
          tag,
          alsoLatest,
          buildArgs,
          platform,
          ...(target ? { target } : {}),
          labels: { 'org.opencontainers.image.source': vscode.workspace.asRelativePath(dockerfile) },
          confirmCreateRepository: (name) => confirmCreateRepository(name, region),
        },
        progressRenderer(channel, report, deps.redact, true),
        signal,
      ),
  );
  await deps.memory.setLastPushedImage(dockerfile, result.imageUri);
  deps.onPushed?.();
  channel.appendLine(`» Pushed ${result.taggedUri} → ${result.imageUri}`);
  await showPushed(result);
}

/** The final notification: the image, the scan's counts (or state), Copy URI and Open in Console. */
async function showPushed(result: BuildAndPushResult): Promise<void> {
  const copy = 'Copy URI';
  const open = 'Open in Console';
  const scan = result.scan;
  const message = scan ? `Pushed ${result.imageUri}. ${describeScan(scan)}` : `Pushed ${result.imageUri}`;
  const buttons = scan ? [copy, open] : [copy];
  const warn = scan && (scan.outcome === 'failed' || (scan.findingSeverityCounts.CRITICAL ?? 0) > 0);
  const choice = warn
    ? await vscode.window.showWarningMessage(message, ...buttons)
    : await vscode.window.showInformationMessage(message, ...buttons);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(result.imageUri);
    vscode.window.setStatusBarMessage(`Copied ${result.imageUri}`, 4000);
  } else if (choice === open && scan) {
    await vscode.env.openExternal(vscode.Uri.parse(scan.consoleUrl, true));
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
