import * as path from 'node:path';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { parseTaskDefinitionText } from '../../taskdef/normalize';
import type { Problem } from '../../taskdef/problems';
import { positionAt } from '../../taskdef/problems';
import { blockingProblems } from '../../taskdef/blockingProblems';
import { looksLikeTaskDefinition } from '../../taskdef/validateTaskDefinition';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import { describeLogGroupOutcome } from '../../workflows/logGroups';
import { registerWithLogGroups } from '../../workflows/registerWithLogGroups';
import type { TaskDefinitionCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator, withUncancellableProgress } from '../../ui/progress';

const NAME_GLOB = '**/*{task-definition,taskdef,task-def,taskDefinition}*.json';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';
/** Errors listed in the refusal; the rest are in the Problems panel. */
const MAX_LISTED = 8;
const COPY_ARN = 'Copy ARN';

function isJson(document: vscode.TextDocument): boolean {
  return (
    document.languageId === 'json' || document.languageId === 'jsonc' || /\.json$/i.test(document.uri.path)
  );
}

/** The file to register: the clicked one, the active editor's task definition, or one picked from the workspace. */
async function documentFor(arg: unknown, deps: TaskDefinitionCommandDeps): Promise<vscode.TextDocument> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  const activeGlobs = active ? deps.settings.taskDefinitionFiles(active.uri) : [];
  if (active && isJson(active) && looksLikeTaskDefinition(active.uri.path, active.getText(), activeGlobs))
    return active;
  const globs = deps.settings.taskDefinitionFiles();
  const found = await withBusyIndicator('ECS: Looking for task definitions…', async () => {
    const lists = await Promise.all(
      [NAME_GLOB, ...globs].map((g) => vscode.workspace.findFiles(g, EXCLUDE_GLOB, 200)),
    );
    const unique = new Map(lists.flat().map((u) => [u.toString(), u]));
    return [...unique.values()].sort((a, b) => a.path.localeCompare(b.path));
  });
  if (found.length === 0) {
    throw new Error(
      'No task definition file found. Open one (a JSON file with containerDefinitions), or create one with "ECS: New Task Definition".',
    );
  }
  const chosen = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Register which task definition?', ignoreFocusOut: true },
  );
  if (!chosen) throw new UserCancelledError();
  return vscode.workspace.openTextDocument(chosen.uri);
}

function line(text: string, problem: Problem): string {
  return `Line ${positionAt(text, problem.offset).line + 1}: ${problem.message}`;
}

/** Refuses with the list of errors; "Go to First Error" selects it in the editor. */
async function refuse(
  document: vscode.TextDocument,
  name: string,
  text: string,
  errors: readonly Problem[],
): Promise<void> {
  const listed = errors.slice(0, MAX_LISTED).map((p) => line(text, p));
  if (errors.length > MAX_LISTED)
    listed.push(`…and ${errors.length - MAX_LISTED} more (see the Problems panel).`);
  const go = 'Go to First Error';
  const choice = await vscode.window.showErrorMessage(
    `${name} was not registered: fix ${errors.length === 1 ? 'this error' : `these ${errors.length} errors`} first.`,
    { modal: true, detail: listed.join('\n') },
    go,
  );
  const first = errors[0];
  if (choice === go && first) {
    const start = document.positionAt(first.offset);
    await vscode.window.showTextDocument(document, {
      selection: new vscode.Range(start, document.positionAt(first.offset + first.length)),
    });
  }
}

/**
 * `ecsFargate.registerTaskDefinition`: validates the file first (the Fargate rules and the schema)
 * and refuses on errors, listing them; else registers it, shows the new `family:revision` and hands
 * it to `onRegistered` (the Task Definitions view reveals it).
 */
export function registerRegisterTaskDefinition(deps: TaskDefinitionCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.registerTaskDefinition',
    'Registering the task definition',
    deps,
    async (arg?: unknown) => {
      const document = await documentFor(arg, deps);
      const name = path.posix.basename(document.uri.path);
      // What is registered is what the editor shows; save it so the file on disk says the same.
      if (document.isDirty && !document.isUntitled) await document.save();
      const text = document.getText();
      const errors = blockingProblems(text, (message) => deps.logger.warn(message));
      if (errors.length > 0) {
        await refuse(document, name, text, errors);
        return undefined;
      }
      const input = parseTaskDefinitionText(text, name) as unknown as RegisterTaskDefinitionCommandInput;
      await deps.ready;
      const gateway = deps.taskDefinitions();
      const family = input.family ?? name;
      // One request, and not cancellable on purpose: once sent, aborting cannot stop ECS from
      // registering the revision, and a "cancelled" that registered anyway would be a lie.
      const { registered, logGroups } = await withUncancellableProgress(`Registering ${family}`, () =>
        registerWithLogGroups(input, {
          taskDefinitions: gateway,
          logs: deps.logs(),
          retentionDays: deps.settings.logRetentionDays(),
        }),
      );
      const label = `${registered.family ?? family}:${registered.revision ?? '?'}`;
      const created = logGroups.filter((o) => o.kind === 'created');
      for (const outcome of created) deps.logger.info(describeLogGroupOutcome(outcome));
      deps.logger.info(
        `Registered ${registered.taskDefinitionArn ?? label} from ${document.uri.toString(true)}`,
      );
      deps.onRegistered?.(registered);
      const arn = registered.taskDefinitionArn;
      // Not awaited: the command is done; the notification stays until the user closes it.
      void vscode.window
        .showInformationMessage(
          `Registered the task definition${created.length > 0 ? ` and created its log group ${created.map((o) => o.group).join(', ')}` : ''}: ${label}`,
          ...(arn ? [COPY_ARN] : []),
        )
        .then((choice) => (choice === COPY_ARN && arn ? vscode.env.clipboard.writeText(arn) : undefined));
      return registered;
    },
  );
}
