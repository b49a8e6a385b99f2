/**
 * The questions the build commands ask: which Dockerfile, which stage, which build args (remembered
 * per Dockerfile), which platform (from a task definition's runtimePlatform in the workspace, else
 * Fargate's default linux/amd64), which repository, which tag (and whether `latest` too).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repositoryNameFrom, repositoryNameProblem } from '../../aws/ecrGateway';
import {
  formatBuildArgs,
  parseBuildArgs,
  parseDockerfile,
  type DockerfileInfo,
} from '../../docker/dockerfile';
import { DOCKERFILE_GLOB, EXCLUDE_GLOB, isDockerfileName } from '../../docker/dockerfileNames';
import { userCancelled } from '../../ui/errors';
import { tagProblem } from '../../docker/imagePusher';
import { DEFAULT_PLATFORM, defaultImageTag } from '../../workflows/buildAndPush';
import type { ImageMemory } from './imageCommandDeps';

const TASK_DEFINITION_GLOB = '**/{*task-definition*.json,*taskdef*.json,*task-def*.json,.aws/*.json}';

/** Build commands run the workspace's Dockerfile (RUN steps): only in a trusted workspace. */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(
      "Building runs the Dockerfile's commands, so it needs a trusted workspace: trust this folder first.",
    );
  }
}

/** The Dockerfile: the clicked file, the active editor's, or one picked from the workspace. */
export async function resolveDockerfile(arg: unknown, title: string): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (
    active?.uri.scheme === 'file' &&
    (active.languageId === 'dockerfile' || isDockerfileName(path.basename(active.uri.fsPath)))
  ) {
    return active.uri;
  }
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, 50);
  if (found.length === 0)
    throw new Error('No Dockerfile in this workspace: open a folder with a Dockerfile or Containerfile.');
  if (found.length === 1 && found[0]) return found[0];
  const chosen = await vscode.window.showQuickPick(
    found
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'Which Dockerfile?', ignoreFocusOut: true },
  );
  return chosen?.uri ?? userCancelled();
}

export async function readDockerfile(uri: vscode.Uri): Promise<DockerfileInfo> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return parseDockerfile(Buffer.from(bytes).toString('utf8'));
}

/** The target stage when there are several (the last one, Docker's default, comes first). */
export async function pickTarget(info: DockerfileInfo, title: string): Promise<string | undefined> {
  if (info.stages.length < 2) return undefined;
  const stages = [...info.stages].reverse();
  const items = stages.map((s, i) => ({
    label: s.name ?? `stage ${s.index}`,
    description: `FROM ${s.baseImage}${i === 0 ? ' · the default (last stage)' : ''}`,
    target: i === 0 ? undefined : (s.name ?? String(s.index)),
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Build which stage?',
    ignoreFocusOut: true,
  });
  return chosen ? chosen.target : userCancelled();
}

/** Asks for the declared ARGs' values (remembered per Dockerfile); nothing when none is declared. */
export async function askBuildArgs(
  dockerfile: vscode.Uri,
  info: DockerfileInfo,
  memory: ImageMemory,
  title: string,
): Promise<Record<string, string>> {
  const declared = [...new Set(info.args.map((a) => a.name))];
  if (declared.length === 0) return {};
  const remembered = memory.buildArgs(dockerfile) ?? {};
  const initial: Record<string, string> = {};
  for (const name of declared) if (remembered[name] !== undefined) initial[name] = remembered[name];
  const text = await vscode.window.showInputBox({
    title,
    prompt: `Build args, as NAME=value separated by spaces (declared: ${declared.join(', ')}). Empty: the Dockerfile's defaults.`,
    value: formatBuildArgs(initial),
    ignoreFocusOut: true,
  });
  if (text === undefined) userCancelled();
  const args = parseBuildArgs(text);
  await memory.setBuildArgs(dockerfile, args);
  return args;
}

/** The platform: the runtimePlatform of a task definition in the workspace, else linux/amd64. */
export async function resolvePlatform(title: string): Promise<string> {
  const files = await vscode.workspace.findFiles(TASK_DEFINITION_GLOB, EXCLUDE_GLOB, 50);
  const platforms = new Map<string, string>();
  for (const file of files) {
    try {
      const json = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8')) as {
        runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string };
        family?: string;
      };
      const arch = json.runtimePlatform?.cpuArchitecture;
      if (!arch) continue;
      const os = (json.runtimePlatform?.operatingSystemFamily ?? 'LINUX').startsWith('WINDOWS')
        ? 'windows'
        : 'linux';
      const platform = `${os}/${arch.toUpperCase() === 'ARM64' ? 'arm64' : 'amd64'}`;
      if (!platforms.has(platform)) platforms.set(platform, vscode.workspace.asRelativePath(file));
    } catch {
      // Not JSON yet (being edited): it says nothing about the platform.
    }
  }
  if (platforms.size === 0) return DEFAULT_PLATFORM;
  if (platforms.size === 1) return [...platforms.keys()][0] ?? DEFAULT_PLATFORM;
  const chosen = await vscode.window.showQuickPick(
    [...platforms].map(([platform, file]) => ({
      label: platform,
      description: `runtimePlatform in ${file}`,
    })),
    { title, placeHolder: 'The task definitions disagree: build for which platform?', ignoreFocusOut: true },
  );
  return chosen?.label ?? userCancelled();
}

/** The repository name: remembered for the Dockerfile, else derived from the workspace folder. */
export async function askRepositoryName(
  dockerfile: vscode.Uri,
  memory: ImageMemory,
  title: string,
): Promise<string> {
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
  const derived = repositoryNameFrom(path.basename(folder?.uri.fsPath ?? path.dirname(dockerfile.fsPath)));
  const value = memory.repositoryName(dockerfile) ?? derived ?? '';
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'ECR repository (created after you confirm, when it does not exist)',
    value,
    ignoreFocusOut: true,
    validateInput: (v) => repositoryNameProblem(v.trim()),
  });
  if (name === undefined) userCancelled();
  await memory.setRepositoryName(dockerfile, name.trim());
  return name.trim();
}

/**
 * The tag: an input prefilled with the default (the git short sha, `-dirty` with uncommitted
 * changes, a UTC timestamp outside git), then whether to also push `latest` (yes first).
 */
export async function askImageTags(
  contextDir: string,
  title: string,
): Promise<{ tag: string; alsoLatest: boolean }> {
  const suggested = await defaultImageTag(contextDir);
  const text = await vscode.window.showInputBox({
    title,
    prompt:
      'Image tag (default: the git short sha, with "-dirty" for uncommitted changes; a timestamp outside git)',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => tagProblem(v.trim()),
  });
  if (text === undefined) userCancelled();
  const tag = text.trim();
  if (tag === 'latest') return { tag, alsoLatest: false };
  const chosen = await vscode.window.showQuickPick(
    [
      { label: `${tag} and latest`, description: 'also move latest to this image', alsoLatest: true },
      { label: `${tag} only`, description: 'leave latest where it is', alsoLatest: false },
    ],
    { title, placeHolder: 'Also tag the image latest?', ignoreFocusOut: true },
  );
  return chosen ? { tag, alsoLatest: chosen.alsoLatest } : userCancelled();
}
