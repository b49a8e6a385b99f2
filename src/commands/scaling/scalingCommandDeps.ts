/** What the auto scaling commands need: the explorer's deps plus the connection's scaling gateway. */
import type { ScalingGateway } from '../../aws/scalingGateway';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';

export interface ScalingCommandDeps extends ExplorerCommandDeps {
  /** The Application Auto Scaling gateway of the current connection. */
  readonly scaling: () => ScalingGateway;
}
