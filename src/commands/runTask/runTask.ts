/**
 * `ecsFargate.runTask`: "ECS: Run Task…" from the palette, a revision node, a cluster node or a
 * task-definition file. Asks cluster (or creates one), revision, networking, public IP, capacity,
 * count, overrides and ECS Exec, each pre-filled from the last run in this workspace; then runs
 * and follows the tasks (runTaskRun.ts).
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { NoCredentialsError } from '../../aws/awsErrors';
import { registerCommand } from '../../ui/runCommand';
import { buildRunTaskInput, type RunTaskChoices } from '../../workflows/runTask/runTaskInput';
import type { RunTaskCommandDeps } from './runTaskCommandDeps';
import { pickOrCreateCluster } from '../clusterPrompts';
import {
  askCount,
  askOverrides,
  pickCapacity,
  pickExecuteCommand,
  pickPublicIp,
  pickRunNetwork,
} from './runTaskPrompts';
import { RUN_TASK_CHANNEL, type RunTaskOutput } from './runTaskReport';
import { runAndFollow, type RunContext } from './runTaskRun';
import { resolveRevision, startOf } from './runTaskTarget';

/** Fargate runs only awsvpc, FARGATE-compatible revisions: say so before asking anything else. */
function checkFargate(definition: TaskDefinition): void {
  const name = `${definition.family ?? ''}:${definition.revision ?? ''}`;
  const compat = definition.requiresCompatibilities ?? definition.compatibilities ?? [];
  if (compat.length > 0 && !compat.includes('FARGATE'))
    throw new Error(
      `${name} cannot run on Fargate: its requiresCompatibilities is ${compat.join(', ')}. Add "FARGATE" and register a new revision.`,
    );
  if (definition.networkMode && definition.networkMode !== 'awsvpc')
    throw new Error(
      `${name} cannot run on Fargate: its networkMode is ${definition.networkMode}. Set "networkMode": "awsvpc" and register a new revision.`,
    );
}

export function registerRunTask(deps: RunTaskCommandDeps): vscode.Disposable {
  let channel: vscode.OutputChannel | undefined;
  const ctx: RunContext = {
    deps,
    output: (): RunTaskOutput => (channel ??= vscode.window.createOutputChannel(RUN_TASK_CHANNEL)),
    watches: new Set(),
  };
  const command = registerCommand('ecsFargate.runTask', 'Running the task', deps, async (arg?: unknown) => {
    await deps.ready;
    const connection = deps.connection();
    if (!connection) throw new NoCredentialsError();
    const last = deps.memory.get(connection);
    const start = startOf(arg);
    const definition = await resolveRevision(deps, start, last);
    checkFargate(definition);
    const cluster =
      start.cluster ??
      (
        await pickOrCreateCluster(deps, {
          title: 'Run Task',
          placeHolder: 'Cluster to run the task in',
          ...(last.cluster ? { last: last.cluster } : {}),
        })
      ).name;
    const network = await pickRunNetwork(deps, cluster, last);
    const assignPublicIp = await pickPublicIp(network);
    const capacity = await pickCapacity(last);
    const count = await askCount(last);
    const containers = (definition.containerDefinitions ?? []).map((c) => c.name ?? '');
    const overrides = await askOverrides(last, containers);
    const enableExecuteCommand = await pickExecuteCommand(last);
    const choices: RunTaskChoices = {
      cluster,
      taskDefinition:
        definition.taskDefinitionArn ?? `${definition.family ?? ''}:${definition.revision ?? ''}`,
      network: { ...network, assignPublicIp },
      capacity,
      count,
      ...(overrides ? { overrides } : {}),
      enableExecuteCommand,
    };
    const input = buildRunTaskInput(choices);
    await deps.memory.remember(connection, {
      cluster,
      ...(definition.family ? { family: definition.family } : {}),
      network: { ...choices.network, source: network.source },
      capacity,
      count,
      ...(overrides ? { overrides } : {}),
      enableExecuteCommand,
    });
    return runAndFollow(ctx, choices, input, definition, start.clusterNode);
  });
  return vscode.Disposable.from(command, {
    dispose: () => {
      for (const watch of ctx.watches) watch.abort();
      channel?.dispose();
    },
  });
}
