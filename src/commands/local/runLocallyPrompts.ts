/**
 * The questions Run Locally asks: which task definition (the argument, the active editor, or a
 * file pick), whether to remove what earlier local tasks left behind, and what to do when the task
 * role cannot be assumed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RevisionNode } from '../../taskDefinitions/nodes/revisionNode';
import { parseTaskDefinitionText, toJson, type JsonObject } from '../../taskdef/normalize';
import { looksLikeTaskDefinition } from '../../taskdef/validateTaskDefinition';
import { UserCancelledError } from '../../ui/errors';
import { findLeftovers, isEmpty, removeLeftovers } from '../../workflows/local/localLabels';
import { buildLocalTarget } from '../../workflows/local/deployTargetSource';
import { readDeployFile } from '../../workflows/deploy/deployFile';
import type { DeployTarget } from '../../workflows/deploy/deployTarget';
import { withCancellableProgress } from '../../ui/progress';
import { describeSecret, type SecretsPlan } from '../../workflows/local/secrets/resolveSecrets';
import type { LocalCommandDeps } from './localCommandDeps';

export interface LocalSource {
  readonly taskDefinition: JsonObject;
  readonly text?: string;
  readonly label: string;
  readonly baseDir?: string;
  readonly revision?: number;
}

async function fromFile(uri: vscode.Uri): Promise<LocalSource> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty && !document.isUntitled) await document.save();
  const text = document.getText();
  const name = path.basename(uri.fsPath);
  return {
    taskDefinition: parseTaskDefinitionText(text, name),
    text,
    label: vscode.workspace.asRelativePath(uri),
    baseDir: path.dirname(uri.fsPath),
  };
}

type Picked = { uri: vscode.Uri } | { target: DeployTarget; root: string };

/** A task-definition file, or a deploy target (built first, as Deploy does). */
async function pickSource(): Promise<Picked> {
  const files = await vscode.workspace.findFiles(
    '**/*{task-definition,taskdef,task-def}*.json',
    '**/node_modules/**',
    200,
  );
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const targets = root ? ((await readDeployFile(root).catch(() => undefined))?.targets ?? []) : [];
  const items = [
    ...targets.map((target) => ({
      label: `$(rocket) ${target.name}`,
      description: `deploy target: builds ${target.dockerfile}, runs ${target.taskDefinitionFile}`,
      source: { target, root: root ?? '' },
    })),
    ...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), source: { uri } })),
  ];
  if (items.length === 1 && items[0]) return items[0].source;
  const choice = await vscode.window.showQuickPick(items, {
    title: 'Run Locally: which task definition?',
    ...(items.length ? {} : { placeHolder: 'No task-definition files or deploy targets in the workspace' }),
  });
  if (!choice) throw new UserCancelledError();
  return choice.source;
}

async function fromTarget(deps: LocalCommandDeps, target: DeployTarget, root: string): Promise<LocalSource> {
  const channel = deps.channel();
  channel.show(true);
  const built = await withCancellableProgress(
    `Run Locally: building ${target.dockerfile}`,
    (report, signal) =>
      buildLocalTarget(
        deps.docker(),
        root,
        target,
        {
          onStep: (step) => report(`Step ${step.current}/${step.total}: ${step.instruction}`),
          onOutput: (text) => channel.append(deps.redact(text)),
        },
        signal,
      ),
  );
  channel.appendLine(
    `Built ${built.image} for container ${target.container} of deploy target ${target.name}.`,
  );
  return {
    taskDefinition: built.taskDefinition,
    text: built.text,
    label: `${target.name} (deploy target)`,
    baseDir: built.baseDir,
  };
}

export async function localSourceOf(
  deps: LocalCommandDeps,
  arg: unknown,
  signal?: AbortSignal,
): Promise<LocalSource> {
  if (arg instanceof vscode.Uri) return fromFile(arg);
  if (arg instanceof RevisionNode) {
    const { taskDefinition } = await deps.taskDefinitions().describe(arg.arn, signal);
    return {
      taskDefinition: (toJson(taskDefinition) ?? {}) as JsonObject,
      label: `${arg.ref.family}:${arg.ref.revision}`,
      revision: arg.ref.revision,
    };
  }
  const editor = vscode.window.activeTextEditor;
  if (
    editor &&
    editor.document.languageId.startsWith('json') &&
    looksLikeTaskDefinition(editor.document.fileName, editor.document.getText())
  ) {
    return fromFile(editor.document.uri);
  }
  const picked = await pickSource();
  return 'uri' in picked ? fromFile(picked.uri) : fromTarget(deps, picked.target, picked.root);
}

/** Offers to remove the containers and networks of local tasks a crash left behind. */
export async function offerLeftoverRemoval(deps: LocalCommandDeps): Promise<void> {
  const docker = deps.docker();
  const leftovers = await findLeftovers(docker, deps.registry.activeIds());
  if (isEmpty(leftovers)) return;
  const remove = 'Remove Them';
  const answer = await vscode.window.showWarningMessage(
    `Earlier local tasks left ${leftovers.containers.length} container(s) and ${leftovers.networks.length} network(s) on Docker (VS Code closed or crashed while they ran). Remove them?`,
    { detail: leftovers.containers.map((c) => `${c.name} (${c.state})`).join(', ') },
    remove,
    'Keep',
  );
  if (answer === remove) {
    await removeLeftovers(docker, leftovers);
    deps.logger.info(`Removed the leftovers of local tasks ${leftovers.taskIds.join(', ')}`);
  }
}

/** Asks what to do when the task role cannot be assumed: run without credentials, or stop here. */
export async function confirmWithoutCredentials(message: string): Promise<void> {
  const run = 'Run Without Task Role Credentials';
  const answer = await vscode.window.showWarningMessage(message, { modal: true }, run);
  if (answer !== run) throw new UserCancelledError();
}

/** Lists the secrets about to be read from AWS with the user's profile (names and sources, never values). */
export async function confirmSecrets(plan: SecretsPlan): Promise<boolean> {
  const fetch = 'Fetch and Run';
  const local = plan.fromLocalFile.length
    ? ` (${plan.fromLocalFile.length} more from the local secrets file)`
    : '';
  const answer = await vscode.window.showWarningMessage(
    `Run Locally reads ${plan.fromAws.length} secret(s) from AWS with your profile${local}; the values go only into the containers' environment, never to a log or a file.`,
    { modal: true, detail: plan.fromAws.map(describeSecret).join('\n') },
    fetch,
  );
  return answer === fetch;
}
