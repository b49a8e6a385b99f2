/**
 * "Which cluster?" with "Create Cluster…" at the end, for Run Task and the deploy wizard (the
 * tutorials start by creating one). A new cluster gets FARGATE and FARGATE_SPOT as capacity
 * providers and the Container Insights choice, recommended on (it is billed, so it is asked).
 */
import * as vscode from 'vscode';
import type { EcsGateway } from '../aws/ecsGateway';
import type { Logger } from '../shared/logger';
import { UserCancelledError } from '../ui/errors';
import { pickFromListing, type PickItem } from '../ui/pickers';
import { withCancellableProgress } from '../ui/progress';

export interface ClusterPromptDeps {
  readonly ecs: () => EcsGateway;
  readonly logger: Logger;
  readonly explorer: { refresh(): unknown };
}

export interface ClusterPromptOptions {
  /** Prefixes each step's title, e.g. "Run Task" → "Run Task: Cluster". */
  readonly title: string;
  readonly placeHolder: string;
  /** Listed first, marked "last used". */
  readonly last?: string;
}

export interface ClusterChoice {
  readonly name: string;
  /** Created here (a deploy target records it, so Clean Up may delete it). */
  readonly created: boolean;
}

/** An existing cluster's name, or CREATE. */
const CREATE = Symbol('create');

const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export async function pickOrCreateCluster(
  deps: ClusterPromptDeps,
  options: ClusterPromptOptions,
): Promise<ClusterChoice> {
  let existing: string[] = [];
  const create: PickItem<string | typeof CREATE> = {
    label: '$(add) Create Cluster…',
    detail: 'A new cluster with the FARGATE and FARGATE_SPOT capacity providers',
    value: CREATE,
  };
  const chosen = await pickFromListing(
    `${options.title}: Cluster`,
    async (signal): Promise<Array<PickItem<string | typeof CREATE>>> => {
      const clusters = await deps.ecs().listClusters(signal);
      existing = clusters.items.map((c) => c.clusterName ?? '');
      const items = clusters.items
        .map((c) => ({
          label: c.clusterName ?? '',
          description: `${c.runningTasksCount ?? 0} running${c.clusterName === options.last ? ' · last used' : ''}`,
          value: c.clusterName ?? '',
        }))
        .sort(
          (a, b) =>
            Number(b.value === options.last) - Number(a.value === options.last) ||
            a.label.localeCompare(b.label),
        );
      return [...items, create];
    },
    'No clusters in this region.',
    { placeHolder: options.placeHolder, ignoreFocusOut: true },
  );
  if (chosen !== CREATE) return { name: chosen, created: false };

  const wanted = await askNewCluster(options.title, existing);
  const cluster = await withCancellableProgress(`Creating cluster ${wanted.name}`, (_report, signal) =>
    deps.ecs().createCluster({ ...wanted, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }, signal),
  );
  deps.logger.info(`Created cluster ${cluster?.clusterArn ?? wanted.name}`);
  void deps.explorer.refresh();
  return { name: cluster?.clusterName ?? wanted.name, created: true };
}

async function askNewCluster(
  title: string,
  taken: readonly string[],
): Promise<{ name: string; containerInsights: boolean }> {
  const name = await vscode.window.showInputBox({
    title: `${title}: New cluster name`,
    prompt: 'Up to 255 letters, digits, hyphens and underscores',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!CLUSTER_NAME.test(v.trim()))
        return 'Use 1 to 255 letters, digits, hyphens (-) and underscores (_).';
      return taken.includes(v.trim())
        ? `A cluster named ${v.trim()} exists already: pick it instead.`
        : undefined;
    },
  });
  if (name === undefined) throw new UserCancelledError();
  const insights = await vscode.window.showQuickPick(
    [
      {
        label: 'Container Insights on',
        description: 'recommended',
        detail: 'Per-task CPU, memory and network metrics in CloudWatch (billed as custom metrics)',
        on: true,
      },
      { label: 'Container Insights off', detail: 'Only the service-level CPU and memory metrics', on: false },
    ],
    {
      title: `${title}: Container Insights`,
      placeHolder: 'Container Insights for the new cluster',
      ignoreFocusOut: true,
    },
  );
  if (!insights) throw new UserCancelledError();
  return { name: name.trim(), containerInsights: insights.on };
}
