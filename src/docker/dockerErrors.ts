/**
 * Typed failures of the Docker layer. Each message says what failed, why (the daemon's or the
 * registry's own words) and what to do; the variable part comes last, after a colon.
 */
import { basePullHint } from './basePull';
import type { BuildStep } from './streamParser';

export class DockerUnavailableError extends Error {
  constructor(
    readonly endpoint: string,
    readonly underlying: unknown,
  ) {
    const code = (underlying as { code?: unknown } | undefined)?.code;
    const why =
      code === 'EACCES'
        ? 'permission denied on the socket (add your user to the "docker" group, or point DOCKER_HOST at a socket you can use)'
        : code === 'ENOENT'
          ? 'no socket there (start Docker Desktop, Colima or Podman, or set DOCKER_HOST or a docker context)'
          : code === 'ECONNREFUSED'
            ? 'the connection was refused (start the Docker daemon, or set DOCKER_HOST to the right address)'
            : `${underlying instanceof Error ? underlying.message : String(underlying)} (start Docker, or set DOCKER_HOST or a docker context)`;
    super(`Cannot reach the Docker daemon — ${why}. Tried: ${endpoint}`);
    this.name = 'DockerUnavailableError';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
]);

/** True when the error means the daemon could not be reached at all. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

export class BuildError extends Error {
  constructor(
    /** The daemon's message, e.g. "The command '/bin/sh -c false' returned a non-zero code: 1". */
    readonly daemonMessage: string,
    /** The step that failed, when the stream said which. */
    readonly step: BuildStep | undefined,
    /** The last lines of the build output, for context. */
    readonly outputTail: string,
    hint?: string,
  ) {
    const where = step ? ` at step ${step.current}/${step.total} (${step.instruction})` : '';
    super(`The image build failed${where}${hint ? ` — ${hint}` : ''}: ${daemonMessage}`);
    this.name = 'BuildError';
  }
}

/**
 * The likely cause of a build failure, from the daemon's message (and the step it failed at: a
 * FROM that cannot pull gets the registry, the reason and what to do, basePull.ts).
 */
export function buildHint(message: string, step?: BuildStep, platform?: string): string | undefined {
  const pull = basePullHint(message, step, platform);
  if (pull) return pull;
  if (/exec format error/i.test(message)) {
    return 'a RUN step executed a binary for another CPU architecture; build for the host platform, or install qemu-user-static and binfmt-support';
  }
  if (
    /COPY failed|ADD failed|failed to compute cache key|no such file or directory/i.test(message) &&
    /stat|not found|no such file/i.test(message)
  ) {
    return 'the file is not in the build context (check the path, and that .dockerignore does not exclude it)';
  }
  if (
    /pull access denied|manifest unknown|repository does not exist|failed to resolve|dial tcp|proxyconnect/i.test(
      message,
    )
  ) {
    return 'the base image could not be pulled (check its name, run `docker login` for private registries, or pull it first)';
  }
  if (/returned a non-zero code/i.test(message)) return 'a RUN command failed; see the output above it';
  if (/dockerfile parse error|unknown instruction/i.test(message)) return 'the Dockerfile has a syntax error';
  return undefined;
}

export class PushError extends Error {
  constructor(
    readonly registryMessage: string,
    readonly hint: string | undefined,
    readonly imageRef: string,
  ) {
    super(`Pushing ${imageRef} failed${hint ? ` — ${hint}` : ''}: ${registryMessage}`);
    this.name = 'PushError';
  }
}

/** The likely cause of a push failure, from the registry's message. */
export function pushHint(message: string): string | undefined {
  if (
    /tag invalid|cannot be overwritten because the (repository|tag) is immutable|ImageTagAlreadyExists|immutable/i.test(
      message,
    )
  ) {
    return 'the repository has immutable tags and this tag already exists; push under a new tag';
  }
  if (/name unknown|repository .* not found|does not exist/i.test(message)) {
    return 'the repository does not exist in this registry; create it first';
  }
  if (
    /unauthorized|authentication required|no basic auth credentials|authorization token has expired/i.test(
      message,
    )
  ) {
    return 'the registry rejected the credentials (the ECR token may have expired, or belongs to another account or region)';
  }
  if (/denied|not authorized|AccessDenied/i.test(message)) {
    return 'the credentials are not allowed to push here (the IAM policy needs ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchCheckLayerAvailability)';
  }
  if (/An image does not exist locally|No such image|tag does not exist/i.test(message)) {
    return 'the image to push is not in the local daemon (build it first)';
  }
  if (/connection refused|no such host|i\/o timeout|dial tcp/i.test(message)) {
    return "the daemon cannot reach the registry (check the network and the daemon's proxy settings)";
  }
  return undefined;
}

export class PlatformMismatchError extends Error {
  constructor(
    readonly wanted: string,
    readonly actual: string,
    readonly imageRef: string,
  ) {
    super(
      `The built image is ${actual}, not ${wanted} as the task needs — the daemon reused a cached or pulled base image of ` +
        `its own architecture, so Fargate would stop the task with "exec format error". Rebuild without the cache ` +
        `(and with qemu-user-static/binfmt for a foreign CPU, or Docker Buildx), or set the task definition's ` +
        `runtimePlatform.cpuArchitecture to match: ${imageRef}`,
    );
    this.name = 'PlatformMismatchError';
  }
}
