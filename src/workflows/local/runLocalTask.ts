/**
 * Run Locally's entry point: every check that can fail is made before anything is created — the
 * same blocking check as Register, the plan (dependsOn, essential …), the Docker engine, secrets,
 * environment files, each image (present, else pulled: ECR with the push's token), the host ports —
 * so a bad input is a clear error and leaves nothing behind. Then the task runs in the background
 * (localTaskRun.ts) and the handle follows it. Editor-free.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import type { DockerGateway } from '../../docker/dockerGateway';
import { PullError } from '../../docker/images';
import type { RegistryAuth } from '../../docker/imagePusher';
import { blockingProblems } from '../../taskdef/blockingProblems';
import type { JsonObject } from '../../taskdef/normalize';
import { explainStoppedTask, formatStoppedTaskReport, type StoppedTaskReport } from '../stoppedTask';
import { readEnvironmentFiles } from './environmentFiles';
import { allocateHostPorts, isPortFree, type IsPortFree } from './hostPorts';
import { localTaskArn, newLocalTaskId, type LocalTaskSnapshot, type StartTaskEndpoints } from './localTask';
import { LOCAL_TASK_LABEL } from './localLabels';
import { dockerArchitecture, planLocalTask, type LocalTaskPlan } from './localTaskPlan';
import type { PreparedContainer } from './localContainerSpec';
import { LocalTaskRun, type LocalRunListener } from './localTaskRun';

export interface LocalSecretRequest {
  readonly container: string;
  readonly name: string;
  readonly valueFrom: string;
}

/** Resolves secrets (Secrets Manager, SSM) to values: container name → variable → value. Never logs them. */
export type ResolveLocalSecrets = (
  requests: readonly LocalSecretRequest[],
  signal?: AbortSignal,
) => Promise<ReadonlyMap<string, Readonly<Record<string, string>>>>;

