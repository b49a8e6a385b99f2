/** What the ECS Exec commands (Open Shell, Run Command…) need; built once in services.ts. */
import type { EcsGateway } from '../../aws/ecsGateway';
import type { IamGateway } from '../../aws/iamGateway';
import type { KmsGateway } from '../../aws/kmsGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';
import type { Redactor } from '../../shared/redact';
import type { CommandDeps } from '../../ui/runCommand';

export interface ExecCommandDeps extends CommandDeps {
  readonly ecs: () => EcsGateway;
  readonly kms: () => KmsGateway;
  readonly iam: () => IamGateway;
  readonly taskDefinitions: () => TaskDefinitionGateway;
  /** Learns each session's token before anything can print it. */
  readonly redactor: Pick<Redactor, 'registerSecret'>;
  /** ecsFargate.exec.shellCommand. */
  readonly shellCommand: () => string;
}
