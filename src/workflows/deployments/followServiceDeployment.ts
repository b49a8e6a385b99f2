/**
 * Follows one ECS service deployment (blue/green, linear, canary) to its end with ONE
 * DescribeServiceDeployments per poll, backing off like the rollout watcher (3 s ×1.5 up to 15 s,
 * back to 3 s after a change). Each stage change is printed once with its time (status, lifecycle
 * stage, traffic weights, a hook awaiting action); a PAUSE hook awaiting action is announced once
 * (`onHookAwaiting`) so the editor can offer Continue / Roll Back. The stopped tasks of the
 * deployment are explained when the circuit breaker's failure count grows (one ListTasks +
 * DescribeTasks then, as the rollout watcher does). Ends completed (SUCCESSFUL), failed (STOPPED,
 * STOP_REQUESTED or ROLLBACK_*: the reason, the alarms that fired, the breaker's count), timedOut
 * or cancelled (nothing is rolled back). docs/deployments.md §3. Editor-free.
 */
import type { ServiceDeployment, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import { isAbortError } from '../../shared/abort';
import type { DeployClock } from '../deploy/deployDeps';
import { deployCancelled } from '../deploy/deployDeps';
import type { DeployReporter } from '../deploy/deployTypes';
import { POLL_BACKOFF } from '../deploy/rolloutWatcher';
import type { ExplainStoppedTask, FormatStoppedTaskReport } from '../stoppedTask';
import { awaitingHook, failureFacts, stageLine, statusWords, trafficWeights } from './deploymentView';

/** Consecutive failed DescribeServiceDeployments calls before the follow gives up. */
const MAX_POLL_ERRORS = 5;

export type FollowOutcome = 'completed' | 'failed' | 'timedOut' | 'cancelled';

export interface HookAwaiting {
  readonly serviceDeploymentArn: string;
  readonly hookId: string;
  readonly stage: string;
  readonly expiresAt?: Date;
}

export interface FollowRequest {
  readonly cluster: string;
  readonly service: string;
  readonly serviceDeploymentArn: string;
  /** The legacy deployment id (`ecs-svc/…`): the startedBy of its tasks, for the stopped-task explanations. */
  readonly deploymentId?: string;
  readonly timeoutMs: number;
  /** Told once per hook id when a PAUSE hook awaits action. */
  readonly onHookAwaiting?: (hook: HookAwaiting) => void;
}

export interface FollowResult {
  readonly outcome: FollowOutcome;
  readonly message: string;
  readonly polls: number;
  /** The stage lines printed, in order (tests and the benchmark read them). */
  readonly stages: readonly string[];
  readonly stoppedTasks: readonly Task[];
  readonly deployment?: ServiceDeployment;
}

export interface FollowDeps {
  readonly deployments: Pick<ServiceDeploymentsGateway, 'describeServiceDeployments'>;
  readonly ecs: Pick<EcsGateway, 'listTasks'>;
  readonly explainStoppedTask: ExplainStoppedTask;
  readonly formatStoppedTaskReport: FormatStoppedTaskReport;
  readonly clock: DeployClock;
}

/** What makes two snapshots the "same stage" (a change prints one line). */
function stageKey(d: ServiceDeployment): string {
  const hook = awaitingHook(d);
  return [
    d.status,
    d.lifecycleStage,
    d.lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT' ? trafficWeights(d) : '',
    d.lifecycleStage === 'TEST_TRAFFIC_SHIFT' ? trafficWeights(d, 'test') : '',
    hook?.hookId ?? '',
  ].join('|');
}

const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export async function followServiceDeployment(
  request: FollowRequest,
  deps: FollowDeps,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<FollowResult> {
  const { clock } = deps;
  const deadline = clock.now() + request.timeoutMs;
  const stages: string[] = [];
  const stoppedTasks: Task[] = [];
  const explained = new Set<string>();
  const announcedHooks = new Set<string>();
  let lastKey = '';
  let stageSince = clock.now();
  let failures = 0;
  let delay: number = POLL_BACKOFF.initialMs;
  let polls = 0;
  let errors = 0;
  let latest: ServiceDeployment | undefined;

  const explainStopped = async (): Promise<void> => {
    const { items } = await deps.ecs.listTasks(
      request.cluster,
      { serviceName: request.service, desiredStatus: 'STOPPED' },
      signal,
    );
    const mine = items.filter(
      (t) =>
        t.taskArn &&
        !explained.has(t.taskArn) &&
        (request.deploymentId === undefined || t.startedBy === request.deploymentId),
    );
    for (const task of mine) {
      explained.add(task.taskArn ?? '');
      stoppedTasks.push(task);
      for (const line of deps.formatStoppedTaskReport(deps.explainStoppedTask(task)))
        reporter.line(`  ${line}`);
    }
  };

  const result = (outcome: FollowOutcome, message: string): FollowResult => ({
    outcome,
    message,
    polls,
    stages: [...stages],
    stoppedTasks,
    ...(latest ? { deployment: latest } : {}),
  });

  try {
    for (;;) {
      if (signal.aborted) throw deployCancelled();
      let changed = false;
      let snapshot: ServiceDeployment | undefined;
      try {
        polls++;
        const { items, failures: missing } = await deps.deployments.describeServiceDeployments(
          [request.serviceDeploymentArn],
          signal,
        );
        snapshot = items[0];
        errors = 0;
        if (!snapshot && missing.length > 0) {
          const why = missing.map((f) => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ');
          return result(
            'failed',
            `ECS cannot describe the service deployment (${why}): ${request.serviceDeploymentArn}`,
          );
        }
      } catch (error) {
        if (isAbortError(error) || signal.aborted) throw error;
        if (++errors >= MAX_POLL_ERRORS) throw error;
        reporter.line(`  (DescribeServiceDeployments failed, retrying: ${(error as Error).message})`);
      }
      if (snapshot) {
        latest = snapshot;
        const now = clock.now();
        const key = stageKey(snapshot);
        if (key !== lastKey) {
          lastKey = key;
          stageSince = now;
          const line = stageLine(snapshot, { now, stageSince });
          stages.push(line);
          reporter.line(`  ${clockTime(now)}  ${line}`);
          changed = true;
        }
        reporter.status?.(stageLine(snapshot, { now, stageSince }));
        const hook = awaitingHook(snapshot);
        if (hook?.hookId && !announcedHooks.has(hook.hookId)) {
          announcedHooks.add(hook.hookId);
          request.onHookAwaiting?.({
            serviceDeploymentArn: request.serviceDeploymentArn,
            hookId: hook.hookId,
            stage: snapshot.lifecycleStage ?? '',
            ...(hook.expiresAt ? { expiresAt: hook.expiresAt } : {}),
          });
        }
        const count = snapshot.deploymentCircuitBreaker?.failureCount ?? 0;
        if (count > failures) {
          failures = count;
          await explainStopped();
          changed = true;
        }
        const status = snapshot.status;
        if (status === 'SUCCESSFUL') {
          return result(
            'completed',
            `The service deployment is SUCCESSFUL (${snapshot.deploymentConfiguration?.strategy ?? 'ROLLING'}).`,
          );
        }
        if (
          status === 'STOPPED' ||
          status === 'STOP_REQUESTED' ||
          status === 'ROLLBACK_REQUESTED' ||
          status === 'ROLLBACK_IN_PROGRESS' ||
          status === 'ROLLBACK_SUCCESSFUL' ||
          status === 'ROLLBACK_FAILED'
        ) {
          const facts = failureFacts(snapshot);
          return result(
            'failed',
            `The service deployment is ${status} (${statusWords(status)})${facts.length > 0 ? `: ${facts.join('; ')}` : '.'}`,
          );
        }
      }
      const left = deadline - clock.now();
      if (left <= 0) {
        const minutes = Math.round(request.timeoutMs / 60_000);
        const where = latest ? stageLine(latest, { now: clock.now(), stageSince }) : 'no answer from ECS yet';
        return result(
          'timedOut',
          `The service deployment did not finish within ${minutes} minute${minutes === 1 ? '' : 's'} ` +
            `(ECS carries on; nothing was rolled back): ${where}`,
        );
      }
      delay = changed
        ? POLL_BACKOFF.initialMs
        : Math.min(Math.round(delay * POLL_BACKOFF.factor), POLL_BACKOFF.maxMs);
      await clock.sleep(Math.min(delay, left), signal);
    }
  } catch (error) {
    if (!isAbortError(error) && !signal.aborted) throw error;
    const where = latest ? stageLine(latest, { now: clock.now(), stageSince }) : 'not seen yet';
    return result(
      'cancelled',
      `Stopped following; nothing was rolled back: ECS carries on with the service deployment (${where}).`,
    );
  }
}
