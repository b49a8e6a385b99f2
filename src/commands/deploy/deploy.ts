/**
 * `ecsFargate.deploy` ("ECS: Deploy…"): from the palette, a Dockerfile (explorer, editor title) or
 * a service node ("Deploy New Image…"). Picks the saved target, or asks for a new one and saves it
 * in `.vscode/ecs-deploy.json`, then runs the deploy pipeline (workflows/deploy/deploy.ts) in one
 * cancellable notification and the "ECS: Deploy" output channel. Choosing the target:
 * - the targets that fit where the command was run (the Dockerfile's, the service's; all of them
 *   from the palette); one fits → it is deployed; several → a quick pick, last used first, with
 *   "New deploy target…"; none → the wizard, which ends by adding the target to the file.
 * - a file that does not parse or validate stops here with its line ("Open File"): it is never
 *   rewritten.
 * Needs a trusted workspace: a deploy builds the Dockerfile (its RUN steps run on the engine).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { deployReporter, writeDeploySummary } from '../../ui/deployProgress';
import { registerDeployPlanDocuments } from '../../ui/deployDiff';
import { userCancelled } from '../../ui/errors';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import { runDeploy } from '../../workflows/deploy/deploy';
import {
  DeployFileError,
  deployFilePath,
  editDeployFile,
  readDeployFile,
  upsertTarget,
} from '../../workflows/deploy/deployFile';
import type { DeployTarget } from '../../workflows/deploy/deployTarget';
import { confirmChange, confirmConnection } from './deployConfirm';
import { notifyHookAwaiting } from './hookNotification';
import type { DeployCommandDeps } from './deployCommandDeps';
import { showDeployResult } from './deployOutcome';
import { promptNewTarget, type WizardStart } from './deployTargetPrompts';
import { confirmCreateRepository } from '../image/createRepositoryPrompts';
import { requireTrust } from '../image/imagePrompts';

function startOf(arg: unknown): WizardStart {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return { dockerfile: arg };
  if (arg instanceof ServiceNode) return { cluster: arg.clusterName, service: arg.name };
  return {};
}

async function workspaceFolder(start: WizardStart): Promise<vscode.WorkspaceFolder> {
  const own = start.dockerfile && vscode.workspace.getWorkspaceFolder(start.dockerfile);
  if (own) return own;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0)
    throw new Error('Deploy needs an open folder: open the folder with your Dockerfile first.');
  if (folders.length === 1 && folders[0]) return folders[0];
  return (
    (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Deploy from which folder?' })) ??
    userCancelled()
  );
}

function fits(target: DeployTarget, start: WizardStart, root: string): boolean {
  if (start.dockerfile) return path.resolve(root, target.dockerfile) === start.dockerfile.fsPath;
  if (start.service) return target.cluster === start.cluster && target.service === start.service;
  return true;
}

const recentKey = (root: string) => `ecsFargate.deploy.recent:${root}`;

async function pickTarget(
  deps: DeployCommandDeps,
  root: string,
  candidates: readonly DeployTarget[],
): Promise<DeployTarget | undefined> {
  // undefined: "New deploy target…"
  const recent = deps.state.get<string[]>(recentKey(root)) ?? [];
  const rank = (t: DeployTarget) => (recent.includes(t.name) ? recent.indexOf(t.name) : recent.length);
  const ordered = [...candidates].sort((a, b) => rank(a) - rank(b));
  const chosen = await vscode.window.showQuickPick(
    [
      ...ordered.map((t, i) => ({
        label: t.name,
        description: `${t.service ? `${t.cluster} / ${t.service}` : `${t.cluster} (task)`} · ${t.repository}`,
        detail: `${t.dockerfile} → ${t.taskDefinitionFile} (${t.container})${i === 0 && recent.includes(t.name) ? ' · last deployed' : ''}`,
        target: t,
      })),
      { label: '$(add) New deploy target…', target: undefined },
    ],
    { title: 'ECS: Deploy', placeHolder: 'Deploy which target?', ignoreFocusOut: true },
  );
  return chosen ? chosen.target : userCancelled();
}

/** A malformed file: say where, offer to open it there; never rewrite it. */
async function reportFileError(root: string, error: DeployFileError): Promise<void> {
  const choice = await vscode.window.showErrorMessage(error.message, 'Open File');
  if (choice !== 'Open File') return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(deployFilePath(root)));
  const line = Math.max(0, error.line - 1);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0) });
}

async function chooseTarget(
  deps: DeployCommandDeps,
  folder: vscode.WorkspaceFolder,
  start: WizardStart,
): Promise<DeployTarget> {
  const root = folder.uri.fsPath;
  const { targets } = await readDeployFile(root);
  const candidates = targets.filter((t) => fits(t, start, root));
  const chosen =
    candidates.length === 1 && candidates[0]
      ? candidates[0]
      : candidates.length > 1
        ? await pickTarget(deps, root, candidates)
        : undefined;
  return chosen ?? addTarget(deps, folder, start, targets);
}

