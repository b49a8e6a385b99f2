/**
 * The composition root: builds every long-lived object once and passes it explicitly to whoever
 * needs it (no globals, no service locator). Heavy SDK modules load on first use, not here.
 */
import * as vscode from 'vscode';
import { ConnectionManager } from './aws/connectionManager';
import { createEcsGateway, type EcsGateway } from './aws/ecsGateway';
import type { ExplorerCommandDeps } from './commands/explorerCommandDeps';
import type { ConnectionCommandDeps } from './commands/connectionCommandDeps';
import { EcsTreeDataProvider } from './explorer/ecsTreeDataProvider';
import { LiveUpdater } from './explorer/liveUpdates';
import type { ExplorerContext } from './explorer/nodes/explorerNode';
import { EXPLORER_VIEW_ID, setViewState } from './explorer/registerExplorer';
import { clustersRoot } from './explorer/nodes/clusterNode';
import { Settings } from './settings';
import { createRedactor, type Redactor } from './shared/redact';
import type { Logger } from './shared/logger';
import { createMfaCodeProvider } from './ui/mfaPrompt';
import { createRedactingLogger } from './ui/redactingLogger';

export interface Services extends vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly redact: Redactor;
  readonly settings: Settings;
  readonly connections: ConnectionManager;
  /** Settles once the shared config files were read and a profile picked (never rejects). */
  readonly ready: Promise<void>;
  readonly liveUpdater: LiveUpdater;
  readonly explorer: EcsTreeDataProvider;
  readonly explorerCommands: ExplorerCommandDeps;
  readonly connectionCommands: ConnectionCommandDeps;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const channel = vscode.window.createOutputChannel('ECS & Fargate', { log: true });
  const redact = createRedactor(process.env);
  const logger = createRedactingLogger(channel, redact);
  const settings = new Settings();
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

  // One gateway (and so one set of per-action limiters) per connection.
  let gateway: { key: unknown; ecs: EcsGateway } | undefined;
  const ecs = (): EcsGateway => {
    const clients = connections.clients();
    if (gateway?.key !== clients) {
      gateway = {
        key: clients,
        ecs: createEcsGateway(clients.ecs(), { concurrency: () => settings.maxConcurrentRequests() }),
      };
    }
    return gateway.ecs;
  };
  const explorerContext = async (): Promise<ExplorerContext | undefined> => {
    await ready;
    const current = connections.current;
    if (!current) return undefined;
    return { ecs: ecs(), region: current.region, now: () => Date.now() };
  };

  // The updater reports changes to the provider, created just below (the closure runs later).
  const liveUpdater = new LiveUpdater({ ecs, logger, onChanged: (nodes) => provider.fire(nodes) });
  const provider = new EcsTreeDataProvider({
    context: explorerContext,
    root: clustersRoot,
    liveUpdater,
    logger,
    describeError: (error, ctx) => connections.describeError(error, ctx),
    setState: (state) => setViewState(EXPLORER_VIEW_ID, state),
  });
  const commandDeps = { logger, redact };

  return {
    channel,
    logger,
    redact,
    settings,
    connections,
    ready,
    liveUpdater,
    explorer: provider,
    explorerCommands: { ...commandDeps, explorer: provider, liveUpdater, ecs },
    connectionCommands: { ...commandDeps, connections },
    dispose: () => {
      liveUpdater.dispose();
      provider.dispose();
      connections.dispose();
      channel.dispose();
    },
  };
}
