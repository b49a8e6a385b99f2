import * as vscode from 'vscode';
import type { AwsProfile } from '../../aws/connection';
import { describeProfileKind } from '../../aws/profiles';
import { registerCommand } from '../../ui/runCommand';
import type { ConnectionCommandDeps } from './connectionCommandDeps';
import { openAwsConfig } from './openAwsConfig';

interface ProfileItem extends vscode.QuickPickItem {
  readonly profile?: AwsProfile;
  readonly openConfig?: boolean;
}

/** Quick pick of every profile (kind and region in the description, problems in the detail). */
export async function pickProfile(deps: ConnectionCommandDeps): Promise<void> {
  const { connections } = deps;
  const profiles = connections.listProfiles();
  const current = connections.current?.profile;
  const openItem: ProfileItem = { label: '$(gear) Open the AWS Config File…', openConfig: true };
  if (profiles.length === 0) {
    const open = 'Open AWS Config';
    const choice = await vscode.window.showInformationMessage(
      `No AWS profiles found. Add one to the AWS config file, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: ${connections.paths.configFile}`,
      open,
    );
    if (choice === open) await openAwsConfig(deps);
    return;
  }
  const items: ProfileItem[] = profiles.map((profile) => ({
    label: profile.name,
    description: [
      profile.name === current ? 'current' : undefined,
      describeProfileKind(profile.kind),
      profile.region,
    ]
      .filter(Boolean)
      .join(' · '),
    ...(profile.problem ? { detail: `$(warning) ${profile.problem}` } : {}),
    profile,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, openItem);
  const choice = await vscode.window.showQuickPick(items, {
    title: 'AWS Profile',
    placeHolder: current ? `Current profile: ${current}` : 'Choose the AWS profile to use',
    matchOnDescription: true,
  });
  if (!choice) return;
  if (choice.openConfig) {
    await openAwsConfig(deps);
    return;
  }
  if (choice.profile && choice.profile.name !== current) await connections.setProfile(choice.profile.name);
}

/** `ecsFargate.selectProfile`. */
export function registerSelectProfile(deps: ConnectionCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.selectProfile', 'Switching the AWS profile', deps, () =>
    pickProfile(deps),
  );
}
