/**
 * The first-time questions of "ECS: Deploy": Dockerfile, task-definition file, container, ECR
 * repository, cluster (or a new one), then an existing service, a new one, or "run as a task". Choices:
 * - A question with one possible answer is not asked (one task-definition file, one container).
 * - A new service or a task gets the region's default VPC networking (its default subnets, the
 *   "default" security group, a public IP so Fargate can pull from ECR without a NAT gateway),
 *   shown for confirmation; ids can be typed instead. A new service has the deployment circuit
 *   breaker with rollback on (written in the file, so it can be turned off there).
 * - A load balancer is a target group ARN (the ELB gateway describes target groups by ARN); it is
 *   checked before saving: it must exist, use target type `ip` (Fargate tasks register by IP) and
 *   sit in the subnets' VPC.
 * - The target's name is derived (service name, else "<container> task"), unique in the file;
 *   rename it in the file if you like. Region and profile are those of the current connection
 *   (no profile for environment credentials).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repositoryNameFrom, repositoryNameProblem } from '../../aws/ecrGateway';
import { parseTaskDefinitionText } from '../../taskdef/normalize';
import { userCancelled } from '../../ui/errors';
import { pickFromListing, type PickItem } from '../../ui/pickers';
import {
  savedConnection,
  type DeployNetwork,
  type DeployTarget,
  type NewServiceSpec,
} from '../../workflows/deploy/deployTarget';
import { MAX_DESIRED_COUNT, MAX_RUN_TASK_COUNT } from '../../workflows/deploy/validateDeployTarget';
import { pickOrCreateCluster } from '../clusterPrompts';
import type { DeployCommandDeps } from './deployCommandDeps';
import { askNetwork, askLoadBalancer } from './deployNetworkPrompts';
import { resolveDockerfile } from '../image/imagePrompts';

export const WIZARD_TITLE = 'New Deploy Target';
const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,target,vendor}/**';
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Where the wizard was started from: a Dockerfile, or a service node. */
export interface WizardStart {
  readonly dockerfile?: vscode.Uri;
  readonly cluster?: string;
  readonly service?: string;
}

interface ContainerInfo {
  readonly name: string;
  readonly image?: string;
  readonly ports: number[];
}

async function pick<T extends vscode.QuickPickItem>(items: T[], placeHolder: string): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, {
    title: WIZARD_TITLE,
    placeHolder,
    ignoreFocusOut: true,
  });
  return chosen ?? userCancelled();
}

async function ask(prompt: string, value: string, check: (v: string) => string | undefined): Promise<string> {
  const answer = await vscode.window.showInputBox({
    title: WIZARD_TITLE,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => check(v.trim()),
  });
  return answer === undefined ? userCancelled() : answer.trim();
}

export function countProblem(text: string, min: number, max: number): string | undefined {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max ? undefined : `A whole number from ${min} to ${max}`;
}

function relativeInside(folder: vscode.WorkspaceFolder, file: vscode.Uri, what: string): string {
  const relative = path.relative(folder.uri.fsPath, file.fsPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(
      `The ${what} ${file.fsPath} is outside the workspace folder ${folder.name}: deploy targets use paths inside it.`,
    );
  }
  return relative.split(path.sep).join('/');
}

async function readJson(file: vscode.Uri): Promise<Record<string, unknown> | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    return text.includes('"containerDefinitions"')
      ? parseTaskDefinitionText(text, path.basename(file.fsPath))
      : undefined;
  } catch {
    return undefined; // not JSON (yet): not a task definition we can deploy
  }
}

/** The task-definition files of the folder: JSON files with containerDefinitions. */
async function pickTaskDefinitionFile(
  folder: vscode.WorkspaceFolder,
): Promise<{ uri: vscode.Uri; json: Record<string, unknown> }> {
  const files = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, '**/*.json'),
    EXCLUDE_GLOB,
    500,
  );
  const found: Array<{ uri: vscode.Uri; json: Record<string, unknown> }> = [];
  for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
    if (uri.path.includes('/.vscode/')) continue;
    const json = await readJson(uri);
    if (json) found.push({ uri, json });
  }
  if (found.length === 0) {
    throw new Error(
      `No task-definition file in ${folder.name}: create one with "ECS: New Task Definition…", then deploy again.`,
    );
  }
  if (found.length === 1 && found[0]) return found[0];
  const chosen = await pick(
    found.map((f) => ({
      label: vscode.workspace.asRelativePath(f.uri, false),
      description: typeof f.json.family === 'string' ? `family ${f.json.family}` : undefined,
      file: f,
    })),
    'Which task-definition file? (the deploy renders the new image into it)',
  );
  return chosen.file;
}

function containersOf(json: Record<string, unknown>): ContainerInfo[] {
  const list = Array.isArray(json.containerDefinitions) ? (json.containerDefinitions as unknown[]) : [];
  return list.flatMap((c) => {
    const def = c as { name?: unknown; image?: unknown; portMappings?: Array<{ containerPort?: unknown }> };
    if (typeof def.name !== 'string') return [];
    const ports = (def.portMappings ?? []).flatMap((p) =>
      typeof p.containerPort === 'number' ? [p.containerPort] : [],
    );
    return [{ name: def.name, ...(typeof def.image === 'string' ? { image: def.image } : {}), ports }];
  });
}

async function pickContainer(json: Record<string, unknown>, file: string): Promise<ContainerInfo> {
  const containers = containersOf(json);
  if (containers.length === 0)
    throw new Error(`${file} has no container with a name: add one, then deploy again.`);
  if (containers.length === 1 && containers[0]) return containers[0];
  const chosen = await pick(
    containers.map((c) => ({ label: c.name, description: c.image, container: c })),
    'Which container gets the new image?',
  );
  return chosen.container;
}

