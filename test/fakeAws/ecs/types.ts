/** Internal records of the fake ECS. The API shapes are made from them by render.ts. */
import type {
  CapacityProviderStrategyItem,
  ClusterConfiguration,
  DeploymentConfiguration,
  LoadBalancer,
  NetworkConfiguration,
  RegisterTaskDefinitionRequest,
  Tag,
  TaskOverride,
} from '@aws-sdk/client-ecs';

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
export type LaunchType = 'FARGATE' | 'EC2';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** A task reaches `status` at time `at` (ms). A task's status is its last phase not in the future. */
export interface Phase {
  status: TaskStatus;
  at: number;
}

export interface ContainerRecord {
  name: string;
  image: string;
  containerArn: string;
  runtimeId: string;
  essential: boolean;
  /** Set when the container exits (or fixed by a fixture). */
  exitCode?: number;
  reason?: string;
  /** Undefined: derived (HEALTHY when running and the definition has a healthCheck, else UNKNOWN). */
  healthStatus?: HealthStatus;
  hasHealthCheck: boolean;
  cpu?: number;
  memory?: number;
  /** When the container stopped on its own (a crash, an OOM kill, a finished job), before the task did. */
  exitedAt?: number;
  /** The ExecuteCommandAgent's lastStatus when the task runs with ECS Exec (default RUNNING). */
  execAgentStatus?: string;
}

/**
 * A stop the task will make on its own (an image behaviour: failed pull, crash, finished job). Its
 * phases are already in the schedule; the API-visible stop (desiredStatus, stopCode, exit codes) is
 * applied when the clock reaches `at` (FakeEcs.tick), so a StopTask before then cancels it.
 */
export interface PlannedExit {
  at: number;
  stopCode: 'TaskFailedToStart' | 'EssentialContainerExited';
  stoppedReason: string;
  /** The essential container that fails, and what it reports. */
  container: string;
  exitCode?: number;
  containerReason?: string;
}

export interface TaskRecord {
  id: string;
  arn: string;
  cluster: string;
  taskDefinitionArn: string;
  family: string;
  group: string;
  startedBy?: string;
  launchType: LaunchType;
  platformVersion?: string;
  cpu: string;
  memory: string;
  createdAt: number;
  phases: Phase[];
  desiredStatus: 'RUNNING' | 'STOPPED';
  stoppingAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  containers: ContainerRecord[];
  /** The owning service and deployment, for service tasks. */
  service?: string;
  deploymentId?: string;
  availabilityZone: string;
  network: { subnetId: string; eniId: string; attachmentId: string; mac: string; privateIp: string };
  overrides?: TaskOverride;
  tags: Tag[];
  /** Fixture tasks are never expired by the stopped-task retention. */
  pinned: boolean;
  /** FARGATE or FARGATE_SPOT when the task was placed by a capacity provider strategy. */
  capacityProviderName?: string;
  enableExecuteCommand: boolean;
  /** A stop the task will make on its own, not yet reached by the clock. */
  plannedExit?: PlannedExit;
  /** Image pull times when they differ from the phases (a failed pull, or no pull at all). */
  pull?: { startedAt?: number; stoppedAt?: number };
}

export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinitionArn: string;
  launchType: LaunchType;
  createdAt: number;
  updatedAt: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  failedTasks: number;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /**
   * Set by a blue/green-family service deployment (deployments/engine.ts): 'launch' = start no task
   * yet (PRE_SCALE_UP); 'previous' = run, but keep the older deployments' tasks (traffic shift, bake).
   */
  hold?: 'launch' | 'previous';
  /** The scheduler stops older tasks and completes this rollout no earlier than this (a hold released). */
  notBefore?: number;
}

export interface ServiceEventRecord {
  id: string;
  createdAt: number;
  message: string;
}

