/**
 * `ecsFargate.followLogs`: from a service, task or container node, or the palette (cluster →
 * service or task), asks from when (each task's start, 5 minutes, an hour, a day, or a custom
 * time) and follows the logs in the target's channel: history, then live.
 * The pickers here are shared with showLogs.ts.
 */
import * as vscode from 'vscode';
import type { EcsGateway } from '../../aws/ecsGateway';
import { ContainerNode } from '../../explorer/nodes/containerNode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { lastSegment } from '../../explorer/nodes/format';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { TaskNode } from '../../explorer/nodes/taskNode';
import type { LogTarget } from '../../logs/serviceFollower';
import { parseSince } from '../../logs/since';
import { UserCancelledError } from '../../ui/errors';
import { taskLabel } from '../../ui/logChannels';
import { pickCluster, pickFromListing, type PickItem } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { LogCommandDeps } from './logCommandDeps';

/** The target of a tree node; undefined for other nodes (or none). */
export function targetOfNode(node: unknown): LogTarget | undefined {
  if (node instanceof ServiceNode) return { kind: 'service', cluster: node.clusterName, service: node.name };
  if (node instanceof TaskNode) return { kind: 'task', cluster: node.clusterName, task: node.task };
  if (node instanceof ContainerNode && node.parent instanceof TaskNode) {
    const parent = node.parent;
    return { kind: 'task', cluster: parent.clusterName, task: parent.task, container: node.container.name };
  }
  return undefined;
}

/** Palette: a cluster, then one of its services or running tasks. */
export async function pickLogTarget(ecs: EcsGateway): Promise<LogTarget> {
  const cluster = await pickCluster(ecs);
  return pickFromListing(
    `Logs of a service or task in ${cluster}`,
    async (signal): Promise<Array<PickItem<LogTarget>>> => {
      const [services, tasks] = await Promise.all([
        ecs.listServices(cluster, signal),
        ecs.listTasks(cluster, {}, signal),
      ]);
      const serviceItems = services.items
        .map((s): PickItem<LogTarget> => ({
          label: `$(server-process) ${s.serviceName ?? ''}`,
          description: `service · ${s.runningCount ?? 0}/${s.desiredCount ?? 0} running`,
          value: { kind: 'service', cluster, service: s.serviceName ?? '' },
        }))
        .sort((a, b) => a.label.localeCompare(b.label));
      const taskItems = tasks.items.map((t): PickItem<LogTarget> => ({
        label: `$(symbol-event) ${taskLabel(t)}`,
        description: `${t.lastStatus ?? ''} · ${lastSegment(t.taskDefinitionArn)}`,
        detail: t.group,
        value: { kind: 'task', cluster, task: t },
      }));
      const separator = (label: string): PickItem<LogTarget> => ({
        label,
        kind: vscode.QuickPickItemKind.Separator,
      });
      return [
        ...(serviceItems.length ? [separator('Services')] : []),
        ...serviceItems,
        ...(taskItems.length ? [separator('Running tasks')] : []),
        ...taskItems,
      ];
    },
    `No services or running tasks in cluster ${cluster}.`,
  );
}

/** From when: undefined means each task's start. */
export async function pickSince(target: LogTarget): Promise<number | undefined> {
  type Item = vscode.QuickPickItem & { ms?: number; custom?: true };
  const items: Item[] = [
    {
      label: target.kind === 'service' ? 'Since each task started' : 'Since the task started',
      description: 'everything its containers wrote',
    },
    { label: 'Last 5 minutes', ms: 5 * 60_000 },
    { label: 'Last hour', ms: 3_600_000 },
    { label: 'Last day', ms: 86_400_000 },
    { label: 'Custom…', description: 'e.g. 30m, 2h, 3d, or 2025-01-15T09:00', custom: true },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: 'Show logs from' });
  if (!chosen) throw new UserCancelledError();
  const now = Date.now();
  if (chosen.ms !== undefined) return now - chosen.ms;
  if (!chosen.custom) return undefined;
  const text = await vscode.window.showInputBox({
    title: 'Show logs from',
    prompt: 'A duration before now (30m, 2h, 3d, 1w) or a date and time (2025-01-15T09:00, local time)',
    validateInput: (value) =>
      parseSince(value, Date.now()) === undefined
        ? 'Write 30m, 2h, 3d, 1w, or a past date like 2025-01-15T09:00'
        : undefined,
  });
  if (text === undefined) throw new UserCancelledError();
  return parseSince(text, Date.now());
}

export function registerFollowLogs(deps: LogCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.followLogs', 'Following logs', deps, async (node?: ExplorerNode) => {
    const target = targetOfNode(node) ?? (await pickLogTarget(deps.ecs()));
    const since = await pickSince(target);
    deps.logChannels.follow(target, { since });
  });
}