/** The repository named by an ECR image URI (`123.dkr.ecr.eu-west-1.amazonaws.com/web:1`), if any. */
export function repositoryOfImage(image: string | undefined): string | undefined {
  const match = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image ?? '');
  return match?.[1];
}

async function pickRepository(
  deps: DeployCommandDeps,
  folder: vscode.WorkspaceFolder,
  image?: string,
): Promise<string> {
  const preferred = repositoryOfImage(image);
  const chosen = await pickFromListing(
    WIZARD_TITLE,
    async (signal): Promise<Array<PickItem<string | undefined>>> => {
      const repositories = await deps.ecr().listRepositories(signal);
      const ordered = [...repositories].sort(
        (a, b) => Number(b.name === preferred) - Number(a.name === preferred),
      );
      return [
        { label: '$(add) New repository…', value: undefined },
        ...ordered.map((r) => ({
          label: r.name,
          description: r.name === preferred ? 'the image in the task definition' : r.uri,
          value: r.name,
        })),
      ];
    },
    'No ECR repositories.',
    { placeHolder: 'Push the image to which ECR repository?', ignoreFocusOut: true },
  );
  if (chosen) return chosen;
  return ask(
    'New ECR repository (created when the deploy first pushes, after you confirm)',
    preferred ?? repositoryNameFrom(folder.name) ?? '',
    repositoryNameProblem,
  );
}

type Rollout =
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'newService' }
  | { readonly kind: 'task' };

async function pickRollout(deps: DeployCommandDeps, cluster: string): Promise<Rollout> {
  return pickFromListing(
    WIZARD_TITLE,
    async (signal): Promise<Array<PickItem<Rollout>>> => {
      const services = await deps.ecs().listServices(cluster, signal);
      const existing = services.items
        .map((s) => s.serviceName ?? '')
        .sort()
        .map((service): PickItem<Rollout> => ({
          label: service,
          description: 'update this service',
          value: { kind: 'service', service },
        }));
      return [
        ...existing,
        { label: '$(add) Create a new service…', value: { kind: 'newService' } },
        { label: '$(play) Run as a task (no service)', value: { kind: 'task' } },
      ];
    },
    `No services in cluster ${cluster}.`,
    { placeHolder: `Deploy to which service of ${cluster}?`, ignoreFocusOut: true },
  );
}

function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base} ${i}`)) return `${base} ${i}`;
}

/** Asks the questions and returns the target (not saved yet: the caller writes the file). */
export async function promptNewTarget(
  deps: DeployCommandDeps,
  folder: vscode.WorkspaceFolder,
  start: WizardStart,
  takenNames: readonly string[],
): Promise<DeployTarget> {
  const connection = deps.connections.current;
  const dockerfileUri = start.dockerfile ?? (await resolveDockerfile(undefined, WIZARD_TITLE));
  const dockerfile = relativeInside(folder, dockerfileUri, 'Dockerfile');
  const taskDefinition = await pickTaskDefinitionFile(folder);
  const taskDefinitionFile = relativeInside(folder, taskDefinition.uri, 'task-definition file');
  const container = await pickContainer(taskDefinition.json, taskDefinitionFile);
  const repository = await pickRepository(deps, folder, container.image);
  const clusterChoice = start.cluster
    ? { name: start.cluster, created: false }
    : await pickOrCreateCluster(deps, { title: WIZARD_TITLE, placeHolder: 'Deploy to which cluster?' });
  const cluster = clusterChoice.name;
  const rollout: Rollout = start.service
    ? { kind: 'service', service: start.service }
    : await pickRollout(deps, cluster);

  let service: string | undefined;
  let runTask: DeployTarget['runTask'];
  let network: DeployNetwork | undefined;
  let createService: NewServiceSpec | undefined;
  if (rollout.kind === 'service') {
    service = rollout.service;
  } else if (rollout.kind === 'newService') {
    const family =
      typeof taskDefinition.json.family === 'string' ? taskDefinition.json.family : container.name;
    service = await ask('Name of the new service', family, (v) =>
      ECS_NAME.test(v) ? undefined : 'Up to 255 letters, digits, "-" and "_"',
    );
    const desiredCount = Number(
      await ask('How many tasks should the service run?', '1', (v) => countProblem(v, 0, MAX_DESIRED_COUNT)),
    );
    network = await askNetwork(deps, WIZARD_TITLE);
    const loadBalancer = await askLoadBalancer(deps, WIZARD_TITLE, network, container);
    createService = { desiredCount, circuitBreaker: true, ...(loadBalancer ? { loadBalancer } : {}) };
  } else {
    const count = Number(
      await ask('How many tasks to run?', '1', (v) => countProblem(v, 1, MAX_RUN_TASK_COUNT)),
    );
    runTask = { count };
    network = await askNetwork(deps, WIZARD_TITLE);
  }

  return {
    name: uniqueName(service ?? `${container.name} task`, takenNames),
    dockerfile,
    taskDefinitionFile,
    container: container.name,
    repository,
    cluster,
    ...(service ? { service } : {}),
    ...(runTask ? { runTask } : {}),
    ...(network ? { network } : {}),
    ...(createService ? { createService } : {}),
    ...(connection ? savedConnection(connection) : {}),
    // Clean Up may delete only what the extension created.
    ...(clusterChoice.created ? { created: { cluster: true } } : {}),
  };
}
