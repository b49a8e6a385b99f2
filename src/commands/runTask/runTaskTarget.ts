/**
 * What Run Task was started on: a revision node (that revision), a cluster node (that cluster), a
 * task-definition file (validated like "Register Task Definition" does, refused on errors, then
 * registered so the new revision runs), or nothing (family and revision are picked).
 */
import * as path from 'node:path';
import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { ClusterNode } from '../../explorer/nodes/clusterNode';
import { RevisionNode } from '../../taskDefinitions/nodes/revisionNode';
import { pickRevision } from '../../taskDefinitions/pickers';
import { pickFromListing } from '../../ui/pickers';
import { parseTaskDefinitionText } from '../../taskdef/normalize';
import { positionAt } from '../../taskdef/problems';
import { blockingProblems } from '../../taskdef/blockingProblems';
import { describeLogGroupOutcome } from '../../workflows/logGroups';
import { registerWithLogGroups } from '../../workflows/registerWithLogGroups';
import type { LastRun } from '../../workflows/runTask/runTaskMemory';
import type { RunTaskCommandDeps } from './runTaskCommandDeps';
import { withBusyIndicator, withUncancellableProgress } from '../../ui/progress';

export interface RunTaskStart {
  readonly cluster?: string;
  /** The tree node the command ran on, refreshed after the run so the task shows up. */
  readonly clusterNode?: ClusterNode;
  readonly revision?: string;
  readonly file?: vscode.Uri;
}

export function startOf(arg: unknown): RunTaskStart {
  if (arg instanceof ClusterNode) return { cluster: arg.name, clusterNode: arg };
  if (arg instanceof RevisionNode) return { revision: arg.arn };
  if (arg instanceof vscode.Uri) return { file: arg };
  return {};
}

/** The file's blocking problems (the same as "Register Task Definition" refuses), one line each. */
function errorsOf(text: string, logger: RunTaskCommandDeps['logger']): string[] {
  return blockingProblems(text, (message) => logger.warn(message)).map(
    (p) => `Line ${positionAt(text, p.offset).line + 1}: ${p.message}`,
  );
}

/** Validates and registers a task-definition file; the new revision's ARN. */
async function registerFile(deps: RunTaskCommandDeps, uri: vscode.Uri): Promise<TaskDefinition> {
  const document = await vscode.workspace.openTextDocument(uri);
  const name = path.posix.basename(uri.path);
  if (document.isDirty && !document.isUntitled) await document.save();
  const text = document.getText();
  const errors = errorsOf(text, deps.logger);
  if (errors.length > 0) {
    throw new Error(
      `${name} was not run: fix ${errors.length === 1 ? 'this error' : `these ${errors.length} errors`} first (see the Problems panel). ${errors.slice(0, 5).join(' ')}`,
    );
  }
  const input = parseTaskDefinitionText(text, name) as unknown as RegisterTaskDefinitionCommandInput;
  const gateway = deps.taskDefinitions();
  // Not cancellable, as in "Register Task Definition": once sent, aborting cannot stop ECS from
  // registering the revision, and a "cancelled" that registered anyway would be a lie.
  const { registered, logGroups } = await withUncancellableProgress(
    `Registering ${input.family ?? name}`,
    () =>
      registerWithLogGroups(input, {
        taskDefinitions: gateway,
        logs: deps.logs(),
        retentionDays: deps.logRetentionDays(),
      }),
  );
  for (const outcome of logGroups) {
    if (outcome.kind === 'created') deps.logger.info(describeLogGroupOutcome(outcome));
  }
  deps.logger.info(`Run Task registered ${registered.taskDefinitionArn ?? name} from ${uri.toString(true)}`);
  return registered;
}

/** The family, the last run's first (pickFamily would call it "the family named in the file"). */
/** The family, the last run's first; listed inside the open pick (Escape aborts the listing). */
function pickRunFamily(deps: RunTaskCommandDeps, title: string, lastFamily?: string): Promise<string> {
  return pickFromListing(
    title,
    async (signal) => {
      const families = await deps.taskDefinitions().listFamilies('ACTIVE', signal);
      const ordered =
        lastFamily && families.includes(lastFamily)
          ? [lastFamily, ...families.filter((f) => f !== lastFamily)]
          : families;
      return ordered.map((f) => ({
        label: f,
        value: f,
        ...(f === lastFamily ? { description: 'last run' } : {}),
      }));
    },
    'No task definitions in this region: register one first ("ECS: Register Task Definition").',
    { placeHolder: 'Task definition family', ignoreFocusOut: true },
  );
}

/** The revision to run, described (its containers are needed for the overrides and the report). */
export async function resolveRevision(
  deps: RunTaskCommandDeps,
  start: RunTaskStart,
  last: LastRun,
): Promise<TaskDefinition> {
  const gateway = deps.taskDefinitions();
  if (start.file) return registerFile(deps, start.file);
  let ref = start.revision;
  if (!ref) {
    const title = 'Run Task: task definition';
    const family = await pickRunFamily(deps, title, last.family);
    ref = (await pickRevision(gateway, family, { title })).arn;
  }
  const revision = ref;
  const described = await withBusyIndicator('ECS: Reading the task definition…', () =>
    gateway.describe(revision),
  );
  return described.taskDefinition;
}
