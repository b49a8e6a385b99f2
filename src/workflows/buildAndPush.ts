/**
 * Build an image and push it to ECR, as one cancellable job with no editor in sight:
 * resolve the Docker endpoint → build (step events) → verify the platform → ensure the repository
 * (the caller decides whether to create it) → registry auth → tag → push (percentage) →
 * `{imageUri, digest, tags}` → when the repository scans on push, the wait for the scan (bounded,
 * cancellable; neither a timeout nor a cancellation there fails the push). The command layer asks
 * the questions and renders the events.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import {
  repositoryNameFrom,
  repositoryNameProblem,
  type CreateRepositoryOptions,
  type EcrGateway,
  type EcrRepository,
} from '../aws/ecrGateway';
import { abortError } from '../shared/abort';
import type { DockerGateway } from '../docker/dockerGateway';
import { verifyPlatform, type BuiltImage } from '../docker/imageBuilder';
import { tagProblem } from '../docker/imagePusher';
import type { PushSummary } from '../docker/pushProgress';
import type { BuildStep } from '../docker/streamParser';
import { waitForImageScan, type ImageScanReport, type ScanWaitOptions } from './imageScan';

/** Fargate runs linux/amd64 unless the task definition's runtimePlatform says otherwise. */
export const DEFAULT_PLATFORM = 'linux/amd64';

export type BuildAndPushPhase =
  'connect' | 'build' | 'verify' | 'repository' | 'auth' | 'push' | 'scan' | 'done';

export type BuildAndPushEvent =
  | { readonly kind: 'phase'; readonly phase: BuildAndPushPhase; readonly message: string }
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'step'; readonly step: BuildStep }
  | { readonly kind: 'push'; readonly summary: PushSummary; readonly tag: string }
  /** The scan on push: each status read while waiting (`final` false), then the report. */
  | { readonly kind: 'scan'; readonly status: string; readonly final: false }
  | { readonly kind: 'scan'; readonly report: ImageScanReport; readonly final: true };

export interface BuildAndPushRequest {
  readonly contextDir: string;
  readonly dockerfile: string;
  /** Default: derived from the workspace folder (or the context folder) name. */
  readonly repositoryName?: string;
  readonly workspaceFolder?: string;
  /** Default: the git short sha (+ `-dirty`), or a timestamp outside git. */
  readonly tag?: string;
  /** Also push `latest`. */
  readonly alsoLatest?: boolean;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  /** Default linux/amd64. */
  readonly platform?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /** The wait for the scan on push (default: up to 120 s); `maxWaitMs: 0` skips it. */
  readonly scanWait?: ScanWaitOptions;
  /**
   * Asked when the repository does not exist: the options to create it with, or undefined to stop
   * (the job then fails with a cancellation).
   */
  readonly confirmCreateRepository: (name: string) => Promise<CreateRepositoryOptions | undefined>;
}

export interface BuildAndPushDeps {
  readonly ecr: EcrGateway;
  /** The daemon of the endpoint in effect (services.ts builds one gateway per endpoint). */
  readonly docker: () => DockerGateway;
  /** The default tag's source; default: git in the context folder, else the clock. */
  readonly defaultTag?: (dir: string, signal?: AbortSignal) => Promise<string>;
}

export interface BuildAndPushResult {
  /** `<registry>/<name>@sha256:…` */
  readonly imageUri: string;
  readonly digest: string;
  readonly tags: readonly string[];
  /** `<registry>/<name>:<tag>` of the first tag. */
  readonly taggedUri: string;
  readonly repository: EcrRepository;
  readonly createdRepository: boolean;
  readonly image: BuiltImage;
  /** When the repository scans on push (and the wait was not skipped). */
  readonly scan?: ImageScanReport;
}

function run(file: string, args: string[], cwd: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, signal, timeout: 10_000, windowsHide: true }, (error, stdout) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}`));
      else resolve(stdout);
    });
  });
}

function timestampTag(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`
  );
}

