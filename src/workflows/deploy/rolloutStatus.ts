/**
 * Where a rollout stands, from one DescribeServices snapshot: completed, failed (the circuit
 * breaker, with or without its rollback) or still pending, with a one-line summary of what is
 * pending. Our deployment is tracked by its id, never by "PRIMARY": after a rollback ECS makes a
 * NEW primary deployment with the old revision, and a naive check would report that as success.
 * Pure and editor-free.
 */
import type { Deployment, Service, ServiceEvent } from '@aws-sdk/client-ecs';

export type RolloutVerdict =
  | { readonly kind: 'pending'; readonly summary: string }
  | { readonly kind: 'completed'; readonly summary: string }
  | { readonly kind: 'failed'; readonly message: string; readonly rolledBack: boolean };

/** `arn:…:task-definition/web:12` → `web:12`. */
export function revisionOf(taskDefinition: string | undefined): string {
  return taskDefinition?.split('/').pop() ?? 'an unknown revision';
}

/** "1 of 2 tasks running, 1 pending, 3 failed to start" for a deployment. */
export function countsOf(deployment: Deployment): string {
  const desired = deployment.desiredCount ?? 0;
  const parts = [`${deployment.runningCount ?? 0} of ${desired} task${desired === 1 ? '' : 's'} running`];
  if (deployment.pendingCount) parts.push(`${deployment.pendingCount} pending`);
  if (deployment.failedTasks) parts.push(`${deployment.failedTasks} failed`);
  return parts.join(', ');
}

function pendingSummary(service: Service, ours: Deployment): string {
  const others = (service.deployments ?? []).filter((d) => d.id !== ours.id && (d.runningCount ?? 0) > 0);
  const old = others.map((d) => `${revisionOf(d.taskDefinition)} still has ${d.runningCount} running`);
  return [countsOf(ours), ...old].join('; ');
}

const ROLLBACK_EVENT = /rolling back|rolled back|circuit breaker/i;

function rollbackEvent(events: readonly ServiceEvent[] | undefined): ServiceEvent | undefined {
  return events?.find((e) => ROLLBACK_EVENT.test(e.message ?? ''));
}

export function evaluateRollout(service: Service, deploymentId: string): RolloutVerdict {
  const deployments = service.deployments ?? [];
  const ours = deployments.find((d) => d.id === deploymentId);
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  if (service.status && service.status !== 'ACTIVE') {
    return {
      kind: 'failed',
      message: `The service is ${service.status} (it was deleted during the deploy).`,
      rolledBack: false,
    };
  }
  const replacedBy = primary && primary.id !== deploymentId ? primary : undefined;
  if (ours?.rolloutState === 'FAILED' || replacedBy) {
    const reason = ours?.rolloutStateReason ?? rollbackEvent(service.events)?.message;
    if (replacedBy && (ours?.rolloutState === 'FAILED' || rollbackEvent(service.events))) {
      return {
        kind: 'failed',
        message:
          `The deployment failed and the deployment circuit breaker rolled the service back to ` +
          `${revisionOf(replacedBy.taskDefinition)}${reason ? `: ${reason}` : '.'}`,
        rolledBack: true,
      };
    }
    if (replacedBy) {
      return {
        kind: 'failed',
        message:
          `Another deployment (${replacedBy.id}, ${revisionOf(replacedBy.taskDefinition)}) replaced ours: ` +
          'someone else updated the service during the deploy.',
        rolledBack: false,
      };
    }
    return {
      kind: 'failed',
      message: `The deployment circuit breaker marked the deployment FAILED${reason ? `: ${reason}` : '.'}`,
      rolledBack: false,
    };
  }
  if (!ours) return { kind: 'pending', summary: 'waiting for the deployment to appear' };
  const settled = (ours.runningCount ?? 0) === (ours.desiredCount ?? 0);
  if (ours.rolloutState !== undefined) {
    if (ours.rolloutState === 'COMPLETED' && settled) return { kind: 'completed', summary: countsOf(ours) };
    return { kind: 'pending', summary: pendingSummary(service, ours) };
  }
  // No circuit breaker (rolloutState absent): done once ours is the only deployment, fully running.
  if (deployments.length === 1 && settled && service.runningCount === service.desiredCount) {
    return { kind: 'completed', summary: countsOf(ours) };
  }
  return { kind: 'pending', summary: pendingSummary(service, ours) };
}
