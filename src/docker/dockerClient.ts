/**
 * The only place that constructs a dockerode client. dockerode (and ssh2 under it) is required on
 * first use, not at activation: most sessions never build an image.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type Dockerode from 'dockerode';
import type { DockerEndpoint } from './dockerEndpoint';
import { DockerUnavailableError, isConnectionError } from './dockerErrors';

export interface DockerConnection {
  readonly docker: Dockerode;
  readonly endpoint: DockerEndpoint;
}

export function connectDocker(endpoint: DockerEndpoint): DockerConnection {
  const DockerodeClass = require('dockerode') as typeof Dockerode;
  return { docker: new DockerodeClass(endpoint.options), endpoint };
}

/** Pings the daemon; an unreachable one becomes a DockerUnavailableError naming the endpoint. */
export async function ensureDockerReachable(
  connection: DockerConnection,
  signal?: AbortSignal,
): Promise<void> {
  try {
    // ping() takes no options in @types/dockerode, but dockerode passes `abortSignal` through.
    const ping = connection.docker.ping.bind(connection.docker) as (options: {
      abortSignal?: AbortSignal;
    }) => Promise<unknown>;
    await ping({ ...(signal ? { abortSignal: signal } : {}) });
  } catch (error) {
    throw asDockerError(error, connection.endpoint);
  }
}

/** Turns a socket-level failure into DockerUnavailableError; other errors pass through. */
export function asDockerError(error: unknown, endpoint: DockerEndpoint): unknown {
  return isConnectionError(error) ? new DockerUnavailableError(endpoint.description, error) : error;
}
