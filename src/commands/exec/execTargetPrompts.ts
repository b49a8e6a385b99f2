/**
 * Which container to exec into (from the node, else asked: cluster → running task → container), read
 * fresh (DescribeTasks: managed agents, runtimeId; DescribeClusters: executeCommandConfiguration),
 * then the preflight; a failed preflight is explained, and ECS Exec offered on the task's service.
 */
import type { Cluster, Container, Task } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { ContainerNode } from '../../explorer/nodes/containerNode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { shortTaskId } from '../../explorer/nodes/format';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { TaskNode } from '../../explorer/nodes/taskNode';
import { enableExecConfirmation, enableExecOnService } from '../../workflows/exec/enableExec';
import { execPreflight, type ExecPreflight } from '../../workflows/exec/execPreflight';
import type { ExecTarget } from '../../workflows/exec/execSession';
import { UserCancelledError } from '../../ui/errors';
import { pickCluster, pickFromListing, pickRunningTask } from '../../ui/pickers';
import { withCancellableProgress } from '../../ui/progress';
import type { ExecCommandDeps } from './execCommandDeps';

export interface ResolvedExecTarget {
  readonly target: ExecTarget;
  readonly task: Task;
  readonly container: Container;
  readonly cluster: Cluster | undefined;
  readonly preflight: ExecPreflight;
  /** `task-id/container`, for terminal and channel names. */
  readonly label: string;
}

async function pickContainer(task: Task): Promise<string> {
  const containers = (task.containers ?? []).filter((c) => c.name);
  if (containers.length === 1) return containers[0]!.name!;
  return pickFromListing(
    `Select a container of task ${shortTaskId(task.taskArn)}`,
    () =>
      Promise.resolve(
        containers.map((c) => ({ label: c.name!, description: c.lastStatus ?? '', value: c.name! })),
      ),
    `Task ${shortTaskId(task.taskArn)} has no containers.`,
  );
}

async function pickTaskOfService(deps: ExecCommandDeps, cluster: string, service: string): Promise<Task> {
  return pickFromListing(
    `Select a running task of ${service}`,
    async (signal) =>
      (await deps.ecs().listTasks(cluster, { serviceName: service }, signal)).items.map((t) => ({
        label: shortTaskId(t.taskArn),
        description: `${t.lastStatus ?? ''}${t.enableExecuteCommand ? '' : ' · ECS Exec off'}`,
        value: t,
      })),
    `No running tasks in service ${service}.`,
  );
}

async function chooseTarget(
  deps: ExecCommandDeps,
  node: ExplorerNode | undefined,
): Promise<{ cluster: string; taskArn: string; container: string }> {
  if (node instanceof ContainerNode && node.parent instanceof TaskNode) {
    return {
      cluster: node.parent.clusterName,
      taskArn: node.parent.task.taskArn ?? '',
      container: node.container.name ?? '',
    };
  }
  if (node instanceof TaskNode) {
    return {
      cluster: node.clusterName,
      taskArn: node.task.taskArn ?? '',
      container: await pickContainer(node.task),
    };
  }
  const cluster = node instanceof ServiceNode ? node.clusterName : await pickCluster(deps.ecs());
  const task =
    node instanceof ServiceNode
      ? await pickTaskOfService(deps, cluster, node.service.serviceName ?? '')
      : await pickRunningTask(deps.ecs(), cluster);
  return { cluster, taskArn: task.taskArn ?? '', container: await pickContainer(task) };
}

function preflightText(preflight: ExecPreflight): string {
  return preflight.checks
    .filter((c) => c.status !== 'passed')
    .map((c) => `${c.status === 'failed' ? '✗' : '?'} ${c.name}: ${c.message}${c.fix ? ` ${c.fix}` : ''}`)
    .join('\n');
}

/** The container to exec into, checked; throws UserCancelledError when the user stops at a problem. */
export async function resolveExecTarget(
  deps: ExecCommandDeps,
  node: ExplorerNode | undefined,
): Promise<ResolvedExecTarget> {
  const chosen = await chooseTarget(deps, node);
  const ecs = deps.ecs();
  const resolved = await withCancellableProgress('ECS Exec: checking the task', async (report, signal) => {
    report('reading the task and cluster');
    const [tasks, clusters] = await Promise.all([
      ecs.describeTasks(chosen.cluster, [chosen.taskArn], signal),
      ecs.describeClusters([chosen.cluster], signal),
    ]);
    const task = tasks.items[0];
    if (!task) throw new Error(`Task ${shortTaskId(chosen.taskArn)} was not found in ${chosen.cluster}.`);
    const container = task.containers?.find((c) => c.name === chosen.container);
    if (!container)
      throw new Error(`Container ${chosen.container} is not in task ${shortTaskId(task.taskArn)}.`);
    const cluster = clusters.items[0];
    report('checking ECS Exec, the agent and the task role');
    const preflight = await execPreflight(
      {
        taskRoleOf: async (arn, s) =>
          (await deps.taskDefinitions().describe(arn, s)).taskDefinition.taskRoleArn,
        simulate: (role, action, s) => deps.iam().simulatePrincipalPolicy(role, action, ['*'], s),
      },
      { cluster, task, container },
      signal,
    );
    return { task, container, cluster, preflight };
  });
  const { task, container, cluster, preflight } = resolved;
  deps.logger.info(
    `ECS Exec preflight for ${shortTaskId(task.taskArn)}/${container.name ?? ''}: ${preflight.checks
      .map((c) => `${c.name} ${c.status}`)
      .join(
        ', ',
      )}; KMS ${preflight.configuration.kmsKeyId ?? 'none'}; logging ${preflight.configuration.logging}`,
  );
  if (!preflight.ok) {
    const enable = preflight.enableOnService ? 'Enable ECS Exec on the Service…' : undefined;
    const answer = await vscode.window.showErrorMessage(
      `ECS Exec cannot open a session in ${shortTaskId(task.taskArn)}/${container.name ?? ''}.`,
      { modal: true, detail: preflightText(preflight) },
      ...(enable ? [enable] : []),
    );
    if (enable && answer === enable && preflight.enableOnService) {
      const service = preflight.enableOnService;
      const described = await ecs.describeServices(chosen.cluster, [service]);
      const confirm = 'Enable and Redeploy';
      const ok = await vscode.window.showWarningMessage(
        enableExecConfirmation(service, described.items[0]?.runningCount),
        { modal: true },
        confirm,
      );
      if (ok === confirm) {
        await enableExecOnService(ecs, chosen.cluster, service);
        void vscode.window.showInformationMessage(
          `ECS Exec is on for ${service}; open a shell in one of its new tasks once they run.`,
        );
      }
    }
    throw new UserCancelledError();
  }
  return {
    target: {
      cluster: chosen.cluster,
      clusterName: cluster?.clusterName ?? chosen.cluster.split('/').pop() ?? chosen.cluster,
      taskArn: task.taskArn ?? chosen.taskArn,
      container: container.name ?? chosen.container,
      runtimeId: container.runtimeId,
    },
    task,
    container,
    cluster,
    preflight,
    label: `${shortTaskId(task.taskArn)}/${container.name ?? ''}`,
  };
}
