/** Records of the fake CodeDeploy (ECS compute platform only). */

export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;
export type EcsLifecycleEventName = (typeof ECS_LIFECYCLE_EVENTS)[number];

export type CodeDeployStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Ready' | 'Succeeded' | 'Failed' | 'Stopped';
export type EventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown';

export interface ApplicationRecord {
  id: string;
  name: string;
  createTime: number;
}

export interface DeploymentGroupRecord {
  applicationName: string;
  id: string;
  name: string;
  serviceRoleArn: string;
  cluster: string;
  service: string;
  /** Blue then green target group names; listeners of the production (and test) traffic route. */
  targetGroups: [string, string];
  prodListenerArns: string[];
  testListenerArns: string[];
  deploymentConfigName: string;
  /** Minutes the original (blue) task set keeps running after the traffic moved. */
  terminationWaitMinutes: number;
  autoRollback: { enabled: boolean; events: string[] };
  lastSuccessfulDeploymentId?: string;
  lastAttemptedDeploymentId?: string;
}

export interface LifecycleEventRecord {
  name: EcsLifecycleEventName;
  status: EventStatus;
  startTime?: number;
  endTime?: number;
  diagnostics?: { errorCode: string; message: string };
}

export interface CodeDeployDeploymentRecord {
  id: string;
  applicationName: string;
  groupName: string;
  createTime: number;
  startTime?: number;
  completeTime?: number;
  status: CodeDeployStatus;
  /** The AppSpec as sent (revisionType, content) and what the fake read from it. */
  revision: { revisionType: string; content: string; sha256?: string };
  taskDefinitionArn?: string;
  containerName?: string;
  containerPort?: number;
  /** An AppSpec problem found when the deployment starts (INVALID_REVISION). */
  invalid?: string;
  events: LifecycleEventRecord[];
  /** Index of the event under way; events.length once the traffic moved. */
  eventIndex: number;
  /** The green task set (an ECS DeploymentRecord id) and the blue one it replaces. */
  greenDeploymentId?: string;
  blueDeploymentId?: string;
  blueTaskDefinitionArn?: string;
  /** Waiting for the original task set's termination since then. */
  terminationWaitStartedAt?: number;
  errorInformation?: { code: string; message: string };
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  creator: 'user' | 'codeDeployRollback';
  description?: string;
  /** Rollback deployments: the ECS deployment they restore; done when it alone runs. */
  restoresDeploymentId?: string;
}
