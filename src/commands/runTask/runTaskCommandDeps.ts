/**
 * What "ECS: Run Task" needs; built once in services.ts. Gateways are per connection (functions,
 * so a profile or region switch gets fresh ones).
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { Ec2Gateway } from '../../aws/ec2Gateway';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { EcsTreeDataProvider } from '../../explorer/ecsTreeDataProvider';
import type { LogChannels } from '../../ui/logChannels';
import type { CommandDeps } from '../../ui/runCommand';
import type { LogGroupsGateway } from '../../workflows/logGroups';
import type { RunTaskMemory } from '../../workflows/runTask/runTaskMemory';

export interface RunTaskCommandDeps extends CommandDeps {
  /** Settles once the AWS config was read and a profile picked. */
  readonly ready: Promise<void>;
  /** The current connection; undefined when there are no credentials. */
  readonly connection: () => { readonly profile: string; readonly region: string } | undefined;
  readonly ecs: () => EcsGateway;
  readonly ec2: () => Ec2Gateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  /** CloudWatch Logs: a file's missing awslogs groups are created before it is registered. */
  readonly logs: () => LogGroupsGateway;
  /** ecsFargate.logs.newGroupRetentionDays. */
  readonly logRetentionDays: () => number;
  readonly memory: RunTaskMemory;
  readonly explorer: EcsTreeDataProvider;
  readonly logChannels: Pick<LogChannels, 'followTask' | 'follow'>;
  /** The task's last log lines (to spot "exec format error" in a stopped task); optional. */
  readonly recentLogLines?: (cluster: string, task: Task, signal: AbortSignal) => Promise<readonly string[]>;
}
