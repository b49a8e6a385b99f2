/** What the Task Definitions view's commands need; built once in services.ts. */
import type { EcsTreeDataProvider } from '../../explorer/ecsTreeDataProvider';
import type { ConnectionInfo, TaskDefinitionDocuments } from '../../taskDefinitions/taskDefinitionDocuments';
import type { CommandDeps } from '../../ui/runCommand';

export interface TaskDefinitionViewCommandDeps extends CommandDeps {
  /** The Task Definitions view's provider (a family is refreshed after a deregistration). */
  readonly taskDefinitionsView: EcsTreeDataProvider;
  /** The `ecs-taskdef` documents; also hands out the gateway for a revision's connection. */
  readonly taskDefinitionDocuments: TaskDefinitionDocuments;
  /** The current connection's profile and region; undefined without credentials. */
  readonly connection: () => ConnectionInfo | undefined;
}