/** `abc1234` or `abc1234-dirty` inside a git work tree; a UTC timestamp (`20260127-153000`) outside. */
export async function defaultImageTag(
  dir: string,
  signal?: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<string> {
  try {
    const sha = (await run('git', ['rev-parse', '--short', 'HEAD'], dir, signal)).trim();
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return timestampTag(now());
    const status = await run('git', ['status', '--porcelain', '--untracked-files=normal'], dir, signal);
    return status.trim() === '' ? sha : `${sha}-dirty`;
  } catch (error) {
    if (signal?.aborted) throw abortError();
    void error;
    return timestampTag(now());
  }
}

/** The tags to push: the chosen one, then `latest` when asked (once); each validated like Docker. */
export function imageTags(tag: string, alsoLatest: boolean): string[] {
  const tags = alsoLatest && tag !== 'latest' ? [tag, 'latest'] : [tag];
  for (const t of tags) {
    const problem = tagProblem(t);
    if (problem) throw new Error(`${problem}: ${t}`);
  }
  return tags;
}

/** The repository name to use, validated against ECR's pattern before any AWS call. */
export function resolveRepositoryName(
  request: Pick<BuildAndPushRequest, 'repositoryName' | 'workspaceFolder' | 'contextDir'>,
): string {
  if (request.repositoryName !== undefined) {
    const problem = repositoryNameProblem(request.repositoryName);
    if (problem) throw new Error(`${problem}: ${request.repositoryName}`);
    return request.repositoryName;
  }
  const folder = path.basename(request.workspaceFolder ?? request.contextDir);
  const derived = repositoryNameFrom(folder);
  if (!derived)
    throw new Error(`Cannot derive an ECR repository name from the folder name; choose one: ${folder}`);
  return derived;
}

export async function buildAndPush(
  deps: BuildAndPushDeps,
  request: BuildAndPushRequest,
  onEvent: (event: BuildAndPushEvent) => void,
  signal?: AbortSignal,
): Promise<BuildAndPushResult> {
  const check = () => {
    if (signal?.aborted) throw abortError();
  };
  const repositoryName = resolveRepositoryName(request);
  const platform = request.platform ?? DEFAULT_PLATFORM;
  const tag = request.tag ?? (await (deps.defaultTag ?? defaultImageTag)(request.contextDir, signal));
  const tags = imageTags(tag, request.alsoLatest === true);
  check();

  const docker = deps.docker();
  onEvent({
    kind: 'phase',
    phase: 'connect',
    message: `Connecting to Docker: ${docker.description}`,
  });
  await docker.ensureReachable(signal);
  check();

  onEvent({
    kind: 'phase',
    phase: 'build',
    message: `Building ${path.basename(request.dockerfile)} for ${platform}`,
  });
  const localRef = `${repositoryName}:${tag}`;
  const image = await docker.build(
    {
      contextDir: request.contextDir,
      dockerfile: request.dockerfile,
      tags: [localRef],
      platform,
      ...(request.buildArgs ? { buildArgs: request.buildArgs } : {}),
      ...(request.target ? { target: request.target } : {}),
      ...(request.labels ? { labels: request.labels } : {}),
      ...(request.noCache ? { noCache: true } : {}),
    },
    {
      onStep: (step) => onEvent({ kind: 'step', step }),
      onOutput: (text) => onEvent({ kind: 'output', text }),
    },
    signal,
  );
  check();

  onEvent({ kind: 'phase', phase: 'verify', message: `Checking the image's platform: ${image.platform}` });
  verifyPlatform(image, platform);

  onEvent({
    kind: 'phase',
    phase: 'repository',
    message: `Looking up the ECR repository: ${repositoryName}`,
  });
  let repository = await deps.ecr.getRepository(repositoryName, signal);
  let createdRepository = false;
  if (!repository) {
    const options = await request.confirmCreateRepository(repositoryName);
    if (!options) throw abortError();
    check();
    onEvent({
      kind: 'phase',
      phase: 'repository',
      message: `Creating the ECR repository: ${repositoryName}`,
    });
    repository = await deps.ecr.createRepository(repositoryName, options, signal);
    createdRepository = true;
  }
  check();

  onEvent({ kind: 'phase', phase: 'auth', message: 'Getting the registry credentials from ECR' });
  const auth = await deps.ecr.getAuthorization(repository.registryId, signal);
  check();

  onEvent({ kind: 'phase', phase: 'push', message: `Pushing ${repository.uri}:${tags.join(', ')}` });
  const pushed = await docker.push(
    {
      source: image.imageId,
      repository: repository.uri,
      tags,
      auth: { username: auth.username, password: auth.password, serveraddress: auth.registry },
    },
    {
      onProgress: (summary, t) => onEvent({ kind: 'push', summary, tag: t }),
      onOutput: (text) => onEvent({ kind: 'output', text }),
    },
    signal,
  );

  let scan: ImageScanReport | undefined;
  if (repository.scanOnPush && request.scanWait?.maxWaitMs !== 0) {
    onEvent({ kind: 'phase', phase: 'scan', message: `Waiting for the image scan of ${pushed.digest}` });
    scan = await waitForImageScan(deps.ecr, repository, pushed.digest, request.scanWait, signal, (status) =>
      onEvent({ kind: 'scan', status, final: false }),
    );
    onEvent({ kind: 'scan', report: scan, final: true });
  }
  onEvent({ kind: 'phase', phase: 'done', message: `Pushed: ${pushed.imageUri}` });
  return {
    imageUri: pushed.imageUri,
    digest: pushed.digest,
    tags,
    taggedUri: `${repository.uri}:${tag}`,
    repository,
    createdRepository,
    image,
    ...(scan ? { scan } : {}),
  };
}
