import * as path from 'node:path';
import * as vscode from 'vscode';
import { DOCKERFILE_GLOB, EXCLUDE_GLOB, isDockerfileName } from '../../docker/dockerfileNames';
import { userCancelled } from '../../ui/errors';
import { EXECUTION_ROLE_NAME } from '../../aws/iamGateway';
import { formatJson } from '../../taskdef/normalize';
import { ACCOUNT_ID_PLACEHOLDER } from '../../taskdef/rules/executionRole';
import { architectureOfHost, type DockerfileFacts, dockerfileFacts } from '../../docker/dockerfileFacts';
import {
  type CpuArchitecture,
  defaultEcrImage,
  defaultFamily,
  FAMILY_PATTERN,
  formatPorts,
  freeFileName,
  parsePorts,
  scaffoldTaskDefinition,
} from '../../taskdef/scaffold';
import { registerCommand } from '../../ui/runCommand';
import { ask, askHealthCheck, executionRoleArn, pick, sizeItems } from './newTaskDefinitionPrompts';
import type { TaskDefinitionCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator } from '../../ui/progress';

const STEPS = 7;
/** Without a connection the log group still needs a Region; the user can change it in the file. */
const FALLBACK_REGION = 'us-east-1';

interface Target {
  /** Where the file goes; undefined: no folder is open, the definition opens as an untitled file. */
  readonly folder?: vscode.Uri;
  readonly dockerfile?: vscode.Uri;
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

async function existingNames(folder: vscode.Uri): Promise<Set<string>> {
  try {
    return new Set((await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name));
  } catch {
    return new Set();
  }
}

/** The Dockerfile and folder: from the clicked file or folder, the active editor, or the workspace. */
async function resolveTarget(arg: unknown): Promise<Target> {
  if (arg instanceof vscode.Uri) {
    if (await isDirectory(arg)) {
      const names = await existingNames(arg);
      const dockerfile = [...names].find((n) => /^(dockerfile|containerfile)$/i.test(n));
      return { folder: arg, ...(dockerfile ? { dockerfile: vscode.Uri.joinPath(arg, dockerfile) } : {}) };
    }
    return {
      folder: vscode.Uri.joinPath(arg, '..'),
      ...(isDockerfileName(path.posix.basename(arg.path)) ? { dockerfile: arg } : {}),
    };
  }
  const active = vscode.window.activeTextEditor?.document;
  if (
    active &&
    active.uri.scheme === 'file' &&
    (active.languageId === 'dockerfile' || isDockerfileName(path.posix.basename(active.uri.path)))
  ) {
    return { folder: vscode.Uri.joinPath(active.uri, '..'), dockerfile: active.uri };
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return {};
  const found = await withBusyIndicator('ECS: Looking for Dockerfiles…', () =>
    vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, 50),
  );
  const only = found[0];
  if (found.length === 1 && only) return { folder: vscode.Uri.joinPath(only, '..'), dockerfile: only };
  type Item = vscode.QuickPickItem & { target: Target };
  const items: Item[] = found
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((uri) => ({
      label: vscode.workspace.asRelativePath(uri, folders.length > 1),
      description: 'Dockerfile',
      target: { folder: vscode.Uri.joinPath(uri, '..'), dockerfile: uri },
    }));
  for (const folder of folders) {
    items.push({
      label: folders.length > 1 ? folder.name : 'Workspace folder (no Dockerfile)',
      description: folders.length > 1 ? 'workspace folder, no Dockerfile' : folder.name,
      target: { folder: folder.uri },
    });
  }
  if (items.length === 1 && items[0]) return items[0].target;
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'New Task Definition: for which Dockerfile?',
    placeHolder: 'The file is written next to the Dockerfile',
    ignoreFocusOut: true,
  });
  return chosen?.target ?? userCancelled();
}

