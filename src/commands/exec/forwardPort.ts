import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { showError } from '../../ui/errors';
import { withCancellableProgress } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import { forwardableContainers, portForwardProblem } from '../../workflows/portForward/forwardTargets';
import { type PortForwardStep, startPortForward } from '../../workflows/portForward/portForward';
import { localAddress } from '../../workflows/portForward/portForwards';
import { askLocalPort, pickDestination, pickForwardTask } from './forwardPortPrompts';
import { COPY_ADDRESS, forwardLabel, OPEN_IN_BROWSER, runForwardAction } from './portForwardActions';
import type { PortForwardCommandDeps } from './portForwardCommandDeps';

const STEPS: Record<PortForwardStep, string> = {
  listen: 'opening the local port on 127.0.0.1…',
  session: 'starting the Session Manager session…',
  channel: 'connecting to the task’s agent…',
};

/**
 * `ecsFargate.forwardPort`: a local 127.0.0.1 port → a container port or a host the task reaches,
 * shown in the "Port forwards" status-bar item until stopped.
 */
export function registerForwardPort(deps: PortForwardCommandDeps): vscode.Disposable {
  // A forward that ends without the user stopping it says why, once.
  const ended = deps.forwards.onDidEnd(({ forward, end }) => {
    if (end.reason === 'failed' && end.error) {
      void showError(end.error, `Port forward ${forwardLabel(forward)} ended`, deps);
    } else if (end.reason === 'closed') {
      void vscode.window.showWarningMessage(
        `Port forward ${forwardLabel(forward)} ended: the session was closed.`,
      );
    }
  });
  const command = registerCommand(
    'ecsFargate.forwardPort',
    'Forwarding a port',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const { cluster, task } = await pickForwardTask(ecs, node);
      const problem = portForwardProblem(task);
      if (problem) throw new Error(problem);
      const definition = await deps.taskDefinitions().describe(task.taskDefinitionArn ?? '');
      const containers = forwardableContainers(task, definition.taskDefinition.containerDefinitions);
      const destination = await pickDestination(containers);
      const localPort = await askLocalPort(destination.port);
      const target = `${destination.host ?? destination.container.name}:${destination.port}`;
      const forward = await withCancellableProgress(`Forwarding ${target}`, (report, signal) =>
        startPortForward(
          deps.portForwardDeps(),
          {
            cluster,
            task: task.taskArn ?? '',
            container: destination.container.name,
            runtimeId: destination.container.runtimeId ?? '',
            remotePort: destination.port,
            ...(destination.host ? { remoteHost: destination.host } : {}),
            ...(localPort !== undefined ? { localPort } : {}),
          },
          { signal, onStep: (step) => report(STEPS[step]) },
        ),
      );
      deps.forwards.add(forward);
      let toldWaiting = false;
      forward.onEvent((event) => {
        if (event.kind === 'waiting' && event.count > 0 && !toldWaiting) {
          toldWaiting = true;
          void vscode.window.showInformationMessage(
            `The agent in this task serves one connection at a time (agent before 3.0.196.0): ${event.count} more wait for ${localAddress(forward)}. Close the open connection, or update the task's image so that the ECS Exec agent is recent.`,
          );
        } else if (event.kind === 'connectError') {
          void vscode.window.showWarningMessage(
            `The task could not connect to ${forward.destination}: nothing listens there, or its security group or network blocks it.`,
          );
        }
      });
      const choice = await vscode.window.showInformationMessage(
        `Forwarding ${forwardLabel(forward)} (${forward.mode === 'basic' ? 'one connection at a time' : 'multiplexed'}). Stop it from the status bar.`,
        OPEN_IN_BROWSER,
        COPY_ADDRESS,
      );
      await runForwardAction(forward, choice);
    },
  );
  return vscode.Disposable.from(command, ended);
}
