/** What the Deployments commands (show, compare, roll back, continue, configure the strategy) need; built in services.ts. */
import type { ElbGateway } from '../../aws/elbGateway';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import type { ConnectionInfo, TaskDefinitionDocuments } from '../../taskDefinitions/taskDefinitionDocuments';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export interface DeploymentCommandDeps extends ExplorerCommandDeps {
  /** The service-deployment calls of the current connection. */
  readonly deployments: () => ServiceDeploymentsGateway;
  /** Target groups and listener rules of a service's load balancer (blue/green needs two of each). */
  readonly elb: () => ElbGateway;
  /** The `ecs-taskdef` documents "Compare Revisions" opens side by side. */
  readonly taskDefinitionDocuments: Pick<TaskDefinitionDocuments, 'describe'>;
  readonly connection: () => ConnectionInfo | undefined;
}
