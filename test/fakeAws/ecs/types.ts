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
  /** The last deployment that reached COMPLETED: what the circuit breaker rolls back to. */
  lastCompleted?: { id: string; taskDefinitionArn: string };
  /** When true the scheduler keeps tasks at desiredCount and completes rollouts; fixtures may freeze it. */
  managed: boolean;
  /** False from a change (scaling, a stopped task, a deployment) until the scheduler has caught up. */
  settled: boolean;
  unsettledSince: number;
  tags: Tag[];
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