export interface LocalRunDeps {
  readonly docker: DockerGateway;
  /** Registry credentials for an image (ECR: GetAuthorizationToken), undefined for a public one. */
  readonly registryAuth?: (image: string, signal?: AbortSignal) => Promise<RegistryAuth | undefined>;
  readonly startEndpoints?: StartTaskEndpoints;
  readonly resolveSecrets?: ResolveLocalSecrets;
  readonly readFile?: (file: string) => Promise<string>;
  readonly isPortFree?: IsPortFree;
  /** Who creates the resources (label): pid@host by default. */
  readonly owner?: string;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export interface LocalRunRequest {
  readonly taskDefinition: JsonObject;
  /** The file's text when run from a file: the same blocking check as Register is made on it. */
  readonly text?: string;
  /** What is run: the file path, the revision ARN, or the deploy target (shown, and in the snapshot). */
  readonly source: string;
  /** Where relative environmentFiles paths are read from (the task definition's folder). */
  readonly baseDir?: string;
  readonly revision?: number;
  /** S3 ARN → local file, for environmentFiles (setting ecsFargate.local.environmentFiles). */
  readonly environmentFileMap?: Readonly<Record<string, string>>;
  /** Tests and the benchmark only: replaces every health check's interval (ECS's minimum is 5 s). */
  readonly healthCheckIntervalSeconds?: number;
  /** How often the containers are inspected besides the Docker events (default 2 s). */
  readonly reconcileMs?: number;
}

export interface LocalTaskHandle {
  readonly taskId: string;
  readonly plan: LocalTaskPlan;
  snapshot(): LocalTaskSnapshot;
  /** Settles when the task is RUNNING, or STOPPED if it stopped first. */
  readonly running: Promise<LocalTaskSnapshot>;
  readonly stopped: Promise<LocalTaskSnapshot>;
  /** Graceful stop (UserInitiated): SIGTERM, then SIGKILL after stopTimeout; removes everything. */
  stop(): Promise<LocalTaskSnapshot>;
  /** The stop report in Run Task's words (stoppedTask.ts); only meaningful once stopped. */
  report(): { report: StoppedTaskReport; lines: string[] };
}

export class LocalRunError extends Error {
  constructor(
    message: string,
    readonly step: 'validate' | 'docker' | 'secrets' | 'environmentFiles' | 'image' | 'ports',
  ) {
    super(message);
    this.name = 'LocalRunError';
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function withInterval(plan: LocalTaskPlan, seconds: number | undefined): LocalTaskPlan {
  if (seconds === undefined) return plan;
  return {
    ...plan,
    containers: plan.containers.map((c) =>
      c.healthCheck ? { ...c, healthCheck: { ...c.healthCheck, intervalSeconds: seconds } } : c,
    ),
  };
}

async function ensureImages(
  deps: LocalRunDeps,
  plan: LocalTaskPlan,
  notice: (level: 'info' | 'warning', text: string) => void,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const engine = await deps.docker.enginePlatform();
  const wanted = dockerArchitecture(plan.cpuArchitecture);
  for (const image of new Set(plan.containers.map((c) => c.image))) {
    let local = await deps.docker.inspectImage(image);
    if (!local) {
      notice('info', `Pulling ${image}…`);
      try {
        const auth = await deps.registryAuth?.(image, signal);
        local = await deps.docker.pullImage(image, auth, undefined, signal);
      } catch (error) {
        const reason = error instanceof PullError ? error.reason : (error as Error).message;
        throw new LocalRunError(
          `Image ${image} cannot be pulled: ${reason}. Build it first (Build Image, or Run Locally on the deploy target), or check the name; an ECR image needs an AWS connection that can read its repository.`,
          'image',
        );
      }
    }
    ids.set(image, local.id);
    if (local.architecture && local.architecture !== wanted) {
      notice(
        'warning',
        `Image ${image} is ${local.os}/${local.architecture}, but the task definition's runtimePlatform is ${plan.cpuArchitecture}: on Fargate it would stop with "exec format error".`,
      );
    }
    if (local.architecture && local.architecture !== engine.architecture) {
      notice(
        'warning',
        `Image ${image} is ${local.architecture} and the Docker engine is ${engine.architecture}: it runs only under emulation (qemu binfmt in the engine); without it the container stops with "exec format error".`,
      );
    }
  }
  return ids;
}

/**
 * Checks everything, then starts the task in the background. Rejects with a LocalRunError (or the
 * Docker engine's DockerUnavailableError) before anything is created.
 */
export async function runLocalTask(
  deps: LocalRunDeps,
  request: LocalRunRequest,
  listener: LocalRunListener = {},
  signal?: AbortSignal,
): Promise<LocalTaskHandle> {
  const notice = (level: 'info' | 'warning' | 'error', text: string) => listener.onNotice?.(level, text);
  if (request.text !== undefined) {
    const text = request.text;
    const errors = blockingProblems(text).map((p) => `Line ${lineOf(text, p.offset)}: ${p.message}`);
    if (errors.length > 0) {
      throw new LocalRunError(
        `The task definition was not run: fix ${errors.length === 1 ? 'this error' : `these ${errors.length} errors`} first (see the Problems panel). ${errors.slice(0, 5).join(' ')}`,
        'validate',
      );
    }
  }
  let plan: LocalTaskPlan;
  try {
    plan = withInterval(
      planLocalTask(request.taskDefinition, request.revision),
      request.healthCheckIntervalSeconds,
    );
  } catch (error) {
    throw new LocalRunError((error as Error).message, 'validate');
  }
  for (const note of plan.notes) notice('info', note);
  await deps.docker.ensureReachable(signal);

  const secretRequests = plan.containers.flatMap((c) =>
    c.secrets.map((s) => ({ container: c.name, name: s.name, valueFrom: s.valueFrom })),
  );
  let secrets: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map();
  if (secretRequests.length > 0) {
    if (!deps.resolveSecrets) {
      throw new LocalRunError(
        `The task has ${secretRequests.length} secret(s) (${secretRequests.map((s) => `${s.container}.${s.name}`).join(', ')}) and this run cannot resolve them.`,
        'secrets',
      );
    }
    secrets = await deps.resolveSecrets(secretRequests, signal);
  }

  const readFile = deps.readFile ?? ((file: string) => fs.readFile(file, 'utf8'));
  const envs = new Map<string, Record<string, string>>();
  for (const c of plan.containers) {
    let fromFiles: Record<string, string>;
    try {
      fromFiles = await readEnvironmentFiles(
        c.environmentFiles,
        c.name,
        request.baseDir,
        request.environmentFileMap ?? {},
        readFile,
      );
    } catch (error) {
      throw new LocalRunError((error as Error).message, 'environmentFiles');
    }
    envs.set(c.name, { ...fromFiles, ...c.environment, ...(secrets.get(c.name) ?? {}) });
  }

  const imageIds = await ensureImages(deps, plan, notice, signal);
  let ports;
  try {
    ports = await allocateHostPorts(plan.containers, deps.isPortFree ?? isPortFree);
  } catch (error) {
    throw new LocalRunError((error as Error).message, 'ports');
  }
  for (const n of ports.notices) notice('warning', n);
  const owner = deps.owner ?? `${process.pid}@${os.hostname()}`;
  const pause = await deps.docker.ensurePauseImage(LOCAL_TASK_LABEL);

  const now = deps.now ?? (() => new Date());
  const taskId = newLocalTaskId(deps.random);
  const containers: PreparedContainer[] = plan.containers.map((c) => ({
    plan: c,
    env: envs.get(c.name) ?? {},
    imageId: imageIds.get(c.image) ?? '',
    ports: ports.byContainer.get(c.name) ?? [],
  }));
  const run = new LocalTaskRun(
    {
      docker: deps.docker,
      plan,
      containers,
      pauseImage: pause.ref,
      owner,
      ...(deps.startEndpoints ? { startEndpoints: deps.startEndpoints } : {}),
      listener,
      now,
      reconcileMs: request.reconcileMs ?? 2000,
    },
    {
      taskId,
      taskArn: localTaskArn(taskId),
      cluster: 'local',
      family: plan.family,
      ...(plan.revision !== undefined ? { revision: plan.revision } : {}),
      source: request.source,
      status: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: now(),
      ...(plan.cpu ? { cpu: plan.cpu } : {}),
      ...(plan.memory ? { memory: plan.memory } : {}),
      ...(plan.taskRoleArn ? { taskRoleArn: plan.taskRoleArn } : {}),
      ...(plan.executionRoleArn ? { executionRoleArn: plan.executionRoleArn } : {}),
      containers: containers.map((c) => ({
        name: c.plan.name,
        image: c.plan.image,
        imageId: c.imageId,
        status: 'PENDING',
        health: 'UNKNOWN',
        hasHealthCheck: c.plan.healthCheck !== undefined,
        essential: c.plan.essential,
        ports: c.ports,
        ...(c.plan.cpuShares ? { cpu: c.plan.cpuShares } : {}),
        ...(c.plan.memoryMiB ? { memory: c.plan.memoryMiB } : {}),
        ...(c.plan.memoryReservationMiB ? { memoryReservation: c.plan.memoryReservationMiB } : {}),
      })),
    },
  );
  listener.onTask?.(run.state.snapshot());
  run.start();
  return {
    taskId,
    plan,
    snapshot: () => run.state.snapshot(),
    running: run.running,
    stopped: run.stopped,
    stop: () => run.stopByUser(),
    report: () => localStopReport(run.state.snapshot(), plan, run.lastLines),
  };
}

/** The stopped task in Run Task's report words (stoppedTask.ts), from the local snapshot. */
export function localStopReport(
  task: LocalTaskSnapshot,
  plan: LocalTaskPlan,
  lastLines: ReadonlyMap<string, readonly string[]> = new Map(),
): { report: StoppedTaskReport; lines: string[] } {
  const report = explainStoppedTask(
    {
      taskArn: task.taskArn,
      lastStatus: task.status,
      ...(task.stopCode ? { stopCode: task.stopCode } : {}),
      ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
      ...(task.startedAt ? { startedAt: task.startedAt } : {}),
      ...(task.stoppingAt ? { stoppingAt: task.stoppingAt } : {}),
      ...(task.stoppedAt ? { stoppedAt: task.stoppedAt } : {}),
      containers: task.containers.map((c) => ({
        name: c.name,
        ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
      })),
    },
    {
      essentialContainers: plan.containers.filter((c) => c.essential).map((c) => c.name),
      logLines: [...lastLines.values()].flat(),
      cpuArchitecture: plan.cpuArchitecture,
    },
  );
  return { report, lines: formatStoppedTaskReport(report) };
}
