import * as vscode from 'vscode';
import { userCancelled } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import type { PortForward } from '../../workflows/portForward/portForward';
import {
  COPY_ADDRESS,
  forwardDescription,
  forwardLabel,
  OPEN_IN_BROWSER,
  runForwardAction,
  STOP,
} from './portForwardActions';
import type { PortForwardCommandDeps } from './portForwardCommandDeps';

export async function pickForward(deps: PortForwardCommandDeps, title: string): Promise<PortForward> {
  const all = deps.forwards.all;
  if (all.length === 0)
    throw new Error('No port forward is running. Start one with ECS: Forward Port… on a task or service.');
  if (all.length === 1) return all[0]!;
  const chosen = await vscode.window.showQuickPick(
    all.map((f) => ({ label: forwardLabel(f), description: forwardDescription(f), value: f })),
    { title },
  );
  return chosen?.value ?? userCancelled();
}

/** `ecsFargate.showPortForwards` (the status-bar item): a forward, then Open in Browser, Copy Address or Stop. */
export function registerShowPortForwards(deps: PortForwardCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.showPortForwards', 'Showing the port forwards', deps, async () => {
    const forward = await pickForward(deps, 'Port forwards');
    const action = await vscode.window.showQuickPick(
      [
        { label: `$(link-external) ${OPEN_IN_BROWSER}`, value: OPEN_IN_BROWSER },
        { label: `$(copy) ${COPY_ADDRESS}`, value: COPY_ADDRESS },
        { label: `$(debug-stop) ${STOP}`, value: STOP },
      ],
      { title: forwardLabel(forward), placeHolder: forwardDescription(forward) },
    );
    await runForwardAction(forward, action?.value ?? userCancelled());
  });
}
