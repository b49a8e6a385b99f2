/**
 * The Docker side of the local task endpoints' address (workflows/local/endpoints/endpointAddress.ts):
 * the engine's OperatingSystem, and the link-local endpoints network, created with a fixed subnet
 * and gateway and removed only when no local task of any window still runs. Over dockerode,
 * connected on first use. Editor-free.
 */
import type { EndpointsNetworkDocker } from '../workflows/local/endpoints/endpointAddress';
import { asDockerError, type DockerConnection } from './dockerClient';

function statusOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * `inUseLabel`: the label every local task's containers carry; while one of them runs (in any
 * window), the network stays, because that task's server is bound to its gateway address.
 */
export function endpointsNetworkGatewayOf(
  connection: DockerConnection,
  inUseLabel: string,
): EndpointsNetworkDocker {
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
    async removeNetwork(name, closingTask) {
      try {
        const running = await docker.listContainers({ filters: JSON.stringify({ label: [inUseLabel] }) });
        if (running.some((c) => c.Labels[inUseLabel] !== closingTask)) return 'inUse';
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
