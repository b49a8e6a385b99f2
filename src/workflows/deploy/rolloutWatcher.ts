/**
 * Waits for a service rollout and narrates it: ONE DescribeServices per poll (the deployments and
 * the events come with it), polls backing off from 3 s by ×1.5 up to 15 s (back to 3 s when
 * something changed), new service events printed oldest first and once each (the thing the GitHub
 * Action never shows), and the stopped tasks of our deployment explained, fetched only when its
 * failedTasks count grows. Ends with completed, failed (FAILED or a circuit-breaker rollback),
 * timedOut (saying what is still pending) or cancelled (nothing is rolled back). Editor-free.
 */
import type { Service, ServiceEvent, Task } from '@aws-sdk/client-ecs';
import type { DeployClock, DeployDeps } from './deployDeps';
import { isAbortError } from '../../shared/abort';
import { deployCancelled } from './deployDeps';
import type { DeployReporter } from './deployTypes';
import { evaluateRollout, revisionOf } from './rolloutStatus';

export const POLL_BACKOFF = { initialMs: 3_000, factor: 1.5, maxMs: 15_000 } as const;
/** Consecutive failed DescribeServices calls (network, throttling) before the wait gives up. */
const MAX_POLL_ERRORS = 5;

export type WatchOutcome = 'completed' | 'failed' | 'timedOut' | 'cancelled';

export interface WatchRequest {
  readonly cluster: string;
  readonly service: string;
  readonly deploymentId: string;
  readonly taskDefinitionArn: string;
  /** The service right after UpdateService/CreateService: evaluated first, with no extra call. */
  readonly initial?: Service;
  /** Events to leave out (already there before the update). */
  readonly seenEventIds?: ReadonlySet<string>;
  readonly timeoutMs: number;
}

export interface WatchResult {
  readonly outcome: WatchOutcome;
  readonly message: string;
  readonly polls: number;
  readonly stoppedTasks: readonly Task[];
  readonly service?: Service;
}

export type WatchDeps = Pick<DeployDeps, 'ecs' | 'explainStoppedTask' | 'formatStoppedTaskReport'> & {
  readonly clock: DeployClock;
};

function eventTime(event: ServiceEvent): number {
  return event.createdAt ? new Date(event.createdAt).getTime() : 0;
}

function formatEvent(event: ServiceEvent): string {
  const at = event.createdAt ? new Date(event.createdAt).toISOString().slice(11, 19) : '--:--:--';
  return `  ${at}  ${event.message ?? ''}`;
}

export async function watchRollout(
  request: WatchRequest,
  deps: WatchDeps,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<WatchResult> {
  const { clock } = deps;
  const deadline = clock.now() + request.timeoutMs;
  const printed = new Set(request.seenEventIds ?? []);
  const explained = new Set<string>();
  const stoppedTasks: Task[] = [];
  let since = 0;
  let lastEvent: string | undefined;
  let lastSummary = '';
  let failedTasks = 0;
  let delay: number = POLL_BACKOFF.initialMs;
  let polls = 0;
  let errors = 0;
  let snapshot = request.initial;

  const printNewEvents = (service: Service): boolean => {
    const ours = service.deployments?.find((d) => d.id === request.deploymentId);
    if (ours?.createdAt && since === 0) since = new Date(ours.createdAt).getTime();
    const fresh = (service.events ?? [])
      .filter((e) => e.id && !printed.has(e.id) && eventTime(e) >= since)
      .sort((a, b) => eventTime(a) - eventTime(b));
    for (const event of fresh) {
      printed.add(event.id ?? '');
      reporter.line(formatEvent(event));
      lastEvent = event.message;
    }
    return fresh.length > 0;
  };

  /** The stopped tasks of our deployment not shown yet: one ListTasks + one DescribeTasks. */
  const explainStopped = async (): Promise<void> => {
    const { items } = await deps.ecs.listTasks(
      request.cluster,
      { serviceName: request.service, desiredStatus: 'STOPPED' },
      signal,
    );
    const mine = items.filter(
      (t) => t.startedBy === request.deploymentId && t.taskArn && !explained.has(t.taskArn),
    );
    for (const task of mine) {
      explained.add(task.taskArn ?? '');
      stoppedTasks.push(task);
      for (const line of deps.formatStoppedTaskReport(deps.explainStoppedTask(task))) {
        reporter.line(`  ${line}`);
      }
    }
  };

  const pendingMessage = (service: Service | undefined): string => {
    const verdict = service && evaluateRollout(service, request.deploymentId);
    const summary = verdict?.kind === 'pending' ? verdict.summary : lastSummary;
    return `${summary || 'no answer from ECS yet'}${lastEvent ? `; last event: ${lastEvent}` : ''}`;
  };

  try {
    for (;;) {
      if (signal.aborted) throw deployCancelled();
      if (!snapshot) {
        try {
          polls++;
          const { items } = await deps.ecs.describeServices(request.cluster, [request.service], signal);
          snapshot = items[0];
          errors = 0;
          if (!snapshot) {
            const message = `The service ${request.service} no longer exists (deleted during the deploy).`;
            return { outcome: 'failed', message, polls, stoppedTasks };
          }
        } catch (error) {
          if (isAbortError(error) || signal.aborted) throw error;
          if (++errors >= MAX_POLL_ERRORS) throw error;
          reporter.line(`  (DescribeServices failed, retrying: ${(error as Error).message})`);
        }
      }
      let changed = false;
      if (snapshot) {
        changed = printNewEvents(snapshot);
        const ours = snapshot.deployments?.find((d) => d.id === request.deploymentId);
        if ((ours?.failedTasks ?? 0) > failedTasks) {
          failedTasks = ours?.failedTasks ?? 0;
          await explainStopped();
          changed = true;
        }
        const verdict = evaluateRollout(snapshot, request.deploymentId);
        if (verdict.kind === 'completed') {
          const message = `${revisionOf(request.taskDefinitionArn)} is rolled out: ${verdict.summary}.`;
          return { outcome: 'completed', message, polls, stoppedTasks, service: snapshot };
        }
        if (verdict.kind === 'failed') {
          return { outcome: 'failed', message: verdict.message, polls, stoppedTasks, service: snapshot };
        }
        if (verdict.summary !== lastSummary) changed = true;
        lastSummary = verdict.summary;
        reporter.status?.(verdict.summary);
      }
      const left = deadline - clock.now();
      if (left <= 0) {
        const minutes = Math.round(request.timeoutMs / 60_000);
        const message =
          `The rollout did not finish within ${minutes} minute${minutes === 1 ? '' : 's'} ` +
          `(ECS carries on; nothing was rolled back): ${pendingMessage(snapshot)}`;
        return {
          outcome: 'timedOut',
          message,
          polls,
          stoppedTasks,
          ...(snapshot ? { service: snapshot } : {}),
        };
      }
      delay = changed
        ? POLL_BACKOFF.initialMs
        : Math.min(Math.round(delay * POLL_BACKOFF.factor), POLL_BACKOFF.maxMs);
      await clock.sleep(Math.min(delay, left), signal);
      snapshot = undefined;
    }
  } catch (error) {
    if (!isAbortError(error) && !signal.aborted) throw error;
    const message =
      'Stopped waiting; nothing was rolled back: ECS carries on rolling out ' +
      `${revisionOf(request.taskDefinitionArn)} (${pendingMessage(snapshot)}).`;
    return { outcome: 'cancelled', message, polls, stoppedTasks };
  }
}
