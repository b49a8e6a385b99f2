/**
 * The one list-then-pick idiom (pickFromListing), and the quick picks for commands run from the
 * palette instead of a tree node: cluster → service → task. Each lists through the gateway (so with
 * the same batching as the tree) inside the open pick.
 */
import * as vscode from 'vscode';
import type { Service, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../aws/ecsGateway';
import { lastSegment, shortTaskId } from '../explorer/nodes/format';
import { UserCancelledError } from './errors';

/** A choice carrying its value, or a separator (no value). */
export type PickItem<T> =
  | (vscode.QuickPickItem & { readonly value: T })
  | (vscode.QuickPickItem & { readonly kind: vscode.QuickPickItemKind.Separator });

type PickItems<T> = ReadonlyArray<PickItem<T>>;

const isChoice = <T>(item: PickItem<T>): item is vscode.QuickPickItem & { readonly value: T } =>
  'value' in item;

/**
 * Opens the quick pick at once, busy while the listing runs (VS Code shows a promise of items
 * that way), so Escape works during a slow listing: it closes the pick and aborts the requests.
 * An empty or failed listing closes the pick and says why.
 */
export async function pickFromListing<T>(
  title: string,
  load: (signal: AbortSignal) => Promise<PickItems<T>>,
  emptyMessage: string,
  options: {
    readonly placeHolder?: string;
    readonly ignoreFocusOut?: boolean;
    readonly matchOnDetail?: boolean;
  } = {},
): Promise<T> {
  const abort = new AbortController();
  const closer = new vscode.CancellationTokenSource();
  let outcome: 'empty' | { error: unknown } | undefined;
  const items = load(abort.signal).then(
    (list) => {
      if (!list.some(isChoice)) {
        outcome = 'empty';
        closer.cancel();
      }
      return list;
    },
    (error: unknown) => {
      outcome = { error };
      closer.cancel();
      return [];
    },
  );
  try {
    const chosen = await vscode.window.showQuickPick(
      items,
      {
        title,
        matchOnDescription: true,
        placeHolder: options.placeHolder ?? 'Loading…',
        ...(options.ignoreFocusOut ? { ignoreFocusOut: true } : {}),
        ...(options.matchOnDetail ? { matchOnDetail: true } : {}),
      },
      closer.token,
    );
    if (outcome === 'empty') throw new Error(emptyMessage);
    if (outcome !== undefined && !abort.signal.aborted) throw outcome.error;
    if (!chosen || !isChoice(chosen)) throw new UserCancelledError();
    return chosen.value;
  } finally {
    abort.abort(); // a listing still running when the pick closed is not needed any more
    closer.dispose();
  }
}

export function pickCluster(ecs: EcsGateway): Promise<string> {
  return pickFromListing(
    'Select a cluster',
    async (signal) =>
      (await ecs.listClusters(signal)).items
        .map((c) => ({
          label: c.clusterName ?? '',
          description: `${c.activeServicesCount ?? 0} services · ${c.runningTasksCount ?? 0} running`,
          value: c.clusterName ?? '',
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    'No clusters in this region. Switch the region from the status bar.',
  );
}

export function pickService(ecs: EcsGateway, cluster: string): Promise<Service> {
  return pickFromListing(
    `Select a service in ${cluster}`,
    async (signal) =>
      (await ecs.listServices(cluster, signal)).items
        .map((s) => ({
          label: s.serviceName ?? '',
          description: `${s.runningCount ?? 0}/${s.desiredCount ?? 0}`,
          value: s,
        }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    `No services in cluster ${cluster}.`,
  );
}

export function pickRunningTask(ecs: EcsGateway, cluster: string): Promise<Task> {
  return pickFromListing(
    `Select a task in ${cluster}`,
    async (signal) =>
      (await ecs.listTasks(cluster, {}, signal)).items.map((t) => ({
        label: shortTaskId(t.taskArn),
        description: `${t.lastStatus ?? ''} · ${lastSegment(t.taskDefinitionArn)}`,
        detail: t.group,
        value: t,
      })),
    `No running tasks in cluster ${cluster}.`,
  );
}
