/**
 * Quick picks for commands run from the palette instead of a tree node: cluster → service → task.
 * Each lists through the gateway (so with the same batching as the tree) under a busy indicator.
 */
import * as vscode from 'vscode';
import type { Service, Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../aws/ecsGateway';
import { lastSegment, shortTaskId } from '../explorer/nodes/format';
import { UserCancelledError } from './errors';

async function pick<T>(
  title: string,
  load: () => Promise<ReadonlyArray<vscode.QuickPickItem & { value: T }>>,
  emptyMessage: string,
): Promise<T> {
  const items = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `ECS: ${title}…` },
    load,
  );
  if (items.length === 0) throw new Error(emptyMessage);
  const chosen = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  if (!chosen) throw new UserCancelledError();
  return chosen.value;
}

export function pickCluster(ecs: EcsGateway): Promise<string> {
  return pick(
    'Select a cluster',
    async () =>
      (await ecs.listClusters()).items
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
  return pick(
    `Select a service in ${cluster}`,
    async () =>
      (await ecs.listServices(cluster)).items
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
  return pick(
    `Select a task in ${cluster}`,
    async () =>
      (await ecs.listTasks(cluster)).items.map((t) => ({
        label: shortTaskId(t.taskArn),
        description: `${t.lastStatus ?? ''} · ${lastSegment(t.taskDefinitionArn)}`,
        detail: t.group,
        value: t,
      })),
    `No running tasks in cluster ${cluster}.`,
  );
}
