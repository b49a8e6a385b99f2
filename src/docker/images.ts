/**
 * Images for Run Locally: is it here (and for which platform), pull it (ECR with the token the push
 * code uses, other registries as Docker does), the engine's own platform, and the pause image made
 * from a tar (`POST /images/create?fromSrc=-`, i.e. `docker import`: no registry, works offline).
 * A failed pull answers HTTP 200 with an `error` line, like a push: every line is parsed.
 * Editor-free.
 */
import { Readable } from 'node:stream';
import type { DockerConnection } from './dockerClient';
import { asDockerError } from './dockerClient';
import { abortError } from '../shared/abort';
import type { RegistryAuth } from './imagePusher';
import { registryHost } from './imagePusher';
import { consumeDockerStream } from './streamParser';

export interface LocalImage {
  readonly id: string;
  readonly os: string;
  readonly architecture: string;
}

export interface EnginePlatform {
  readonly os: string;
  /** Go's names: amd64, arm64. */
  readonly architecture: string;
}

export class PullError extends Error {
  constructor(
    readonly image: string,
    readonly reason: string,
  ) {
    super(`The image could not be pulled: ${image}: ${reason}`);
    this.name = 'PullError';
  }
}

/** The image as the daemon has it, or undefined when it does not. */
export async function inspectImage(
  connection: DockerConnection,
  ref: string,
): Promise<LocalImage | undefined> {
  try {
    const info = await connection.docker.getImage(ref).inspect();
    return { id: info.Id, os: info.Os, architecture: info.Architecture };
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
    throw asDockerError(error, connection.endpoint);
  }
}

export async function enginePlatform(connection: DockerConnection): Promise<EnginePlatform> {
  try {
    const version = (await connection.docker.version()) as { Os?: string; Arch?: string };
    return { os: version.Os ?? 'linux', architecture: version.Arch ?? 'amd64' };
  } catch (error) {
    throw asDockerError(error, connection.endpoint);
  }
}

/** `repo:tag`, `repo@sha256:…` or `repo` (→ latest): split for `/images/create`. */
export function splitReference(ref: string): { fromImage: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { fromImage: ref.slice(0, at), tag: ref.slice(at + 1) };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { fromImage: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { fromImage: ref, tag: 'latest' };
}

/** Pulls `ref` (with `auth` for a private registry such as ECR); rejects with a PullError saying why. */
export async function pullImage(
  connection: DockerConnection,
  ref: string,
  auth?: RegistryAuth,
  onOutput?: (text: string) => void,
  signal?: AbortSignal,
): Promise<LocalImage> {
  const { fromImage, tag } = splitReference(ref);
  let failure: string | undefined;
  try {
    const authconfig = auth ? { ...auth, serveraddress: registryHost(auth.serveraddress) } : undefined;
    // createImage(auth, options): the auth goes in the X-Registry-Auth header, never the query.
    const stream = await connection.docker.createImage(authconfig as never, {
      fromImage,
      tag,
      ...(signal ? { abortSignal: signal } : {}),
    });
    await consumeDockerStream(stream, (event) => {
      if (event.kind === 'error') failure ??= event.message;
      else if (event.kind === 'status' && !event.id) onOutput?.(`${event.status}\n`);
    });
  } catch (error) {
    if (signal?.aborted) throw abortError();
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') throw new PullError(ref, (error as Error).message);
    throw asDockerError(error, connection.endpoint);
  }
  if (failure !== undefined) throw new PullError(ref, failure);
  const image = await inspectImage(connection, ref);
  if (!image) throw new PullError(ref, 'the daemon reported no error but does not have the image');
  return image;
}

/** Imports a root filesystem tar as `repo:tag` with Dockerfile-like `changes` (`LABEL a=b`, `CMD […]`). */
export async function importImage(
  connection: DockerConnection,
  tar: Buffer,
  repo: string,
  tag: string,
  changes: readonly string[],
): Promise<LocalImage> {
  try {
    // Without a callback dockerode returns a promise; its types say void.
    const stream = await (connection.docker.importImage(Readable.from([tar]), {
      repo,
      tag,
      changes: [...changes],
    } as never) as unknown as Promise<NodeJS.ReadableStream>);
    let failure: string | undefined;
    await consumeDockerStream(stream, (event) => {
      if (event.kind === 'error') failure ??= event.message;
    });
    if (failure !== undefined) throw new Error(`docker import ${repo}:${tag} failed: ${failure}`);
  } catch (error) {
    throw asDockerError(error, connection.endpoint);
  }
  const image = await inspectImage(connection, `${repo}:${tag}`);
  if (!image) throw new Error(`docker import ${repo}:${tag} reported no error but the image is missing`);
  return image;
}
