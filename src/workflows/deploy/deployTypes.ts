/**
 * The deploy pipeline's contract with whoever shows it (the Deploy command's progress and output
 * channel, the benchmark, tests). Editor-free. (Fixed first so the command and the pipeline can be
 * written side by side; the pipeline itself is deploy.ts.)
 */
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import type { DeployTarget } from './deployTarget';

/** In order; a deploy stops at the first step that fails, naming it. */
export type DeployStep =
  'validate' | 'preflight' | 'build' | 'push' | 'render' | 'logGroups' | 'register' | 'rollout' | 'wait';

export const DEPLOY_STEP_TITLES: Readonly<Record<DeployStep, string>> = {
  validate: 'Validate the task definition',
  preflight: 'Preflight checks',
  build: 'Build the image',
  push: 'Push to ECR',
  render: 'Render the new image into the task definition',
  logGroups: 'Create missing log groups',
  register: 'Register the task definition',
  rollout: 'Update the service',
  wait: 'Wait for the rollout',
};

export interface DeployReporter {
  stepStarted(step: DeployStep, detail?: string): void;
  stepFinished(step: DeployStep, elapsedMs: number, summary: string): void;
  /** A line for the output channel (build output, service events, stopped tasks…). */
  line(text: string): void;
  /** A short status for the progress notification (e.g. "2/3 running, 1 pending"). */
  status?(text: string): void;
}

/** What will change, shown before registering ("Show what will change"). */
export interface PlannedChange {
  readonly target: DeployTarget;
  readonly imageUri: string;
  /** The revision the service runs now (normalised for comparison), when there is one. */
  readonly deployed?: RegisterTaskDefinitionCommandInput;
  readonly deployedArn?: string;
  /** The rendered task definition that will be registered. */
  readonly rendered: RegisterTaskDefinitionCommandInput;
  /** The service exists and is auto scaled: desiredCount is left to auto scaling. */
  readonly scaling?: { readonly min: number; readonly max: number };
  readonly createsService: boolean;
  /** Which strategy will run and how long it bakes (the confirmation says it). */
  readonly strategy?: string;
}

export type DeployOutcome = 'succeeded' | 'failed' | 'timedOut' | 'cancelled';

export interface DeployResult {
  readonly outcome: DeployOutcome;
  /** The step that failed, timed out or was cancelled. */
  readonly step?: DeployStep;
  /** One sentence: what happened and what to do. */
  readonly message: string;
  /** What was done before the stop (e.g. "pushed …@sha256:…", "registered web:12"). */
  readonly done: readonly string[];
  readonly imageUri?: string;
  /** The push created the ECR repository (recorded in the target for Clean Up). */
  readonly createdRepository?: boolean;
  readonly taskDefinitionArn?: string;
  readonly serviceArn?: string;
  readonly taskArns?: readonly string[];
  /** The ECS service deployment a blue/green, linear or canary deploy followed. */
  readonly serviceDeploymentArn?: string;
  /** The CodeDeploy deployment of a CODE_DEPLOY service. */
  readonly codeDeployDeploymentId?: string;
  /**
   * Preflight found that the execution role may not create the log groups the file asks ECS to
   * create: the inline policy to offer (the role, the groups' ARNs).
   */
  readonly logGroupGrant?: { readonly roleName: string; readonly groupArns: readonly string[] };
  readonly timings: ReadonlyArray<{ readonly step: DeployStep; readonly ms: number }>;
}
