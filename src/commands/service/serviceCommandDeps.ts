/** What the service and cluster operations (update, roll back, delete, events, clean up) need; built in services.ts. */
import type { EcrGateway } from '../../aws/ecrGateway';
import type { ScalingGateway } from '../../aws/scalingGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export interface ServiceCommandDeps extends ExplorerCommandDeps {
  readonly scaling: () => ScalingGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  readonly ecr: () => EcrGateway;
  /** After a clean up: the Task Definitions and Repositories views re-read what changed. */
  readonly onCleanedUp: () => void;
}
