/**
 * The wait step of a "run as a task" deploy target: the started tasks are followed (one
 * DescribeTasks per poll, with Run Task's backoff) until each is RUNNING; a task that stops
 * instead fails the step with the stop explained, as Run Task explains it. Editor-free.
 */
import { followTasks, statusSummary } from '../runTask/followTasks';
import { deployTimeoutMinutes, type DeployClock, type DeployDeps } from './deployDeps';
import { DeployFailure } from './deployFailure';
import type { DeployReporter } from './deployTypes';

/** Waits for RUNNING; the step's value, summary and what was done for DeploySteps. */
export async function waitForTasks(
  cluster: string,
  taskArns: readonly string[],
  deps: Pick<DeployDeps, 'ecs' | 'explainStoppedTask' | 'formatStoppedTaskReport' | 'settings'>,
  clock: DeployClock,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<{ value: number; summary: string }> {
  let lastSummary = '';
  const followed = await followTasks(deps.ecs, {
    cluster,
    taskArns,
    until: 'running',
    signal,
    timeoutMs: deployTimeoutMinutes(deps.settings.timeoutMinutes) * 60_000,
    sleep: (ms, s) => clock.sleep(ms, s),
    now: () => clock.now(),
    onProgress: ({ summary }) => {
      if (summary === lastSummary) return;
      lastSummary = summary;
      reporter.status?.(summary);
      reporter.line(`  ${summary}`);
    },
  });
  const stopped = followed.tasks.filter((t) => t.lastStatus === 'STOPPED');
  for (const task of stopped) {
    for (const line of deps.formatStoppedTaskReport(deps.explainStoppedTask(task)))
      reporter.line(`  ${line}`);
  }
  if (stopped.length > 0) {
    const first = deps.explainStoppedTask(stopped[0]!);
    const why = first.causes[0]?.title ?? first.stoppedReason ?? 'see the report above';
    throw new DeployFailure(`${stopped.length} of ${taskArns.length} task(s) stopped: ${why}.`);
  }
  if (!followed.reached) {
    const state = statusSummary(followed.tasks) || 'no task found';
    throw new DeployFailure(
      `The tasks did not reach RUNNING within ${deps.settings.timeoutMinutes} min (${state}). They keep starting: follow them in the ECS view.`,
    );
  }
  return { value: followed.tasks.length, summary: `${followed.tasks.length} task(s) RUNNING.` };
}
