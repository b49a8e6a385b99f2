import * as vscode from 'vscode';
import { registerCommand } from '../../ui/runCommand';
import type { ConnectionCommandDeps } from './connectionCommandDeps';
import { openAwsConfig } from './openAwsConfig';
import { pickProfile } from './selectProfile';
import { pickRegion } from './selectRegion';

type Choice = 'profile' | 'region' | 'config';

interface SwitchItem extends vscode.QuickPickItem {
  readonly choice: Choice;
}

/** The status-bar click: "Profile: X — change…" / "Region: Y — change…". */
export async function switchConnection(deps: ConnectionCommandDeps): Promise<void> {
  const connection = deps.connections.current;
  const items: SwitchItem[] = connection
    ? [
        { label: `Profile: ${connection.profile} — change…`, choice: 'profile' },
        { label: `Region: ${connection.region} — change…`, choice: 'region' },
      ]
    : [
        { label: 'Choose a profile…', choice: 'profile' },
        { label: 'Open the AWS config file…', choice: 'config' },
      ];
  const picked = await vscode.window.showQuickPick(items, { title: 'AWS Connection' });
  if (picked?.choice === 'profile') await pickProfile(deps);
  else if (picked?.choice === 'region') await pickRegion(deps);
  else if (picked?.choice === 'config') await openAwsConfig(deps);
}

/** `ecsFargate.switchConnection`. */
export function registerSwitchConnection(deps: ConnectionCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.switchConnection', 'Switching the AWS connection', deps, () =>
    switchConnection(deps),
  );
}
