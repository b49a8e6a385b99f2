/**
 * The service deployment an UpdateService/CreateService started. The service it returns names it
 * (`currentServiceDeployment`); when that is missing (older answers), the newest deployment the
 * service listed since just before the update is taken (one ListServiceDeployments). docs/deployments.md §3.
 * Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';

/** Clock skew allowed between us and ECS when listing "created since the update". */
const SKEW_MS = 5 * 60_000;

export async function findServiceDeployment(
  deployments: Pick<ServiceDeploymentsGateway, 'listServiceDeployments'>,
  cluster: string,
  service: Service,
  updatedAt: number,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (service.currentServiceDeployment) return service.currentServiceDeployment;
  const page = await deployments.listServiceDeployments(
    cluster,
    service.serviceArn ?? service.serviceName ?? '',
    { createdAfter: new Date(updatedAt - SKEW_MS), maxResults: 20 },
    signal,
  );
  const newest = [...page.items].sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
  return newest?.serviceDeploymentArn;
}