export interface ServiceRecord {
  name: string;
  arn: string;
  cluster: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  launchType: LaunchType;
  taskDefinitionArn: string;
  /** The PRIMARY deployment first. */
  deployments: DeploymentRecord[];
  /** Newest first, at most 100. */
  events: ServiceEventRecord[];
  createdAt: number;
  networkConfiguration?: NetworkConfiguration;
  /** The target groups (or classic load balancers) the service registers its tasks with. */
  loadBalancers: LoadBalancer[];
  deploymentConfiguration: DeploymentConfiguration;
  /** Set instead of launchType's default placement: tasks carry the chosen capacityProviderName. */
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  enableExecuteCommand: boolean;
  propagateTags: 'NONE' | 'SERVICE' | 'TASK_DEFINITION';
  /** ECS (rolling and the native blue/green family), CODE_DEPLOY or EXTERNAL (task sets). */
  deploymentController: DeploymentControllerType;
  /** The service deployment history (ListServiceDeployments), newest first. */
  serviceDeployments: ServiceDeploymentRecord[];
  /** Every service revision a deployment made, oldest first (DescribeServiceRevisions). */
  revisions: ServiceRevisionRecord[];
  /** The last deployment that reached COMPLETED: what the circuit breaker rolls back to. */
  lastCompleted?: { id: string; taskDefinitionArn: string };
  /** When true the scheduler keeps tasks at desiredCount and completes rollouts; fixtures may freeze it. */
  managed: boolean;
  /** False from a change (scaling, a stopped task, a deployment) until the scheduler has caught up. */
  settled: boolean;
  unsettledSince: number;
  tags: Tag[];
}

export type DeploymentControllerType = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
export type DeploymentStrategyName = 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';
export type ServiceDeploymentStatusName =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

/** A service revision: what one deployment asked the service to run. */
export interface ServiceRevisionRecord {
  id: string;
  arn: string;
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  launchType: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  loadBalancers: LoadBalancer[];
  networkConfiguration?: NetworkConfiguration;
  createdAt: number;
  /** The service deployments (DeploymentRecord ids) whose tasks run this revision. */
  deploymentIds: string[];
}

/** One lifecycle hook run at one stage of a service deployment. */
export interface HookRunRecord {
  hookId: string;
  targetType: 'AWS_LAMBDA' | 'PAUSE';
  targetArn?: string;
  stage: string;
  /** The step of the plan it belongs to (a stage may come back at each LINEAR/CANARY step). */
  step: number;
  startedAt: number;
  status: 'IN_PROGRESS' | 'AWAITING_ACTION' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  finishedAt?: number;
  expiresAt?: number;
  timeoutAction: 'CONTINUE' | 'ROLLBACK';
}

/** A service deployment (ListServiceDeployments / DescribeServiceDeployments), see deployments/. */
export interface ServiceDeploymentRecord {
  id: string;
  arn: string;
  cluster: string;
  service: string;
  createdAt: number;
  /** PENDING until then. */
  startedAt: number;
  updatedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  strategy: DeploymentStrategyName;
  /** The configuration the deployment runs with (a copy: later updates do not change it). */
  deploymentConfiguration: DeploymentConfiguration;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  /** The DeploymentRecord that runs the target revision. */
  deploymentId: string;
  /** The DeploymentRecords that ran the source revisions when it started. */
  sourceDeploymentIds: string[];
  status: ServiceDeploymentStatusName;
  statusReason?: string;
  /** Blue/green family only: the index into the strategy's plan (deployments/plan.ts) and when it began. */
  step: number;
  stepStartedAt: number;
  testWeight: number;
  productionWeight: number;
  hooks: HookRunRecord[];
  rollback?: { reason: string; startedAt: number; revisionArn: string; deploymentId?: string };
  /** ABORT: asked at this time, STOPPED one step later. */
  stopRequestedAt?: number;
  triggeredAlarms: string[];
  breakerTriggered: boolean;
  /** The target deployment's failed tasks, kept after the scheduler forgets that deployment. */
  failedTasks: number;
}

export interface ClusterRecord {
  name: string;
  arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
  containerInsights: boolean;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  tags: Tag[];
  /** executeCommandConfiguration (KMS key, logging) and the rest of CreateCluster's `configuration`. */
  configuration?: ClusterConfiguration;
}

export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  registeredAt: number;
  deregisteredAt?: number;
  input: RegisterTaskDefinitionRequest;
  tags: Tag[];
}
