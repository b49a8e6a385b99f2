/** Internal records of the fake ECS. The API shapes are made from them by render.ts. */
import type {
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
  tags: Tag[];
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
