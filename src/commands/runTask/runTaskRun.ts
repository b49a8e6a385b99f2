/**
 * Runs the chosen request and follows it: RunTask (failures[] written, never dropped), the tree
 * refreshed so the tasks appear, their logs followed, then a cancellable progress through
 * PROVISIONING → PENDING → RUNNING (or STOPPED). Cancelling only stops following: the tasks keep
 * running. A task still RUNNING is then watched in the background (status bar) until it stops, so
 * a one-off job still ends with its exit code; the watch gives up after an hour.
 */
import type { RunTaskCommandInput, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import type { ClusterNode } from '../../explorer/nodes/clusterNode';
import { taskIdOf } from '../../logs/logTargets';
import { withCancellableProgress } from '../../ui/progress';
import { followTasks, type FollowResult } from '../../workflows/runTask/followTasks';
import type { RunTaskChoices } from '../../workflows/runTask/runTaskInput';
import { runOutcome, type RunOutcome } from '../../workflows/runTask/runTaskOutcome';
import { NoTaskStartedError, startTasks } from '../../workflows/runTask/startTasks';
import type { RunTaskCommandDeps } from './runTaskCommandDeps';
import { notifyOutcome, writeOutcome, writeStarted, type RunTaskOutput } from './runTaskReport';

const WATCH_LIMIT_MS = 60 * 60 * 1000;

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

/** The report for the tasks as they are now, with the last log lines of failed ones as evidence. */
async function outcomeOf(
  ctx: RunContext,
  cluster: string,
  tasks: readonly Task[],
  definition: TaskDefinition,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const lines = new Map<string, readonly string[]>();
  const failed = tasks.filter(
    (t) => t.lastStatus === 'STOPPED' && t.containers?.some((c) => (c.exitCode ?? 0) !== 0),
  );
  for (const task of failed) {
    try {
      const read = await ctx.deps.recentLogLines?.(cluster, task, signal);
      if (read) lines.set(task.taskArn ?? '', read);
    } catch (error) {
      ctx.deps.logger.warn(`Reading the logs of task ${taskIdOf(task.taskArn)} failed: ${String(error)}`);
    }
  }
  return runOutcome(tasks, definition, (t) => lines.get(t.taskArn ?? ''));
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

function watchUntilStopped(
  ctx: RunContext,
  cluster: string,
  tasks: readonly Task[],
  definition: TaskDefinition,
): void {
  const controller = new AbortController();
  ctx.watches.add(controller);
  const ids = tasks.map((t) => taskIdOf(t.taskArn)).join(', ');
  const watch = async (): Promise<void> => {
    const result = await followTasks(ctx.deps.ecs(), {
      cluster,
      taskArns: tasks.map((t) => t.taskArn ?? ''),
      until: 'stopped',
      signal: controller.signal,
      backoff: { initialMs: 5000, factor: 1.5, maxMs: 30_000 },
      timeoutMs: WATCH_LIMIT_MS,
      ...(ctx.deps.sleep ? { sleep: ctx.deps.sleep } : {}),
    });
    if (result.reached)
      report(ctx, cluster, await outcomeOf(ctx, cluster, result.tasks, definition, controller.signal));
  };
  void vscode.window
    .withProgress({ location: vscode.ProgressLocation.Window, title: `ECS: task ${ids} running` }, watch)
    .then(undefined, (error: unknown) => {
      if (!controller.signal.aborted) ctx.deps.logger.warn(`Watching task ${ids} failed: ${String(error)}`);
    })
    .then(() => ctx.watches.delete(controller));
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
      const result: FollowResult = await followTasks(deps.ecs(), {
        cluster,
        taskArns,
        until: 'running',
        signal,
        onProgress: (p) => progress(p.summary),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
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
  const outcome = await outcomeOf(ctx, cluster, result.tasks, definition, new AbortController().signal);
  for (const missing of result.missing)
    ctx.output().appendLine(`  DescribeTasks no longer finds ${missing.arn ?? '?'}: ${missing.reason ?? ''}`);
  report(ctx, cluster, outcome);
  if (outcome.running.length > 0) watchUntilStopped(ctx, cluster, outcome.running, definition);
  return { taskArns, outcome };
}
