/**
 * The composition root's part for the Session Manager features (src/services.ts calls it once): ECS
 * Exec (Open Shell, Run Command…) and port forwarding, with the running forwards. It builds no
 * gateway: services.ts hands it SSM (StartSession for a port) and KMS (the sessions an account
 * encrypts) with the others (docs/architecture.md, test/unit/architecture.test.ts). Apart from
 * services.ts so the wiring of one feature reads in one place.
 */
import type * as vscode from 'vscode';
import type { Boot } from '../activation/boot';
import type { SsmGateway } from '../aws/ssmGateway';
import type { ExecCommandDeps } from '../commands/exec/execCommandDeps';
import type { PortForwardCommandDeps } from '../commands/exec/portForwardCommandDeps';
import { openPortChannel } from '../workflows/portForward/dataChannelPort';
import { PortForwards } from '../workflows/portForward/portForwards';

export interface SessionWiringInput
  extends
    Pick<Boot, 'logger' | 'redact' | 'settings' | 'connections'>,
    Pick<ExecCommandDeps, 'ecs' | 'iam' | 'taskDefinitions' | 'kms'> {
  readonly ssm: () => SsmGateway;
}

export interface SessionWiring extends vscode.Disposable {
  readonly execCommands: ExecCommandDeps;
  readonly portForwardCommands: PortForwardCommandDeps;
}

export function wireSessions(input: SessionWiringInput): SessionWiring {
  const { logger, redact, settings, ecs, iam, taskDefinitions, kms, ssm } = input;
  const portForwards = new PortForwards();
  return {
    execCommands: {
      logger,
      redact,
      ecs,
      kms,
      iam,
      taskDefinitions,
      redactor: redact,
      shellCommand: () => settings.get('exec.shellCommand'),
    },
    portForwardCommands: {
      logger,
      redact,
      ecs,
      taskDefinitions,
      forwards: portForwards,
      portForwardDeps: () => ({
        ssm: ssm(),
        logger,
        openChannel: (session, signal, target) =>
          // A session the account encrypts (Session Manager preferences) asks for KMS in its handshake.
          openPortChannel(session, signal, target, { logger, redactor: redact, kms: kms() }),
      }),
    },
    dispose: () => portForwards.dispose(),
  };
}
