/** What the Deployments commands (show, compare, roll back, continue, configure the strategy) need; built in services.ts. */
import type { CloudTrailGateway } from '../../aws/cloudTrailGateway';
import type { ElbGateway } from '../../aws/elbGateway';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import type { ConnectionInfo, TaskDefinitionDocuments } from '../../taskDefinitions/taskDefinitionDocuments';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export interface DeploymentCommandDeps extends ExplorerCommandDeps {
  /** The service-deployment calls of the current connection. */
  readonly deployments: () => ServiceDeploymentsGateway;
  /** CloudTrail's event history ("Triggered by" in Show Deployment); absent: not looked up. */
  readonly cloudTrail?: () => CloudTrailGateway;
  /** Target groups and listener rules of a service's load balancer (blue/green needs two of each). */
  readonly elb: () => ElbGateway;
  /** The `ecs-taskdef` documents "Compare Revisions" opens side by side. */
  readonly taskDefinitionDocuments: Pick<TaskDefinitionDocuments, 'describe'>;
  readonly connection: () => ConnectionInfo | undefined;
}
