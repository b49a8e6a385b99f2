/**
 * Moving a service between two sets of tasks (the blue and green of a blue/green-family ECS deployment
 * or a CodeDeploy deployment): holding the blue tasks while the green ones start and take traffic,
 * releasing them, or making the blue deployment PRIMARY again (a rollback).
 */
import type { FakeEcs } from '../fakeEcs';
import { newDeployment, reconcileServiceAt, touchService } from '../scheduler';
import type { DeploymentRecord, ServiceRecord } from '../types';

/** The green deployment may start its tasks, keeping the older ones running (SCALE_UP, CodeDeploy Install). */
export function launchGreen(ecs: FakeEcs, service: ServiceRecord, green: DeploymentRecord, at: number): void {
  green.hold = 'previous';
  reconcileServiceAt(ecs, service, at);
}

/** The older tasks may stop from `at` (CLEAN_UP, CodeDeploy's original task set termination). */
export function releaseBlue(ecs: FakeEcs, service: ServiceRecord, green: DeploymentRecord, at: number): void {
  green.hold = undefined;
  green.notBefore = at;
  reconcileServiceAt(ecs, service, at);
}

/**
 * Rolls back at `at`: `blue` (when the scheduler still has it) becomes PRIMARY again and `green`
 * FAILED, so its tasks stop once blue runs its desired count; with no `blue` left, a new deployment of
 * `fallbackTaskDefinition` starts. Answers the deployment the service rolls back to.
 */
export function restoreBlue(
  ecs: FakeEcs,
  service: ServiceRecord,
  green: DeploymentRecord | undefined,
  blue: DeploymentRecord | undefined,
  fallbackTaskDefinition: string | undefined,
  at: number,
  reason: string,
): DeploymentRecord | undefined {
  if (green) {
    green.hold = undefined;
    green.rolloutState = 'FAILED';
    green.rolloutStateReason = reason;
    green.updatedAt = at;
  }
  let back: DeploymentRecord | undefined;
  if (blue) {
    service.deployments = [blue, ...service.deployments.filter((d) => d !== blue)];
    for (const d of service.deployments) d.status = d === blue ? 'PRIMARY' : 'ACTIVE';
    blue.rolloutState = 'IN_PROGRESS';
    blue.rolloutStateReason = `ECS deployment ${blue.id} in progress.`;
    blue.notBefore = at;
    blue.updatedAt = at;
    service.taskDefinitionArn = blue.taskDefinitionArn;
    back = blue;
  } else if (fallbackTaskDefinition !== undefined) {
    back = newDeployment(ecs, service, fallbackTaskDefinition, at, 'IN_PROGRESS');
  }
  touchService(service, at);
  reconcileServiceAt(ecs, service, at);
  return back;
}

/** Whether `back` is all the service runs now, COMPLETED (a rollback or a release has finished). */
export function onlyDeployment(service: ServiceRecord, back: DeploymentRecord | string | undefined): boolean {
  const id = typeof back === 'string' ? back : back?.id;
  const primary = service.deployments[0];
  return (
    id !== undefined &&
    primary?.id === id &&
    primary.rolloutState === 'COMPLETED' &&
    service.deployments.length === 1
  );
}
