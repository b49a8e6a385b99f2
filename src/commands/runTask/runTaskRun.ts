/**
 * Runs the chosen request and follows it: RunTask (failures[] written, never dropped), the tree
 * refreshed so the tasks appear, their logs followed, then a cancellable progress through
 * PROVISIONING → PENDING → RUNNING (or STOPPED). Cancelling only stops following: the tasks keep
 * running. A task still RUNNING is then watched in the background (status bar) until it stops, so
 * a one-off job still ends with its exit code; the polling is the workflow's (workflows/runTask/watchTasks.ts).
 */
import type { RunTaskCommandInput, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import type { ClusterNode } from '../../explorer/nodes/clusterNode';
import { taskIdOf } from '../../logs/logTargets';
import { withBusyIndicator, withCancellableProgress } from '../../ui/progress';
import type { FollowResult } from '../../workflows/runTask/followTasks';
import type { RunTaskChoices } from '../../workflows/runTask/runTaskInput';
import type { RunOutcome } from '../../workflows/runTask/runTaskOutcome';
import { NoTaskStartedError, startTasks } from '../../workflows/runTask/startTasks';
import {
  followUntilRunning,
  outcomeOf,
  watchUntilStopped,
  type WatchTasksDeps,
} from '../../workflows/runTask/watchTasks';
import type { RunTaskCommandDeps } from './runTaskCommandDeps';
import { notifyOutcome, writeOutcome, writeStarted, type RunTaskOutput } from './runTaskReport';

export interface RunContext {
  readonly deps: RunTaskCommandDeps;
  readonly output: () => RunTaskOutput;
  /** Background watches, aborted when the extension is deactivated. */
  readonly watches: Set<AbortController>;
}

export interface RunTaskResult {
  readonly taskArns: readonly string[];
  /** Undefined when following was cancelled. */
  readonly outcome?: RunOutcome;
}

async function refreshTree(deps: RunTaskCommandDeps, node: ClusterNode | undefined): Promise<void> {
  try {
    await deps.explorer.refresh(node);
  } catch (error) {
    deps.logger.warn(`Refreshing the Clusters view after Run Task failed: ${String(error)}`);
  }
}

function report(ctx: RunContext, cluster: string, outcome: RunOutcome): void {
  const out = ctx.output();
  writeOutcome(out, ctx.deps.redact, outcome);
  const tasks = [...outcome.running, ...outcome.stopped.map((s) => s.task)];
  notifyOutcome(outcome, cluster, {
    showLogs: () => tasks.forEach((task) => ctx.deps.logChannels.follow({ kind: 'task', cluster, task })),
    showDetails: () => out.show(),
  });
}

/** A task still RUNNING is watched in the background (status bar) until it stops; then its report. */
function watchInBackground(
  ctx: RunContext,
  cluster: string,
  tasks: readonly Task[],
  definition: TaskDefinition,
): void {
  const controller = new AbortController();
  ctx.watches.add(controller);
  const ids = tasks.map((t) => taskIdOf(t.taskArn)).join(', ');
  const watch = async (): Promise<void> => {
    const outcome = await watchUntilStopped(watchDeps(ctx), cluster, tasks, definition, controller.signal);
    if (outcome) report(ctx, cluster, outcome);
  };
  void withBusyIndicator(`ECS: task ${ids} running`, watch)
    .then(undefined, (error: unknown) => {
      if (!controller.signal.aborted) ctx.deps.logger.warn(`Watching task ${ids} failed: ${String(error)}`);
    })
    .then(() => ctx.watches.delete(controller));
}

function watchDeps(ctx: RunContext): WatchTasksDeps {
  const { deps } = ctx;
  return {
    ecs: deps.ecs(),
    logger: deps.logger,
    ...(deps.recentLogLines ? { recentLogLines: deps.recentLogLines } : {}),
  };
}

export async function runAndFollow(
  ctx: RunContext,
  choices: RunTaskChoices,
  input: RunTaskCommandInput,
  definition: TaskDefinition,
  clusterNode: ClusterNode | undefined,
): Promise<RunTaskResult> {
  const { deps } = ctx;
  const { cluster } = choices;
  const title = `Run Task: ${definition.family ?? ''}:${definition.revision ?? ''} on ${cluster}`;
  const followed = await withCancellableProgress(title, async (progress, signal) => {
    progress('RunTask…');
    const started = await startTasks(deps.ecs(), input, signal);
    writeStarted(ctx.output(), deps.redact, choices, started.tasks, started.failures);
    if (started.tasks.length === 0) {
      ctx.output().show(true);
      throw new NoTaskStartedError(started.failures);
    }
    if (started.failures.length > 0) ctx.output().show(true);
    await refreshTree(deps, clusterNode);
    for (const task of started.tasks) deps.logChannels.followTask(cluster, task, { reveal: false });
    const taskArns = started.tasks.map((t) => t.taskArn ?? '');
    try {
      const result: FollowResult = await followUntilRunning(watchDeps(ctx), cluster, taskArns, signal, (p) =>
        progress(p.summary),
      );
      return { taskArns, result };
    } catch (error) {
      if (!signal.aborted) throw error;
      return { taskArns, result: undefined };
    }
  });
  const { taskArns, result } = followed;
  if (!result) {
    const ids = taskArns.map(taskIdOf).join(', ');
    ctx.output().appendLine(`  Stopped following task ${ids}; it keeps running (see the Clusters view).`);
    void vscode.window.showInformationMessage(
      `Stopped following task ${ids}. The task keeps running: see it in the Clusters view, or stop it there.`,
    );
    return { taskArns };
  }
  await refreshTree(deps, clusterNode);
  const outcome = await outcomeOf(
    watchDeps(ctx),
    cluster,
    result.tasks,
    definition,
    new AbortController().signal,
  );
  for (const missing of result.missing)
    ctx.output().appendLine(`  DescribeTasks no longer finds ${missing.arn ?? '?'}: ${missing.reason ?? ''}`);
  report(ctx, cluster, outcome);
  if (outcome.running.length > 0) watchInBackground(ctx, cluster, outcome.running, definition);
  return { taskArns, outcome };
}
