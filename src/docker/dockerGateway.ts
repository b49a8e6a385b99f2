/**
 * Everything the extension asks of a Docker daemon, behind a narrow interface like the AWS
 * gateways: reachability, build, push. One gateway per endpoint, built in the composition root
 * (services.ts); dockerode itself is required on the first call, not at activation (most sessions
 * never build an image). Workflows take a DockerGateway, so their unit tests can use an in-memory
 * one (test/fakes/fakeDockerGateway.ts) where the real engine is not the point. Editor-free.
 */
import { connectDocker, ensureDockerReachable, type DockerConnection } from './dockerClient';
import type { DockerEndpoint } from './dockerEndpoint';
import { buildImage, type BuildListener, type BuildRequest, type BuiltImage } from './imageBuilder';
import { pushImage, type PushedImage, type PushListener, type PushRequest } from './imagePusher';

export interface DockerGateway {
  /** Where the daemon is, e.g. `unix:///var/run/docker.sock (DOCKER_HOST)`: shown before connecting. */
  readonly description: string;
  /** Pings the daemon; an unreachable one rejects with a DockerUnavailableError naming the endpoint. */
  ensureReachable(signal?: AbortSignal): Promise<void>;
  /** Builds with the classic builder and inspects the result (its platform is what was built, not asked). */
  build(request: BuildRequest, listener?: BuildListener, signal?: AbortSignal): Promise<BuiltImage>;
  /** Tags and pushes; resolves with the pushed digest. */
  push(request: PushRequest, listener?: PushListener, signal?: AbortSignal): Promise<PushedImage>;
}

/** The gateway over an existing connection (tests that also drive dockerode directly use this). */
export function dockerGatewayOf(connection: DockerConnection): DockerGateway {
  return {
    description: connection.endpoint.description,
    ensureReachable: (signal) => ensureDockerReachable(connection, signal),
    build: (request, listener, signal) => buildImage(connection, request, listener, signal),
    push: (request, listener, signal) => pushImage(connection, request, listener, signal),
  };
}

/** The gateway of one endpoint; the dockerode client is created on the first call. */
export function lazyDockerGateway(endpoint: DockerEndpoint): DockerGateway {
  let gateway: DockerGateway | undefined;
  const connected = () => (gateway ??= dockerGatewayOf(connectDocker(endpoint)));
  return {
    description: endpoint.description,
    ensureReachable: (signal) => connected().ensureReachable(signal),
    build: (request, listener, signal) => connected().build(request, listener, signal),
    push: (request, listener, signal) => connected().push(request, listener, signal),
  };
}

/**
 * The gateway of the endpoint in effect now (DOCKER_HOST, the Docker context…), built once per
 * endpoint: resolving is cheap and follows a context switch, the client is reused.
 */
export function perDockerEndpoint(resolve: () => DockerEndpoint): () => DockerGateway {
  const gateways = new Map<string, DockerGateway>();
  return () => {
    const endpoint = resolve();
    const key = JSON.stringify(endpoint.options);
    let gateway = gateways.get(key);
    if (!gateway) gateways.set(key, (gateway = lazyDockerGateway(endpoint)));
    return gateway;
  };
}
