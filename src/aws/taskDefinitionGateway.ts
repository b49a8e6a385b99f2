/**
 * Task definitions in ECS: register, list families and revisions, describe, deregister.
 * CONTRACT (implementation to be written): every listing follows the API limits (pages of 100)
 * and takes an AbortSignal; errors are thrown as they come (callers translate them once). Editor-free.
 */
import type {
  ECSClient,
  RegisterTaskDefinitionCommandInput,
  Tag,
  TaskDefinition,
  TaskDefinitionFamilyStatus,
  TaskDefinitionStatus,
} from '@aws-sdk/client-ecs';

export interface RegisteredTaskDefinition {
  readonly taskDefinition: TaskDefinition;
  readonly tags: readonly Tag[];
}

export interface TaskDefinitionGateway {
  register(input: RegisterTaskDefinitionCommandInput, signal?: AbortSignal): Promise<TaskDefinition>;
  /** Family names, sorted. */
  listFamilies(status?: TaskDefinitionFamilyStatus, signal?: AbortSignal): Promise<string[]>;
  /** Revision ARNs of one family, newest first. */
  listRevisions(family: string, status?: TaskDefinitionStatus, signal?: AbortSignal): Promise<string[]>;
  /** `family`, `family:revision` or an ARN; with its tags. */
  describe(taskDefinition: string, signal?: AbortSignal): Promise<RegisteredTaskDefinition>;
  deregister(taskDefinition: string): Promise<TaskDefinition | undefined>;
}

export type CreateTaskDefinitionGateway = (client: ECSClient) => TaskDefinitionGateway;
