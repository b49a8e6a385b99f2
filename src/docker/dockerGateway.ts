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
import {
  pushImage,
  type PushedImage,
  type PushListener,
  type PushRequest,
  type RegistryAuth,
} from './imagePusher';
import {
  createContainer,
  createNetwork,
  containerStats,
  inspectContainer,
  listByLabel,
  removeContainer,
  removeNetwork,
  startContainer,
  stopContainer,
  waitContainer,
  type ContainerSpec,
  type ContainerState,
  type LabelledResources,
  type Labels,
} from './containers';
import {
  containerEvents,
  followContainerLogs,
  type ContainerEvent,
  type ContainerLogLine,
} from './containerStreams';
import { enginePlatform, inspectImage, pullImage, type EnginePlatform, type LocalImage } from './images';
import { ensurePauseImage, type PauseImage } from './pauseImage';

export interface DockerGateway {
  /** Where the daemon is, e.g. `unix:///var/run/docker.sock (DOCKER_HOST)`: shown before connecting. */
  readonly description: string;
  /** Pings the daemon; an unreachable one rejects with a DockerUnavailableError naming the endpoint. */
  ensureReachable(signal?: AbortSignal): Promise<void>;
  /** Builds with the classic builder and inspects the result (its platform is what was built, not asked). */
  build(request: BuildRequest, listener?: BuildListener, signal?: AbortSignal): Promise<BuiltImage>;
  /** Tags and pushes; resolves with the pushed digest. */
  push(request: PushRequest, listener?: PushListener, signal?: AbortSignal): Promise<PushedImage>;

  // Run Locally (docs/local-run.md): images, networks, containers, their logs and events.
  /** The image as the daemon has it, or undefined. */
  inspectImage(ref: string): Promise<LocalImage | undefined>;
  /** Pulls with `auth` (ECR: the token the push uses); rejects with a PullError saying why. */
  pullImage(
    ref: string,
    auth?: RegistryAuth,
    onOutput?: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<LocalImage>;
  /** The engine's os and architecture (Go names: amd64, arm64). */
  enginePlatform(): Promise<EnginePlatform>;
  /** The pause image for the engine's architecture, imported (offline) the first time. */
  ensurePauseImage(label: string): Promise<PauseImage>;
  createNetwork(name: string, labels: Labels): Promise<{ id: string; gateway?: string }>;
  removeNetwork(id: string): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`; stopped or gone is fine. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Force-removes; gone is fine. */
  removeContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerState>;
  /** The exit code, when the container stops. */
  waitContainer(id: string, signal?: AbortSignal): Promise<number>;
  containerStats(id: string): Promise<unknown>;
  /** Containers and networks with the label (`key` or `key=value`). */
  listByLabel(label: string): Promise<LabelledResources>;
  followLogs(id: string, signal: AbortSignal): AsyncIterable<ContainerLogLine>;
  /** Container events (start, die, health_status: …) of the containers with the label. */
  containerEvents(label: string, signal: AbortSignal): AsyncIterable<ContainerEvent>;
}

/** The gateway over an existing connection (tests that also drive dockerode directly use this). */
export function dockerGatewayOf(connection: DockerConnection): DockerGateway {
  return {
    description: connection.endpoint.description,
    ensureReachable: (signal) => ensureDockerReachable(connection, signal),
    build: (request, listener, signal) => buildImage(connection, request, listener, signal),
    push: (request, listener, signal) => pushImage(connection, request, listener, signal),
    inspectImage: (ref) => inspectImage(connection, ref),
    pullImage: (ref, auth, onOutput, signal) => pullImage(connection, ref, auth, onOutput, signal),
    enginePlatform: () => enginePlatform(connection),
    ensurePauseImage: (label) => ensurePauseImage(connection, label),
    createNetwork: (name, labels) => createNetwork(connection, name, labels),
    removeNetwork: (id) => removeNetwork(connection, id),
    createContainer: (spec) => createContainer(connection, spec),
    startContainer: (id) => startContainer(connection, id),
    stopContainer: (id, timeout) => stopContainer(connection, id, timeout),
    removeContainer: (id) => removeContainer(connection, id),
    inspectContainer: (id) => inspectContainer(connection, id),
    waitContainer: (id, signal) => waitContainer(connection, id, signal),
    containerStats: (id) => containerStats(connection, id),
    listByLabel: (label) => listByLabel(connection, label),
    followLogs: (id, signal) => followContainerLogs(connection, id, signal),
    containerEvents: (label, signal) => containerEvents(connection, label, signal),
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
    inspectImage: (ref) => connected().inspectImage(ref),
    pullImage: (ref, auth, onOutput, signal) => connected().pullImage(ref, auth, onOutput, signal),
    enginePlatform: () => connected().enginePlatform(),
    ensurePauseImage: (label) => connected().ensurePauseImage(label),
    createNetwork: (name, labels) => connected().createNetwork(name, labels),
    removeNetwork: (id) => connected().removeNetwork(id),
    createContainer: (spec) => connected().createContainer(spec),
    startContainer: (id) => connected().startContainer(id),
    stopContainer: (id, timeout) => connected().stopContainer(id, timeout),
    removeContainer: (id) => connected().removeContainer(id),
    inspectContainer: (id) => connected().inspectContainer(id),
    waitContainer: (id, signal) => connected().waitContainer(id, signal),
    containerStats: (id) => connected().containerStats(id),
    listByLabel: (label) => connected().listByLabel(label),
    followLogs: (id, signal) => connected().followLogs(id, signal),
    containerEvents: (label, signal) => connected().containerEvents(label, signal),
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
