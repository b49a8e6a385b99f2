/**
 * The Docker side of the local task endpoints: the link-local endpoints network
 * (workflows/local/endpoints/endpointAddress.ts) and one sample of a container's stats for the
 * metadata endpoint's `/stats`. Over an existing dockerode connection. Editor-free.
 */
import type { EndpointsNetworkDocker } from '../workflows/local/endpoints/endpointAddress';
import type { DockerStats } from '../workflows/local/endpoints/taskEndpoints';
import { asDockerError, type DockerConnection } from './dockerClient';

function statusOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

export function endpointsNetworkDocker(connection: DockerConnection): EndpointsNetworkDocker {
  const { docker, endpoint } = connection;
  const gatewayOf = async (name: string): Promise<string | undefined> => {
    const info = (await docker.getNetwork(name).inspect()) as {
      IPAM?: { Config?: Array<{ Gateway?: string }> };
    };
    return info.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
  };
  return {
    async operatingSystem() {
      try {
        const info = (await docker.info()) as { OperatingSystem?: string };
        return info.OperatingSystem ?? '';
      } catch (error) {
        throw asDockerError(error, endpoint);
      }
    },
    async ensureNetwork(spec) {
      try {
        return { gateway: await gatewayOf(spec.name), created: false };
      } catch (error) {
        if (statusOf(error) !== 404) throw asDockerError(error, endpoint);
      }
      try {
        await docker.createNetwork({
          Name: spec.name,
          Driver: 'bridge',
          CheckDuplicate: true,
          Labels: { ...spec.labels },
          IPAM: { Driver: 'default', Config: [{ Subnet: spec.subnet, Gateway: spec.gateway }] },
        });
        return { gateway: spec.gateway, created: true };
      } catch (error) {
        // Another window created it at the same moment: use theirs.
        if (statusOf(error) === 409) return { gateway: await gatewayOf(spec.name), created: false };
        throw asDockerError(error, endpoint);
      }
    },
    async removeNetwork(name) {
      try {
        await docker.getNetwork(name).remove();
        return 'removed';
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) return 'absent';
        // "error while removing network: network … has active endpoints"
        if (status === 403 || status === 409) return 'inUse';
        throw asDockerError(error, endpoint);
      }
    },
  };
}

/** One stats sample in Docker's shape (with `precpu_stats`, which is why Docker takes about a second). */
export function containerStatsReader(connection: DockerConnection): (dockerId: string) => Promise<DockerStats> {
  return async (dockerId) => {
    try {
      return (await connection.docker.getContainer(dockerId).stats({ stream: false })) as unknown as DockerStats;
    } catch (error) {
      throw asDockerError(error, connection.endpoint);
    }
  };
}
