/**
 * Turns ECS Exec on for a service: UpdateService enableExecuteCommand + forceNewDeployment, because a
 * running task cannot be changed: the new deployment replaces every task of the service (the caller
 * confirms first, naming that). Editor-free.
 */
import type { EcsGateway } from '../../aws/ecsGateway';

export function enableExecConfirmation(service: string, runningCount: number | undefined): string {
  const tasks =
    runningCount === undefined
      ? 'its tasks'
      : `its ${runningCount} running task${runningCount === 1 ? '' : 's'}`;
  return `Enable ECS Exec on the service ${service}? A new deployment replaces ${tasks}: they restart.`;
}

export async function enableExecOnService(
  ecs: Pick<EcsGateway, 'updateService'>,
  cluster: string,
  service: string,
  signal?: AbortSignal,
): Promise<void> {
  await ecs.updateService(cluster, service, { enableExecuteCommand: true, forceNewDeployment: true }, signal);
}
