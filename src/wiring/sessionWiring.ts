/**
 * The composition root's part for the Session Manager features (src/services.ts calls it once): ECS
 * Exec (Open Shell, Run Command…) and port forwarding, with the running forwards and the gateways
 * only they use, built here (one of the composition root's files: docs/architecture.md,
 * test/unit/architecture.test.ts): SSM (StartSession for a port) and KMS (the sessions an account
 * encrypts). Apart from services.ts so the wiring of one feature reads in one place.
 */
import type * as vscode from 'vscode';
import type { Boot } from '../activation/boot';
import { createKmsGateway } from '../aws/kmsGateway';
import { perConnection } from '../aws/perConnection';
import { createSsmGateway } from '../aws/ssmGateway';
import type { ExecCommandDeps } from '../commands/exec/execCommandDeps';
import type { PortForwardCommandDeps } from '../commands/exec/portForwardCommandDeps';
import { openPortChannel } from '../workflows/portForward/dataChannelPort';
import { PortForwards } from '../workflows/portForward/portForwards';

export interface SessionWiringInput
  extends
    Pick<Boot, 'logger' | 'redact' | 'settings' | 'connections'>,
    Pick<ExecCommandDeps, 'ecs' | 'iam' | 'taskDefinitions'> {}

export interface SessionWiring extends vscode.Disposable {
  readonly execCommands: ExecCommandDeps;
  readonly portForwardCommands: PortForwardCommandDeps;
}

export function wireSessions(input: SessionWiringInput): SessionWiring {
  const { logger, redact, settings, connections, ecs, iam, taskDefinitions } = input;
  const kms = perConnection(connections, (clients) => createKmsGateway(clients.kms()));
  // Every session token is registered with the redactor before it is used anywhere.
  const ssm = perConnection(connections, (clients) =>
    createSsmGateway(clients.ssm(), { onSecret: (secret) => redact.registerSecret(secret) }),
  );
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
