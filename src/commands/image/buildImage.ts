import * as path from 'node:path';
import * as vscode from 'vscode';
import { verifyPlatform } from '../../docker/imageBuilder';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import { defaultImageTag } from '../../workflows/buildAndPush';
import type { ImageCommandDeps } from './imageCommandDeps';
import { progressRenderer } from './imageProgress';
import {
  askBuildArgs,
  pickTarget,
  readDockerfile,
  requireTrust,
  resolveDockerfile,
  resolvePlatform,
} from './imagePrompts';

const TITLE = 'Build Image';

/** `ecsFargate.buildImage`: builds a Dockerfile locally (its folder is the context), for the task's platform. */
export function registerBuildImage(deps: ImageCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.buildImage', 'Building the image', deps, async (arg?: unknown) => {
    requireTrust();
    const dockerfile = await resolveDockerfile(arg, TITLE);
    const info = await readDockerfile(dockerfile);
    const target = await pickTarget(info, TITLE);
    const buildArgs = await askBuildArgs(dockerfile, info, deps.memory, TITLE);
    const platform = await resolvePlatform(TITLE);
    const contextDir = path.dirname(dockerfile.fsPath);
    const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
    const name =
      path
        .basename(folder?.uri.fsPath ?? contextDir)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-') || 'image';
    const channel = deps.buildChannel();
    channel.show(true);
    const image = await withCancellableProgress(
      `ECS: Building ${path.basename(dockerfile.fsPath)}`,
      async (report, signal) => {
        const render = progressRenderer(channel, report, deps.redact, false);
        const docker = deps.docker();
        render({ kind: 'phase', phase: 'connect', message: `Docker: ${docker.description}` });
        const tag = await defaultImageTag(contextDir, signal);
        const built = await docker.build(
          {
            contextDir,
            dockerfile: dockerfile.fsPath,
            tags: [`${name}:${tag}`],
            buildArgs,
            platform,
            ...(target ? { target } : {}),
          },
          {
            onStep: (step) => render({ kind: 'step', step }),
            onOutput: (text) => render({ kind: 'output', text }),
          },
          signal,
        );
        verifyPlatform(built, platform);
        return built;
      },
    );
    channel.appendLine(`» Built ${image.tags.join(', ')} (${image.platform}): ${image.imageId}`);
    void vscode.window.showInformationMessage(
      `Built ${image.tags[0] ?? image.imageId} for ${image.platform}.`,
    );
  });
}
