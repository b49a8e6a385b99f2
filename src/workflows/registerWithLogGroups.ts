/**
 * Register a task-definition file the way "Register Task Definition" and "Run Task" on a file do:
 * first the missing awslogs log groups are created (logGroups.ts: the first task would otherwise
 * stop with a ResourceInitializationError), then RegisterTaskDefinition. Editor-free.
 */
import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import type { TaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import type { JsonObject } from '../taskdef/normalize';
import { ensureLogGroups, type LogGroupOutcome, type LogGroupsGateway } from './logGroups';

export interface RegisterWithLogGroupsDeps {
  readonly taskDefinitions: Pick<TaskDefinitionGateway, 'register'>;
  readonly logs: LogGroupsGateway;
  /** ecsFargate.logs.newGroupRetentionDays (0: never expire). */
  readonly retentionDays: number;
}

export interface RegisteredWithLogGroups {
  readonly registered: TaskDefinition;
  readonly logGroups: readonly LogGroupOutcome[];
}

export async function registerWithLogGroups(
  input: RegisterTaskDefinitionCommandInput,
  deps: RegisterWithLogGroupsDeps,
  signal?: AbortSignal,
): Promise<RegisteredWithLogGroups> {
  const logGroups = await ensureLogGroups(
    input as unknown as JsonObject,
    deps.logs,
    deps.retentionDays,
    signal,
  );
  const registered = await deps.taskDefinitions.register(input, signal);
  return { registered, logGroups };
}
