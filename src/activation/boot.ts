/**
 * What activation builds before anything is asked for: the log channel, the redactor, the settings
 * and the connection (the status bar shows it). The core (src/core.ts) receives these instances and
 * never builds its own, so each exists once (docs/performance.md §1).
 */
import * as vscode from 'vscode';
import { ConnectionManager } from '../aws/connectionManager';
import { Settings } from '../settings';
import type { Logger } from '../shared/logger';
import { createRedactor, type Redactor } from '../shared/redact';
import { createMfaCodeProvider } from '../ui/mfaPrompt';
import { createRedactingLogger } from '../ui/redactingLogger';

export interface Boot extends vscode.Disposable {
  readonly context: vscode.ExtensionContext;
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly redact: Redactor;
  readonly settings: Settings;
  readonly connections: ConnectionManager;
  /** Settles once the shared config files were read and a profile picked (never rejects). */
  readonly ready: Promise<void>;
}

export function createBoot(context: vscode.ExtensionContext): Boot {
  const channel = vscode.window.createOutputChannel('ECS & Fargate', { log: true });
  const redact = createRedactor(process.env);
  const logger = createRedactingLogger(channel, redact);
  const connections = new ConnectionManager({
    store: context.workspaceState,
    env: process.env,
    logger,
    redactor: redact,
    clientOptions: { mfaCodeProvider: createMfaCodeProvider() },
  });
  const ready = connections
    .initialize()
    .catch((error: unknown) => logger.error('Reading the AWS config files failed', error));
  return {
    context,
    channel,
    logger,
    redact,
    settings: new Settings(),
    connections,
    ready,
    dispose: () => {
      connections.dispose();
      channel.dispose();
    },
  };
}
