/**
 * A deploy target: what "ECS: Deploy" builds, where it pushes, which task-definition file and
 * container it renders, and where it rolls out. Saved in `.vscode/ecs-deploy.json` so later
 * deploys are one command (and teams can commit it). Editor-free.
 * (The types are fixed first; reading, validating and writing the file is the deploy work item.)
 */
import { ENVIRONMENT_PROFILE, type AwsConnection } from '../../aws/connection';
import type { StrategyChoice } from '../deployments/strategy';

export const DEPLOY_FILE = '.vscode/ecs-deploy.json';
export const DEPLOY_FILE_VERSION = 1;

export interface DeployNetwork {
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly assignPublicIp: boolean;
}

export interface DeployLoadBalancer {
  readonly targetGroupArn: string;
  readonly containerName: string;
  readonly containerPort: number;
  /** BLUE_GREEN, LINEAR and CANARY: the second target group, the listener rule ECS moves, and the role it uses. */
  readonly alternateTargetGroupArn?: string;
  readonly productionListenerRule?: string;
  readonly roleArn?: string;
}

/** A service to create on the first deploy when it does not exist yet. */
export interface NewServiceSpec {
  readonly desiredCount: number;
  readonly loadBalancer?: DeployLoadBalancer;
  /** Deployment circuit breaker with rollback (on by default). */
  readonly circuitBreaker: boolean;
  readonly capacityProvider?: 'FARGATE' | 'FARGATE_SPOT';
  /**
   * How the new service deploys (ROLLING when absent): BLUE_GREEN, LINEAR or CANARY with their
   * bake times, and alarms that roll back (docs/deployments.md §2 for the ranges).
   */
  readonly deployment?: StrategyChoice;
}

/**
 * The connection a new target records: its region, and its profile only when it is one. The
 * pseudo-profile of environment credentials (AWS_ACCESS_KEY_ID…) names no profile in anyone's
 * ~/.aws, so it is not written into a file meant to be committed.
 */
export function savedConnection(connection: Pick<AwsConnection, 'profile' | 'profileKind' | 'region'>): {
  region: string;
  profile?: string;
} {
  return connection.profileKind === 'environment' || connection.profile === ENVIRONMENT_PROFILE
    ? { region: connection.region }
    : { region: connection.region, profile: connection.profile };
}

/** A target as read: a profile that is the environment pseudo-profile (written by 0.1.0) counts as unset. */
export function withoutPseudoProfile(target: DeployTarget): DeployTarget {
  if (target.profile !== ENVIRONMENT_PROFILE) return target;
  const { profile: _pseudo, ...rest } = target;
  return rest;
}

export interface DeployTarget {
  /** Shown in the quick pick when there are several. */
  readonly name: string;
  /** Workspace-relative paths. */
  readonly dockerfile: string;
  readonly buildContext?: string;
  readonly taskDefinitionFile: string;
  /** The container whose image the deploy replaces. */
  readonly container: string;
  /** ECR repository name (not URI: the registry comes from the account and region). */
  readonly repository: string;
  readonly cluster: string;
  /** Roll out to this service, or … */
  readonly service?: string;
  /** … run the new revision as a one-off task. */
  readonly runTask?: { readonly count: number };
  /** Where tasks run (new service, run as task); an existing service keeps its own. */
  readonly network?: DeployNetwork;
  /** Used only when the service does not exist yet. */
  readonly createService?: NewServiceSpec;
  /**
   * Also write the pushed image (by digest) into the container of the task-definition file after
   * registering (off by default: what is registered is rendered in memory, the file is not touched).
   */
  readonly updateTaskDefinitionFile?: boolean;
  /** The connection the target was made with; a deploy from another region warns first. */
  readonly region?: string;
  readonly profile?: string;
  /** Written back by the deploy (informational): the service's auto scaling range. */
  readonly scaling?: { readonly min: number; readonly max: number };
  /** What the extension created for this target (for "Clean up"). */
  readonly created?: {
    readonly cluster?: boolean;
    readonly service?: boolean;
    readonly repository?: boolean;
  };
}

export interface DeployFile {
  readonly version: number;
  readonly targets: readonly DeployTarget[];
}
