/**
 * What the deploy pipeline (deploy.ts) is given: the request (a target, where the workspace is,
 * the questions it may ask) and its dependencies (gateways, the build/push job, the stopped-task
 * explanation, settings, a clock). Everything is injected so the same pipeline runs in the
 * editor, in tests against the fake AWS endpoint and in the benchmark with an instant build.
 * Editor-free.
 */
import type { CodeDeployGateway } from '../../aws/codeDeployGateway';
import type { CreateRepositoryOptions } from '../../aws/ecrGateway';
import type { Ec2Gateway } from '../../aws/ec2Gateway';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { IamGateway } from '../../aws/iamGateway';
import type { LogsGateway } from '../../aws/logsGateway';
import type { ScalingGateway } from '../../aws/scalingGateway';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import type { HookAwaiting } from '../deployments/followServiceDeployment';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { BuildAndPushEvent, BuildAndPushRequest, BuildAndPushResult } from '../buildAndPush';
import type { ExplainStoppedTask, FormatStoppedTaskReport } from '../stoppedTask';
import { abortError } from '../../shared/abort';
import { sleep } from '../../shared/concurrency';
import { settingDefaults } from '../../shared/settingDefaults';
import type { Logger } from '../../shared/logger';
import type { DeployTarget } from './deployTarget';
import type { DeployStep, PlannedChange } from './deployTypes';

export interface DeployRequest {
  readonly target: DeployTarget;
  /** The folder the target's paths are relative to. */
  readonly workspaceRoot: string;
  /** Asked after rendering, before anything is registered; false cancels the deploy. */
  readonly confirm?: (change: PlannedChange) => Promise<boolean>;
  /** The image tag; default: the git short sha (+ `-dirty`), or a timestamp outside git. */
  readonly imageTag?: string;
  /**
   * Also write the new image into the task-definition file on disk (only the container's `image`
   * value changes; the rest of the file keeps its formatting). Off by default: like
   * aws-actions/amazon-ecs-render-task-definition, the rendered JSON is registered, the file stays.
   */
  readonly updateTaskDefinitionFile?: boolean;
  /**
   * Asked when the ECR repository does not exist: the options to create it with, or undefined to
   * stop. Without it, a missing repository fails the push step saying how to create it.
   */
  readonly confirmCreateRepository?: (name: string) => Promise<CreateRepositoryOptions | undefined>;
  /**
   * True while .vscode/ecs-deploy.json is open with unsaved changes: then the end of the deploy
   * does not record the scaling range and the "created" markers in it (never clobber the user's edits).
   */
  readonly deployFileHasUnsavedChanges?: () => boolean;
  /** Told once per PAUSE hook that awaits action while the deploy follows a service deployment. */
  readonly onHookAwaiting?: (hook: HookAwaiting) => void;
}

/** The build and push job with its own dependencies already bound (workflows/buildAndPush.ts). */
export type BuildAndPushJob = (
  request: BuildAndPushRequest,
  onEvent: (event: BuildAndPushEvent) => void,
  signal: AbortSignal,
) => Promise<BuildAndPushResult>;

export interface DeployClock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError as soon as the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * ecsFargate.deploy.timeoutMinutes as the deploy uses it, in one place: the setting's default when
 * it is missing, zero or not a number, and at least 1 minute.
 */
export function deployTimeoutMinutes(value: unknown): number {
  return Math.max(1, Number(value) || settingDefaults['deploy.timeoutMinutes']);
}

export interface DeploySettings {
  /** ecsFargate.deploy.timeoutMinutes: how long to wait for the rollout. */
  readonly timeoutMinutes: number;
  /** ecsFargate.deploy.preflight: run the preflight checks. */
  readonly preflight: boolean;
  /**
   * ecsFargate.logs.newGroupRetentionDays: the retention of the log groups the deploy creates
   * (0: never expire). Default 30.
   */
  readonly logRetentionDays?: number;
}

export interface DeployDeps {
  readonly ecs: EcsGateway;
  readonly taskDefinitions: TaskDefinitionGateway;
  readonly buildAndPush: BuildAndPushJob;
  readonly iam: Pick<IamGateway, 'getRole' | 'simulatePrincipalPolicy'>;
  readonly logs: Pick<LogsGateway, 'describeLogGroup' | 'region' | 'createLogGroup' | 'putRetentionPolicy'>;
  readonly ec2: Pick<Ec2Gateway, 'describeSubnets' | 'describeSecurityGroups'>;
  readonly scaling: Pick<ScalingGateway, 'describeTarget'>;
  readonly explainStoppedTask: ExplainStoppedTask;
  readonly formatStoppedTaskReport: FormatStoppedTaskReport;
  readonly settings: DeploySettings;
  /**
   * ECS service deployments: blue/green, linear and canary deploys are followed through them
   * (without it, every ECS-controlled service is followed as a rolling update).
   */
  readonly deployments?: ServiceDeploymentsGateway;
  /** CodeDeploy, for services whose deployment controller is CODE_DEPLOY. */
  readonly codeDeploy?: CodeDeployGateway;
  /** Default: the system clock and timers. */
  readonly clock?: DeployClock;
  /** The user-facing sentence for an unexpected error (default: describeAwsError's message). */
  readonly describeError?: (error: unknown, step: DeployStep) => string;
  /** Where "could not record the deploy in the target" goes (default: nowhere). */
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
  /** Reads a workspace file (default: node:fs); the deploy only writes when the user opted in. */
  readonly readFile?: (file: string) => Promise<string>;
  readonly writeFile?: (file: string, text: string) => Promise<void>;
}

export const systemClock: DeployClock = {
  now: () => Date.now(),
  // The deploy's own cancellation error (its message says which job stopped).
  sleep: (ms, signal) => sleep(ms, signal).catch(() => Promise.reject(deployCancelled())),
};

/** The error a cancelled deploy step rejects with (its message says which job stopped). */
export const deployCancelled = (): Error => abortError(undefined, 'The deploy was cancelled.');
