/** What the port-forwarding commands need, handed in by services.ts (never built here). */
import type { EcsGateway } from '../../aws/ecsGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { CommandDeps } from '../../ui/runCommand';
import type { PortForwardDeps } from '../../workflows/portForward/portForward';
import type { PortForwards } from '../../workflows/portForward/portForwards';

export interface PortForwardCommandDeps extends CommandDeps {
  readonly ecs: () => EcsGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  /** The running forwards (the status-bar item shows them). */
  readonly forwards: PortForwards;
  /** The forward's dependencies for the current connection: the SSM gateway and the data channel. */
  readonly portForwardDeps: () => PortForwardDeps;
}
