/**
 * After a deploy: the one message that says how it ended, the logs, the explorer (what the deploy
 * learned is written back to the target by the pipeline itself: workflows/deploy/recordDeploy.ts).
 * - Success: "Deployed <image> to <service>: COMPLETED in 1m 42s" with Show Logs / Open Output;
 *   the service's (or the tasks') logs are followed unless ecsFargate.logs.followAfterRun is off.
 * - Failure or time-out: an error naming the step, with Show Output. The pipeline returns these
 *   (it never throws for an expected failure), and its message is already a user sentence, so it
 *   is shown as is rather than through showError (which is for thrown errors and has no
 *   "Show Output"); it is also logged.
 * - Cancelled: what was done before the stop, and that nothing was rolled back.
 */
import * as vscode from 'vscode';
import type { DeployTarget } from '../../workflows/deploy/deployTarget';
import { DEPLOY_STEP_TITLES, type DeployResult } from '../../workflows/deploy/deployTypes';
import { formatDuration } from '../../ui/deployProgress';
import { offerLogGroupPolicy } from '../taskDefinition/allowLogGroupCreation';
import type { DeployCommandDeps } from './deployCommandDeps';

const SHOW_LOGS = 'Show Logs';
const OPEN_OUTPUT = 'Open Output';
const SHOW_OUTPUT = 'Show Output';
const ALLOW_LOG_GROUPS = 'Allow Creating Log Groups…';

export function totalMs(result: DeployResult): number {
  return result.timings.reduce((sum, t) => sum + t.ms, 0);
}

/** The headline of a deploy's end (exported for tests). */
export function resultMessage(target: DeployTarget, result: DeployResult): string {
  const image = result.imageUri ?? target.repository;
  const stepTitle = result.step ? DEPLOY_STEP_TITLES[result.step] : undefined;
  switch (result.outcome) {
    case 'succeeded': {
      const to = target.service ?? `${target.cluster} as ${target.runTask?.count ?? 1} task(s)`;
      const state = target.service ? 'COMPLETED' : 'RUNNING';
      return `Deployed ${image} to ${to}: ${state} in ${formatDuration(totalMs(result))}`;
    }
    case 'cancelled': {
      const done = result.done.length
        ? ` Done before the stop: ${result.done.join('; ')}.`
        : ' Nothing was done.';
      return `Deploy of ${target.name} cancelled${stepTitle ? ` at "${stepTitle}"` : ''}.${done} Nothing was rolled back.`;
    }
    default: {
      // The pipeline's message starts with "<step> failed: " (useful in the channel); the headline
      // names the step already.
      const reason =
        stepTitle && result.message.startsWith(`${stepTitle} failed: `)
          ? result.message.slice(`${stepTitle} failed: `.length)
          : result.message;
      return `Deploy of ${target.name} ${result.outcome === 'timedOut' ? 'timed out' : 'failed'}${stepTitle ? ` at step "${stepTitle}"` : ''}: ${reason}`;
    }
  }
}

async function followLogs(
  deps: DeployCommandDeps,
  target: DeployTarget,
  result: DeployResult,
  force: boolean,
): Promise<void> {
  if (target.service) {
    const follow = force ? deps.logChannels.follow.bind(deps.logChannels) : undefined;
    if (follow) follow({ kind: 'service', cluster: target.cluster, service: target.service });
    else deps.logChannels.followService(target.cluster, target.service);
    return;
  }
  const arns = result.taskArns ?? [];
  if (arns.length === 0) return;
  const tasks = await deps.ecs().describeTasks(target.cluster, arns);
  for (const task of tasks.items) {
    if (force) deps.logChannels.follow({ kind: 'task', cluster: target.cluster, task });
    else deps.logChannels.followTask(target.cluster, task);
  }
}

export async function showDeployResult(
  deps: DeployCommandDeps,
  target: DeployTarget,
  result: DeployResult,
): Promise<void> {
  const message = deps.redact(resultMessage(target, result));
  if (result.outcome === 'succeeded') {
    deps.explorer.refresh();
    await followLogs(deps, target, result, false).catch((error: unknown) =>
      deps.logger.warn(
        `Following the logs of ${target.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    const choice = await vscode.window.showInformationMessage(message, SHOW_LOGS, OPEN_OUTPUT);
    if (choice === SHOW_LOGS) await followLogs(deps, target, result, true);
    else if (choice === OPEN_OUTPUT) deps.channel().show(true);
    return;
  }
  if (result.outcome === 'cancelled') {
    if (result.done.length > 0) deps.explorer.refresh();
    const choice = await vscode.window.showInformationMessage(message, SHOW_OUTPUT);
    if (choice === SHOW_OUTPUT) deps.channel().show(true);
    return;
  }
  deps.logger.error(message);
  if (result.done.length > 0) deps.explorer.refresh();
  const grant = result.logGroupGrant;
  const choice = await vscode.window.showErrorMessage(
    message,
    ...(grant ? [ALLOW_LOG_GROUPS] : []),
    SHOW_OUTPUT,
  );
  if (choice === SHOW_OUTPUT) deps.channel().show(true);
  else if (choice === ALLOW_LOG_GROUPS && grant) await offerLogGroupPolicy(deps.iam(), deps.logger, grant);
}
