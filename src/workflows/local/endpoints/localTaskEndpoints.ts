/**
 * The runner's seam (`StartTaskEndpoints` in ../localTask.ts) filled in: finds where to listen
 * (endpointAddress.ts), starts the task's endpoint server with the credentials the command chose,
 * and on close stops it and removes the endpoints network once no local task uses it.
 * Editor-free.
 */
import { silentLogger, type Logger } from '../../../shared/logger';
import type { LocalTaskSnapshot, StartTaskEndpoints } from '../localTask';
import {
  placeEndpoints,
  releaseEndpoints,
  type EndpointsNetworkDocker,
  type EndpointsPlacement,
} from './endpointAddress';
import type { MetadataTask } from './metadataTask';
import type { CredentialsSource } from './taskCredentials';
import { startTaskEndpoints } from './taskEndpoints';

export interface LocalEndpointsDeps {
  readonly network: EndpointsNetworkDocker;
  /** The connection's region: AWS_REGION in the containers (none without a connection). */
  readonly region?: string;
  /** The task role's credentials (or the user's own, if they chose so); undefined: no taskRoleArn. */
  readonly credentials?: CredentialsSource;
  /** The redactor's registerSecret: the authorization token never reaches a log. */
  readonly onSecret?: (secret: string) => void;
  /** Told where the endpoints are (Docker Desktop: a warning to show). */
  readonly onPlacement?: (placement: EndpointsPlacement) => void;
  readonly logger?: Logger;
}

/** The runner's task in the metadata endpoint's terms (the pause container is not listed, as on Fargate). */
export function metadataTaskOf(task: LocalTaskSnapshot, region: string | undefined): MetadataTask {
  const desired = task.desiredStatus;
  return {
    taskArn: task.taskArn,
    cluster: task.cluster,
    family: task.family,
    revision: task.revision ?? 0,
    desiredStatus: desired,
    knownStatus: task.status,
    ...(task.cpu !== undefined ? { cpu: task.cpu } : {}),
    ...(task.memory !== undefined ? { memory: task.memory } : {}),
    ...(region ? { availabilityZone: `${region}-local` } : {}),
    ...(task.ipv4Address ? { network: { ipv4Address: task.ipv4Address } } : {}),
    ...(task.stoppedAt ? { executionStoppedAt: task.stoppedAt } : {}),
    containers: task.containers.map((c) => ({
      name: c.name,
      image: c.image,
      ...(c.imageId ? { imageId: c.imageId } : {}),
      ...(c.dockerId ? { dockerId: c.dockerId } : {}),
      ...(c.dockerName ? { dockerName: c.dockerName } : {}),
      desiredStatus: desired,
      knownStatus: c.status,
      ...(c.hasHealthCheck ? { health: { status: c.health } } : {}),
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.cpu !== undefined ? { cpu: c.cpu } : {}),
      ...(c.memory !== undefined ? { memory: c.memory } : {}),
      ...(c.startedAt ? { createdAt: c.startedAt, startedAt: c.startedAt } : {}),
      ...(c.finishedAt ? { finishedAt: c.finishedAt } : {}),
      ports: c.ports,
    })),
  };
}

export function localTaskEndpoints(deps: LocalEndpointsDeps): StartTaskEndpoints {
  const logger = deps.logger ?? silentLogger;
  return async (context) => {
    const placement = await placeEndpoints(deps.network);
    deps.onPlacement?.(placement);
    const endpoints = await startTaskEndpoints({
      task: () => metadataTaskOf(context.task(), deps.region),
      stats: (dockerId) => context.stats(dockerId, context.signal),
      ...(deps.credentials ? { credentials: deps.credentials } : {}),
      listen: { host: placement.bindHost, urlHost: placement.urlHost },
      ...(deps.region ? { region: deps.region } : {}),
      ...(deps.onSecret ? { onSecret: deps.onSecret } : {}),
      logger,
    });
    return {
      envFor: (name) => endpoints.envFor(name),
      async close() {
        await endpoints.close();
        await releaseEndpoints(deps.network, placement, context.task().taskId).catch((error: unknown) =>
          logger.warn(`The local endpoints network was not removed: ${(error as Error).message}`),
        );
      },
    };
  };
}
