import type * as vscode from 'vscode';
import { registerCommand } from '../../ui/runCommand';
import { pickForward } from './showPortForwards';
import type { PortForwardCommandDeps } from './portForwardCommandDeps';

/** `ecsFargate.stopPortForward`: stops a forward: its listener, connections and SSM session. */
export function registerStopPortForward(deps: PortForwardCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.stopPortForward', 'Stopping the port forward', deps, async () => {
    const forward = await pickForward(deps, 'Stop which port forward?');
    await forward.stop();
  });
}
