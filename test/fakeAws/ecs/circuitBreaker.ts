/**
 * Failed service tasks and the deployment circuit breaker. ECS counts a deployment's tasks that stop
 * on their own while it is IN_PROGRESS (`failedTasks`); with the breaker on, reaching the threshold
 * fails the deployment and, with rollback on, starts a new PRIMARY deployment of the last COMPLETED
 * task definition. Without the breaker the scheduler replaces failing tasks forever.
 */
import type { FakeEcs } from './fakeEcs';
import { breakerRolledBack, breakerTripped } from './deployments/engine';
import { addEvent, newDeployment, touchService } from './scheduler';
import type { DeploymentRecord, ServiceRecord } from './types';

export const CIRCUIT_BREAKER_REASON = 'ECS deployment circuit breaker: tasks failed to start.';

/** ServiceDeploymentCircuitBreaker: 0.5 × desired count, rounded up, at least 3 and at most 200. */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)));
}

/** Called when one of the service's tasks stops on its own at `at` (its planned exit). */
export function recordStoppedServiceTask(
  ecs: FakeEcs,
  service: ServiceRecord,
  deploymentId: string | undefined,
  at: number,
): void {
  touchService(service, at);
  const deployment = service.deployments.find((d) => d.id === deploymentId);
  if (!deployment || deployment.rolloutState !== 'IN_PROGRESS' || service.status !== 'ACTIVE') return;
  deployment.failedTasks++;
  deployment.updatedAt = at;
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  if (breaker?.enable && deployment.status === 'PRIMARY') {
    if (deployment.failedTasks >= failureThreshold(service.desiredCount)) {
      failDeployment(ecs, service, deployment, at, breaker.rollback === true);
      return;
    }
  }
  if (deployment.failedTasks === 3) {
    // ECS's launch throttling notice: it appears whether or not the breaker is on.
    addEvent(
      ecs,
      service,
      at,
      `(service ${service.name}) is unable to consistently start tasks successfully. For more information, ` +
        'see the Troubleshooting section of the Amazon ECS Developer Guide.',
    );
  }
}

function failDeployment(
  ecs: FakeEcs,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  at: number,
  rollback: boolean,
): void {
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = CIRCUIT_BREAKER_REASON;
  deployment.updatedAt = at;
  addEvent(
    ecs,
    service,
    at,
    `(service ${service.name}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`,
  );
  // Its service deployment records the failure; a blue/green-family one rolls back to its blue tasks.
  if (breakerTripped(ecs, service, deployment, at, CIRCUIT_BREAKER_REASON, rollback) === 'rolledBack') return;
  const target = service.lastCompleted;
  // The rollback needs an earlier COMPLETED deployment; a service whose first deployment fails stays FAILED.
  if (!rollback || !target || target.id === deployment.id) return;
  const back = newDeployment(ecs, service, target.taskDefinitionArn, at, 'IN_PROGRESS');
  back.rolloutStateReason = `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`;
  addEvent(ecs, service, at, `(service ${service.name}) rolling back to deployment ${target.id}.`);
  breakerRolledBack(ecs, service, deployment, back, at, back.rolloutStateReason);
}
