/**
 * Where a local task's endpoint server listens, so that its containers reach it and nothing beyond
 * the machine does (docs/local-run.md §1).
 *
 * The AWS SDKs accept an http `AWS_CONTAINER_CREDENTIALS_FULL_URI` only on a loopback address or on
 * ECS's link-local 169.254.170.2, and a container's loopback is its own. So, on a Linux engine, the
 * extension keeps one Docker network whose gateway (the host's end of the bridge) IS 169.254.170.2:
 * the server binds that address, which only this machine and its containers can reach (a link-local
 * address is never routed). Any container reaches it through its own network's gateway, since the
 * host owns the address. On Docker Desktop the engine runs in a VM: the server binds 127.0.0.1 and
 * the containers use host.docker.internal (the SDKs then refuse the credentials URL: said up front).
 * An engine on another machine cannot reach this one at all: refused with an explanation.
 */
import { createServer } from 'node:net';

export const ENDPOINTS_NETWORK = 'ecs-fargate-local-endpoints';
/** ECS's container endpoint address (the SDKs' ECS_CONTAINER_HOST). */
export const ENDPOINTS_HOST = '169.254.170.2';
export const ENDPOINTS_SUBNET = '169.254.170.0/24';
/** The label on the network, so a crash's leftovers are found (the runner's clean-up lists by label). */
export const ENDPOINTS_LABELS: Readonly<Record<string, string>> = {
  'ecs-fargate.local': 'endpoints',
};
export const DESKTOP_HOST_NAME = 'host.docker.internal';

/** The few Docker calls the placement needs (src/docker/endpointsNetworkGateway.ts over dockerode). */
export interface EndpointsNetworkDocker {
  /** `docker info`'s OperatingSystem, e.g. "Docker Desktop", "Debian GNU/Linux 12 (bookworm)". */
  operatingSystem(): Promise<string>;
  /** Creates the network unless it exists; resolves with its IPv4 gateway. */
  ensureNetwork(spec: {
    name: string;
    subnet: string;
    gateway: string;
    labels: Readonly<Record<string, string>>;
  }): Promise<{ gateway: string | undefined; created: boolean }>;
  /**
   * Removes the network unless a local task other than `closingTask` still runs (`inUse`);
   * `absent` when already gone.
   */
  removeNetwork(name: string, closingTask?: string): Promise<'removed' | 'inUse' | 'absent'>;
}

export type EndpointsPlacement =
  | { kind: 'linkLocal'; bindHost: string; urlHost: string; network: string }
  | { kind: 'desktop'; bindHost: string; urlHost: string; warning: string };

export class EndpointsUnreachableError extends Error {
  override readonly name = 'EndpointsUnreachableError';
}

/**
 * Whether this machine owns `host`: a listen on it succeeds. (os.networkInterfaces() cannot say: it
 * omits interfaces that are down, and a bridge without containers is down.)
 */
export function canListenOn(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * Decides where to listen: ensures the endpoints network, then binds its gateway when this machine
 * owns it (a Linux engine on this machine).
 */
export async function placeEndpoints(
  docker: EndpointsNetworkDocker,
  canListen: (host: string) => Promise<boolean> = canListenOn,
): Promise<EndpointsPlacement> {
  const operatingSystem = await docker.operatingSystem();
  if (/docker desktop/i.test(operatingSystem)) {
    return {
      kind: 'desktop',
      bindHost: '127.0.0.1',
      urlHost: DESKTOP_HOST_NAME,
      warning:
        'Docker Desktop runs containers in a VM: they reach the task metadata endpoint at host.docker.internal, ' +
        'but the AWS SDKs accept a container credentials URL over http only at 169.254.170.2 or a loopback ' +
        'address, so SDK calls in the containers will not find the task role credentials.',
    };
  }
  const { gateway } = await docker.ensureNetwork({
    name: ENDPOINTS_NETWORK,
    subnet: ENDPOINTS_SUBNET,
    gateway: ENDPOINTS_HOST,
    labels: ENDPOINTS_LABELS,
  });
  if (gateway !== ENDPOINTS_HOST) {
    throw new EndpointsUnreachableError(
      `The Docker network ${ENDPOINTS_NETWORK} exists with gateway ${gateway ?? 'none'}, not ${ENDPOINTS_HOST}: ` +
        `remove it (docker network rm ${ENDPOINTS_NETWORK}) and run again.`,
    );
  }
  if (!(await canListen(ENDPOINTS_HOST))) {
    throw new EndpointsUnreachableError(
      `The Docker engine (${operatingSystem}) is not on this machine, or runs rootless: its containers cannot ` +
        `reach an endpoint served here (${ENDPOINTS_HOST} is not an address of this machine). Run Locally needs ` +
        'a Docker engine on this machine (Linux) or Docker Desktop.',
    );
  }
  return { kind: 'linkLocal', bindHost: ENDPOINTS_HOST, urlHost: ENDPOINTS_HOST, network: ENDPOINTS_NETWORK };
}

/**
 * Removes the endpoints network when no local task uses it any more: while a task of any VS Code
 * window runs (its containers carry the runner's task label), its server is bound to the gateway.
 */
export async function releaseEndpoints(
  docker: EndpointsNetworkDocker,
  placement: EndpointsPlacement,
  closingTask?: string,
): Promise<void> {
  if (placement.kind !== 'linkLocal') return;
  await docker.removeNetwork(placement.network, closingTask);
}
