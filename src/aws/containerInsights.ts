/** Turns a cluster's Container Insights on (UpdateClusterSettings). Editor-free. */
import { UpdateClusterSettingsCommand, type Cluster, type ECSClient } from '@aws-sdk/client-ecs';

export type ContainerInsightsValue = 'enabled' | 'enhanced' | 'disabled';

export async function setContainerInsights(
  client: ECSClient,
  cluster: string,
  value: ContainerInsightsValue,
  signal?: AbortSignal,
): Promise<Cluster | undefined> {
  const out = await client.send(
    new UpdateClusterSettingsCommand({ cluster, settings: [{ name: 'containerInsights', value }] }),
    { abortSignal: signal },
  );
  return out.cluster;
}
