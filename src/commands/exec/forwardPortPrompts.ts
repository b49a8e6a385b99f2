/**
 * The questions of Forward Port…: which task (a task node as is; a service node: one of its running
 * tasks; nothing: cluster then task), which destination (the task definition's container ports, another
 * port, or a remote host the task reaches) and which local port (empty: the container's port or the
 * next free one).
 */
import * as vscode from 'vscode';
import type { Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import { lastSegment, shortTaskId } from '../../explorer/nodes/format';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { TaskNode } from '../../explorer/nodes/taskNode';
import { pickCluster, pickFromListing, pickRunningTask, type PickItem } from '../../ui/pickers';
import { userCancelled } from '../../ui/errors';
import {
  type ForwardableContainer,
  portProblem,
  remoteHostProblem,
} from '../../workflows/portForward/forwardTargets';

export interface ForwardTask {
  readonly cluster: string;
  readonly task: Task;
}

export async function pickForwardTask(ecs: EcsGateway, node?: ExplorerNode): Promise<ForwardTask> {
  if (node instanceof TaskNode) return { cluster: node.clusterName, task: node.task };
  if (node instanceof ServiceNode) {
    const cluster = node.clusterName;
    const service = node.name;
    const task = await pickFromListing(
      `Forward a port of a task of ${service}`,
      async (signal) =>
        (await ecs.listTasks(cluster, { serviceName: service, desiredStatus: 'RUNNING' }, signal)).items
          .filter((t) => t.lastStatus === 'RUNNING')
          .map((t) => ({
            label: shortTaskId(t.taskArn),
            description: `${lastSegment(t.taskDefinitionArn)}${t.enableExecuteCommand ? '' : ' · ECS Exec off'}`,
            value: t,
          })),
      `No running task in service ${service}.`,
    );
    return { cluster, task };
  }
  const cluster = await pickCluster(ecs);
  return { cluster, task: await pickRunningTask(ecs, cluster) };
}

export interface ForwardDestination {
  readonly container: ForwardableContainer;
  readonly port: number;
  readonly host?: string;
}

type Choice =
  | { kind: 'port'; container: ForwardableContainer; port: number }
  | { kind: 'otherPort' }
  | { kind: 'remoteHost' };

async function pickContainer(
  containers: readonly ForwardableContainer[],
  why: string,
): Promise<ForwardableContainer> {
  const usable = containers.filter((c) => c.runtimeId);
  if (usable.length === 1) return usable[0]!;
  const chosen = await vscode.window.showQuickPick(
    usable.map((c) => ({ label: c.name, description: c.ports.map((p) => `${p}`).join(', '), value: c })),
    { title: why },
  );
  return chosen?.value ?? userCancelled();
}

async function askPort(title: string, prompt: string, value?: number): Promise<number> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    ...(value !== undefined ? { value: String(value) } : {}),
    validateInput: portProblem,
  });
  if (text === undefined) userCancelled();
  return Number(text.trim());
}

export async function pickDestination(
  containers: readonly ForwardableContainer[],
): Promise<ForwardDestination> {
  const items: Array<PickItem<Choice>> = [];
  for (const container of containers) {
    if (!container.runtimeId) continue;
    for (const port of container.ports)
      items.push({
        label: `$(server) ${container.name}: ${port}`,
        description: 'container port (task definition)',
        value: { kind: 'port', container, port },
      });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Another container port…', value: { kind: 'otherPort' } },
    {
      label: '$(globe) Remote host…',
      description: 'a host the task reaches (an RDS endpoint, a private IP)',
      value: { kind: 'remoteHost' },
    },
  );
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Forward which port?',
    placeHolder: 'A port of a container, or a host and port reachable from the task',
  });
  if (!chosen || !('value' in chosen)) userCancelled();
  const choice = chosen.value;
  if (choice.kind === 'port') return { container: choice.container, port: choice.port };
  if (choice.kind === 'otherPort') {
    const container = await pickContainer(containers, 'Forward a port of which container?');
    return {
      container,
      port: await askPort(`Port in ${container.name}`, 'The port the container listens on'),
    };
  }
  const container = await pickContainer(containers, 'Connect through which container?');
  const host = await vscode.window.showInputBox({
    title: 'Remote host',
    prompt:
      'The host the task connects to (its network and security groups apply), e.g. mydb.abc.us-east-1.rds.amazonaws.com',
    validateInput: remoteHostProblem,
  });
  if (host === undefined) userCancelled();
  const port = await askPort(`Port on ${host.trim()}`, 'The port on the remote host, e.g. 5432');
  return { container, port, host: host.trim() };
}

/** undefined: automatic (the remote port, or the next free one above it). */
export async function askLocalPort(remotePort: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Local port (on 127.0.0.1)',
    prompt: `Leave empty for ${remotePort < 1024 ? remotePort + 8000 : remotePort} or the next free port.`,
    validateInput: (value) => (value.trim() === '' ? undefined : portProblem(value)),
  });
  if (text === undefined) userCancelled();
  return text.trim() === '' ? undefined : Number(text.trim());
}
