/**
 * Builds an image with the daemon's classic builder (Engine API /build): the context is streamed
 * from disk (buildContext.ts), every line of the answer is parsed (a failed RUN still answers
 * HTTP 200), and the result is inspected, because the daemon does not guarantee the platform it
 * was asked for: with a cached base image of another architecture it returns that architecture.
 */
import type { ImageBuildOptions } from 'dockerode';
import type { DockerConnection } from './dockerClient';
import { abortError } from '../shared/abort';
import { asDockerError } from './dockerClient';
import { createBuildContext } from './buildContext';
import { BuildError, buildHint, PlatformMismatchError } from './dockerErrors';
import { consumeDockerStream, type BuildStep, type DockerStreamEvent } from './streamParser';

export interface BuildRequest {
  readonly contextDir: string;
  readonly dockerfile: string;
  /** Full references, e.g. `123.dkr.ecr.us-east-1.amazonaws.com/web:abc1234`. */
  readonly tags: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /** `linux/amd64`, `linux/arm64`. */
  readonly platform?: string;
}

export interface BuildListener {
  onEvent?(event: DockerStreamEvent): void;
  onStep?(step: BuildStep): void;
  /** The build's text output, as it arrives. */
  onOutput?(text: string): void;
}

export interface BuiltImage {
  readonly imageId: string;
  readonly tags: readonly string[];
  /** `linux/amd64` (with `/variant` when the image has one). */
  readonly platform: string;
  readonly os: string;
  readonly architecture: string;
  readonly size?: number;
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', x86: '386', aarch64: 'arm64', armhf: 'arm' };

/** `linux/aarch64/v8` → `{os: 'linux', architecture: 'arm64'}` (arm64's only variant is v8). */
export function normalizePlatform(platform: string): { os: string; architecture: string; variant?: string } {
  const [os = 'linux', arch = 'amd64', variant] = platform.toLowerCase().split('/');
  const architecture = ARCH_ALIASES[arch] ?? arch;
  return {
    os,
    architecture,
    ...(variant && !(architecture === 'arm64' && variant === 'v8') ? { variant } : {}),
  };
}

export function samePlatform(a: string, b: string): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return x.os === y.os && x.architecture === y.architecture && (x.variant ?? '') === (y.variant ?? '');
}

/** Throws PlatformMismatchError when the built image is not for `wanted`. */
export function verifyPlatform(image: BuiltImage, wanted: string): void {
  if (!samePlatform(image.platform, wanted)) {
    throw new PlatformMismatchError(wanted, image.platform, image.tags[0] ?? image.imageId);
  }
}

const OUTPUT_TAIL_LINES = 20;

export async function buildImage(
  connection: DockerConnection,
  request: BuildRequest,
  listener: BuildListener = {},
  signal?: AbortSignal,
): Promise<BuiltImage> {
  if (signal?.aborted) throw abortError();
  const context = createBuildContext({ contextDir: request.contextDir, dockerfile: request.dockerfile });
  const options: Record<string, unknown> = {
    t: [...request.tags],
    dockerfile: context.dockerfileInContext,
    rm: true,
    forcerm: true,
    ...(request.buildArgs && Object.keys(request.buildArgs).length > 0
      ? { buildargs: { ...request.buildArgs } }
      : {}),
    ...(request.target ? { target: request.target } : {}),
    ...(request.labels && Object.keys(request.labels).length > 0 ? { labels: { ...request.labels } } : {}),
    ...(request.noCache ? { nocache: true } : {}),
    ...(request.platform ? { platform: request.platform } : {}),
    ...(signal ? { abortSignal: signal } : {}),
  };

  let step: BuildStep | undefined;
  let imageId: string | undefined;
  let failure: string | undefined;
  const tail: string[] = [];
  const remember = (text: string) => {
    for (const line of text.split('\n')) if (line.trim() !== '') tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.splice(0, tail.length - OUTPUT_TAIL_LINES);
  };
  const onEvent = (event: DockerStreamEvent) => {
    listener.onEvent?.(event);
    switch (event.kind) {
      case 'step':
        step = event.step;
        listener.onStep?.(event.step);
        listener.onOutput?.(event.text);
        remember(event.text);
        break;
      case 'log': {
        listener.onOutput?.(event.text);
        remember(event.text);
        const built = /Successfully built ([0-9a-f]{12,64})/.exec(event.text);
        if (built?.[1]) imageId ??= built[1];
        break;
      }
      case 'status':
        listener.onOutput?.(`${event.id ? `${event.id}: ` : ''}${event.status}\n`);
        break;
      case 'aux':
        if (typeof event.aux.ID === 'string') imageId = event.aux.ID;
        break;
      case 'error':
        // The first error is the cause; later ones only repeat it.
        failure ??= event.message;
        listener.onOutput?.(`ERROR: ${event.message}\n`);
        break;
    }
  };

  try {
    const stream: NodeJS.ReadableStream = await connection.docker.buildImage(
      context.stream,
      options as ImageBuildOptions,
    );
    await consumeDockerStream(stream, onEvent);
  } catch (error) {
    context.stream.destroy();
    if (signal?.aborted) throw abortError();
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') {
      // The daemon refused the build before starting it (a Dockerfile syntax error: 400).
      const message = daemonMessage(error);
      throw new BuildError(message, undefined, '', buildHint(message));
    }
    throw asDockerError(error, connection.endpoint);
  }
  if (signal?.aborted) throw abortError();
  if (failure !== undefined) {
    throw new BuildError(failure, step, tail.join('\n'), buildHint(failure, step, request.platform));
  }
  if (imageId === undefined) {
    throw new BuildError('the daemon did not report the image it built', step, tail.join('\n'));
  }
  return inspectBuilt(connection, imageId, request.tags);
}

async function inspectBuilt(
  connection: DockerConnection,
  imageId: string,
  tags: readonly string[],
): Promise<BuiltImage> {
  const info = await connection.docker.getImage(imageId).inspect();
  const os = info.Os || 'linux';
  const architecture = info.Architecture || 'amd64';
  const variant = (info as { Variant?: string }).Variant;
  return {
    imageId: info.Id || imageId,
    tags,
    os,
    architecture,
    platform: `${os}/${architecture}${variant ? `/${variant}` : ''}`,
    size: info.Size,
  };
}

/** The daemon's own message from a dockerode HTTP error ("(HTTP code 400) … - message"). */
export function daemonMessage(error: unknown): string {
  const json = (error as { json?: unknown }).json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim();
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(HTTP code \d+\)\s*[a-z ]*-\s*/i, '').trim();
}