/** The wizard, then the new target added to the file (comments and other targets kept). */
async function addTarget(
  deps: DeployCommandDeps,
  folder: vscode.WorkspaceFolder,
  start: WizardStart,
  existing: readonly DeployTarget[],
): Promise<DeployTarget> {
  const root = folder.uri.fsPath;
  const target = await promptNewTarget(
    deps,
    folder,
    start,
    existing.map((t) => t.name),
  );
  await editDeployFile(root, (text) => upsertTarget(text, target));
  vscode.window.setStatusBarMessage(
    `Saved deploy target "${target.name}" in ${vscode.workspace.asRelativePath(deployFilePath(root))}`,
    5000,
  );
  return target;
}

/** Runs `choose` and reports a malformed deploy file with its line (undefined then). */
async function withDeployFile(
  root: string,
  choose: () => Promise<DeployTarget>,
): Promise<DeployTarget | undefined> {
  try {
    return await choose();
  } catch (error) {
    if (!DeployFileError.is(error)) throw error;
    await reportFileError(root, error);
    return undefined;
  }
}

async function deploy(deps: DeployCommandDeps, arg: unknown): Promise<void> {
  requireTrust();
  await deps.ready;
  const start = startOf(arg);
  const folder = await workspaceFolder(start);
  const target = await withDeployFile(folder.uri.fsPath, () => chooseTarget(deps, folder, start));
  if (target) await deployTarget(deps, folder.uri.fsPath, target);
}

/**
 * `ecsFargate.newDeployTarget`: the wizard even when targets exist (one command deploys a lone
 * target without asking, so this is how a second one for the same Dockerfile is made), then
 * "Deploy Now" or later.
 */
async function newDeployTarget(deps: DeployCommandDeps, arg: unknown): Promise<void> {
  requireTrust();
  await deps.ready;
  const start = startOf(arg);
  const folder = await workspaceFolder(start);
  const root = folder.uri.fsPath;
  const target = await withDeployFile(root, async () =>
    addTarget(deps, folder, start, (await readDeployFile(root)).targets),
  );
  if (!target) return;
  const now = 'Deploy Now';
  const choice = await vscode.window.showInformationMessage(
    `Saved the deploy target "${target.name}" in ${vscode.workspace.asRelativePath(deployFilePath(root))}.`,
    now,
  );
  if (choice === now) await deployTarget(deps, root, target);
}

async function deployTarget(deps: DeployCommandDeps, root: string, target: DeployTarget): Promise<void> {
  await confirmConnection(deps, target);
  const recent = deps.state.get<string[]>(recentKey(root)) ?? [];
  await deps.state.update(
    recentKey(root),
    [target.name, ...recent.filter((n) => n !== target.name)].slice(0, 20),
  );

  const pipeline = deps.pipeline();
  const region = deps.connections.current?.region;
  const channel = deps.channel();
  channel.show(true);
  channel.appendLine(
    `» Deploy "${target.name}" at ${new Date().toLocaleString()} (${region ?? 'no region'})`,
  );
  const result = await withCancellableProgress(`ECS: Deploying ${target.name}`, (report, signal) =>
    runDeploy(
      {
        target,
        workspaceRoot: root,
        updateTaskDefinitionFile: target.updateTaskDefinitionFile === true,
        confirm: (change) => confirmChange(deps, change),
        confirmCreateRepository: (name) => confirmCreateRepository(name, region),
        deployFileHasUnsavedChanges: () =>
          vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.fsPath === deployFilePath(root)),
        onHookAwaiting: (hook) => notifyHookAwaiting(deps, target.service ?? target.name, hook),
      },
      pipeline,
      deployReporter({ channel, report, redact: deps.redact }),
      signal,
    ),
  );
  writeDeploySummary(channel, result, deps.redact);
  await showDeployResult(deps, target, result);
}

export function registerDeploy(deps: DeployCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerDeployPlanDocuments(deps.planDocuments),
    registerCommand('ecsFargate.deploy', 'Deploying', deps, (arg?: unknown) => deploy(deps, arg)),
    // The service node's "Deploy New Image…": the same command under the title the menu shows.
    registerCommand('ecsFargate.deployNewImage', 'Deploying', deps, (arg?: unknown) => deploy(deps, arg)),
    registerCommand('ecsFargate.newDeployTarget', 'Creating a deploy target', deps, (arg?: unknown) =>
      newDeployTarget(deps, arg),
    ),
  );
}
