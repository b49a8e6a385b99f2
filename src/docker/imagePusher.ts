/**
 * Tags a built image and pushes it with the `X-Registry-Auth` header (dockerode sends `authconfig`
 * as that header: base64 JSON `{username, password, serveraddress}`, the address without a scheme).
 * A failed push still answers HTTP 200, so every line is parsed and the first `error` line becomes
 * a PushError with the registry's words and the likely cause.
 */
import type { ImagePushOptions } from 'dockerode';
import type { DockerConnection } from './dockerClient';
import { abortError } from '../shared/abort';
import { asDockerError } from './dockerClient';
import { PushError, pushHint } from './dockerErrors';
import { PushProgress, type PushSummary } from './pushProgress';
import { consumeDockerStream, type DockerStreamEvent } from './streamParser';

export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
  /** The registry host (and port), never with `https://`. */
  readonly serveraddress: string;
}

export interface PushRequest {
  /** The local image: an id or a reference. */
  readonly source: string;
  /** `registry/name`, without a tag. */
  readonly repository: string;
  readonly tags: readonly string[];
  readonly auth: RegistryAuth;
}

export interface PushListener {
  onEvent?(event: DockerStreamEvent): void;
  onProgress?(summary: PushSummary, tag: string): void;
  onOutput?(text: string): void;
}

export interface PushedImage {
  readonly repository: string;
  readonly digest: string;
  readonly tags: readonly string[];
  /** `repository@sha256:…`: the immutable reference for a task definition. */
  readonly imageUri: string;
  readonly summary: PushSummary;
}

/** `https://123.dkr.ecr.us-east-1.amazonaws.com/` → `123.dkr.ecr.us-east-1.amazonaws.com`. */
export function registryHost(endpoint: string): string {
  return endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
}

/** The Docker-style tag grammar: up to 128 of `[A-Za-z0-9_.-]`, not starting with `.` or `-`. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function tagProblem(tag: string): string | undefined {
  return TAG_PATTERN.test(tag)
    ? undefined
    : 'A tag is 1–128 letters, digits, "_", "." or "-", and cannot start with "." or "-"';
}

export async function pushImage(
  connection: DockerConnection,
  request: PushRequest,
  listener: PushListener = {},
  signal?: AbortSignal,
): Promise<PushedImage> {
  if (request.tags.length === 0) throw new Error('Nothing to push: no tag was given.');
  for (const tag of request.tags) {
    const problem = tagProblem(tag);
    if (problem) throw new Error(`${problem}: ${tag}`);
  }
  const auth = { ...request.auth, serveraddress: registryHost(request.auth.serveraddress) };
  const image = connection.docker.getImage(request.source);
  const progress = new PushProgress();
  let digest: string | undefined;
  try {
    for (const tag of request.tags) {
      await image.tag({ repo: request.repository, tag });
    }
    for (const tag of request.tags) {
      if (signal?.aborted) throw abortError();
      const ref = `${request.repository}:${tag}`;
      let failure: string | undefined;
      const pushOptions = { tag, authconfig: auth, ...(signal ? { abortSignal: signal } : {}) };
      const stream: NodeJS.ReadableStream = await connection.docker
        .getImage(request.repository)
        .push(pushOptions as ImagePushOptions);
      await consumeDockerStream(stream, (event) => {
        listener.onEvent?.(event);
        if (event.kind === 'error') {
          failure ??= event.message;
          listener.onOutput?.(`ERROR: ${event.message}\n`);
          return;
        }
        if (event.kind === 'aux' && typeof event.aux.Digest === 'string') digest = event.aux.Digest;
        if (event.kind === 'status') {
          const reported = /digest: (sha256:[0-9a-f]{64})/.exec(event.status);
          if (reported?.[1]) digest = reported[1];
          if (event.status !== 'Pushing')
            listener.onOutput?.(`${event.id ? `${event.id}: ` : ''}${event.status}\n`);
          if (progress.apply(event)) listener.onProgress?.(progress.summary(), tag);
        }
      });
      if (signal?.aborted) throw abortError();
      if (failure !== undefined) throw new PushError(failure, pushHint(failure), ref);
    }
  } catch (error) {
    if (signal?.aborted) throw abortError();
    if (error instanceof PushError) throw error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') {
      const message = (error as Error).message;
      throw new PushError(message, pushHint(message), `${request.repository}:${request.tags[0] ?? ''}`);
    }
    throw asDockerError(error, connection.endpoint);
  }
  if (digest === undefined) {
    throw new PushError('the daemon did not report the pushed digest', undefined, request.repository);
  }
  return {
    repository: request.repository,
    digest,
    tags: request.tags,
    imageUri: `${request.repository}@${digest}`,
    summary: progress.summary(),
  };
}