async function readFacts(dockerfile: vscode.Uri | undefined): Promise<DockerfileFacts | undefined> {
  if (!dockerfile) return undefined;
  try {
    return dockerfileFacts(Buffer.from(await vscode.workspace.fs.readFile(dockerfile)).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Resolves to undefined instead of rejecting: the answer is a default, not a requirement. */
function optional<T>(work: () => Promise<T>, onError: (error: unknown) => void): Promise<T | undefined> {
  return work().then(
    (value) => value,
    (error: unknown) => {
      onError(error);
      return undefined;
    },
  );
}

async function chooseFile(folder: vscode.Uri): Promise<vscode.Uri> {
  const existing = await existingNames(folder);
  const name = freeFileName(existing);
  if (name === 'task-definition.json') return vscode.Uri.joinPath(folder, name);
  const chosen = await ask({
    title: 'New Task Definition: file name',
    prompt: `task-definition.json exists in ${path.posix.basename(folder.path)} and is left as it is. Save the new one as:`,
    value: name,
    validateInput: (value) => {
      const trimmed = value.trim();
      if (!/^[^\\/:*?"<>|]+\.json$/i.test(trimmed)) return 'Enter a file name ending in .json.';
      if ([...existing].some((n) => n.toLowerCase() === trimmed.toLowerCase()))
        return `${trimmed} exists: choose another name.`;
      return undefined;
    },
  });
  return vscode.Uri.joinPath(folder, chosen.trim());
}

/** Writes the file only if it still does not exist (never overwrites). */
async function writeNew(uri: vscode.Uri, text: string): Promise<void> {
  try {
    await vscode.workspace.fs.stat(uri);
    throw new Error(`The file appeared while the questions were open; nothing was written: ${uri.fsPath}`);
  } catch (error) {
    if (!(error instanceof vscode.FileSystemError) || error.code !== 'FileNotFound') throw error;
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

/**
 * `ecsFargate.newTaskDefinition`: asks the few things that matter (family, container, image, ports,
 * size, architecture, health check) with defaults from the Dockerfile and the account, writes a
 * Fargate-ready task definition next to the Dockerfile (never over an existing file) and opens it.
 */
export function registerNewTaskDefinition(deps: TaskDefinitionCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.newTaskDefinition',
    'Creating the task definition',
    deps,
    async (arg?: unknown) => {
      const target = await resolveTarget(arg);
      const facts = await readFacts(target.dockerfile);
      await deps.ready;
      const region = deps.connections.current?.region ?? FALLBACK_REGION;
      // Asked in the background while the user answers the first questions.
      const account = optional(
        () => deps.accountId(),
        (error) => deps.logger.warn(`No account id for the image default: ${String(error)}`),
      );
      const step = (n: number) => `New Task Definition (${n}/${STEPS})`;
      const folderName = target.folder ? path.posix.basename(target.folder.path) : 'app';

      const family = (
        await ask({
          title: step(1),
          prompt: 'Family: the task definition’s name in ECS (letters, digits, _ and -)',
          value: defaultFamily(folderName),
          validateInput: (v) =>
            FAMILY_PATTERN.test(v.trim()) ? undefined : 'Use 1–255 letters, digits, underscores and hyphens.',
        })
      ).trim();

      const containerName = (
        await ask({
          title: step(2),
          prompt: 'Container name',
          value: family,
          validateInput: (v) =>
            FAMILY_PATTERN.test(v.trim()) ? undefined : 'Use 1–255 letters, digits, underscores and hyphens.',
        })
      ).trim();

      // The build-and-push feature supplies the last pushed URI; until then, the ECR repository named after the family.
      const { dockerfile } = target;
      const lastPushed = deps.lastPushedImage;
      const pushed =
        dockerfile && lastPushed
          ? await optional(
              () => lastPushed(dockerfile),
              (e) => deps.logger.warn(`No last pushed image: ${String(e)}`),
            )
          : undefined;
      const image = (
        await ask({
          title: step(3),
          prompt: pushed
            ? 'Image: the one last pushed from this Dockerfile'
            : 'Image URI (the ECR repository named after the family; push the image there before running the task)',
          value: pushed ?? defaultEcrImage(await account, region, family),
          validateInput: (v) =>
            v.trim() === '' || /\s/.test(v.trim()) ? 'Enter an image URI without spaces.' : undefined,
        })
      ).trim();

      const other = facts?.otherPorts.length
        ? ` (EXPOSE also has ${facts.otherPorts.join(' ')}, left out)`
        : '';
      const portsText = await ask({
        title: step(4),
        prompt: `Container ports, separated by commas; empty for none${facts ? ` — from the Dockerfile's EXPOSE${other}` : ''}`,
        value: facts ? formatPorts(facts.ports) : '8080',
        validateInput: (v) => {
          const parsed = parsePorts(v);
          return typeof parsed === 'string' ? parsed : undefined;
        },
      });
      const ports = parsePorts(portsText);
      if (typeof ports === 'string') throw new Error(ports);

      const size = await pick(sizeItems(), {
        title: step(5),
        placeHolder: 'Task size: CPU and memory (only the pairs Fargate accepts)',
        matchOnDescription: true,
      });

      const detected: CpuArchitecture = facts?.architecture ?? architectureOfHost(process.arch);
      const why = facts?.architecture
        ? `the Dockerfile's --platform ${facts.platform ?? ''}`
        : `images built on this machine (${process.arch})`;
      const archItems = (['X86_64', 'ARM64'] as const).map((a) => ({
        label: a,
        description:
          a === detected
            ? `matches ${why}`
            : a === 'ARM64'
              ? 'Graviton: cheaper per vCPU; the image must be built for arm64'
              : 'the image must be built for amd64',
        architecture: a,
      }));
      archItems.sort((a, b) => Number(b.architecture === detected) - Number(a.architecture === detected));
      const architecture = (
        await pick(archItems, { title: step(6), placeHolder: 'CPU architecture of the image' })
      ).architecture;

      const healthCheck = await askHealthCheck(step(7), facts, ports);

      const role = await executionRoleArn(deps, 'New Task Definition: execution role');
      const accountId = await account;
      // With the account known, a placeholder becomes the ARN the role has (or will have once created).
      const executionRoleArnValue = accountId
        ? role.arn.replace(ACCOUNT_ID_PLACEHOLDER, accountId)
        : role.arn;

      const text = formatJson(
        scaffoldTaskDefinition({
          family,
          containerName,
          image,
          ports,
          cpu: size.cpu ?? 256,
          memory: size.memory ?? 512,
          architecture,
          region,
          executionRoleArn: executionRoleArnValue,
          healthCheck,
        }),
      );

      let uri: vscode.Uri;
      if (target.folder) {
        uri = await chooseFile(target.folder);
        await writeNew(uri, text);
      } else {
        const untitled = await vscode.workspace.openTextDocument({ language: 'json', content: text });
        uri = untitled.uri;
      }
      await vscode.window.showTextDocument(uri);
      deps.logger.info(`Wrote the task definition ${family} to ${uri.toString(true)}`);

      if (text.includes(ACCOUNT_ID_PLACEHOLDER)) {
        void vscode.window.showInformationMessage(
          `Replace ${ACCOUNT_ID_PLACEHOLDER} with your AWS account id before registering (the account could not be read): ${path.posix.basename(uri.path)}`,
        );
      } else if (role.missing) {
        void vscode.window.showInformationMessage(
          `Create ${EXECUTION_ROLE_NAME} before running the task ("ECS: Create Task Execution Role…"); the file already names it: ${executionRoleArnValue}`,
        );
      }
      return uri;
    },
  );
}
