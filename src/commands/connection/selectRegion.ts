import * as vscode from 'vscode';
import { NoCredentialsError } from '../../aws/awsErrors';
import { COMMERCIAL_REGIONS, isValidRegionId } from '../../aws/regions';
import { registerCommand } from '../../ui/runCommand';
import type { ConnectionCommandDeps } from './connectionCommandDeps';

interface RegionItem extends vscode.QuickPickItem {
  readonly region?: string;
  readonly other?: boolean;
}

/** Quick pick of the commercial regions, plus "Other region…" for any id (LocalStack, new regions). */
export async function pickRegion(deps: ConnectionCommandDeps): Promise<void> {
  const { connections } = deps;
  const connection = connections.current;
  if (!connection) throw new NoCredentialsError();
  const known = COMMERCIAL_REGIONS.some((r) => r.id === connection.region);
  const items: RegionItem[] = [
    ...(known ? [] : [{ label: connection.region, description: 'current', region: connection.region }]),
    ...COMMERCIAL_REGIONS.map((r) => ({
      label: r.id,
      description: r.id === connection.region ? `${r.name} · current` : r.name,
      region: r.id,
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Other Region…', other: true },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: `AWS Region for ${connection.profile}`,
    placeHolder: `Current region: ${connection.region}`,
    matchOnDescription: true,
  });
  if (!choice) return;
  let region = choice.region;
  if (choice.other) {
    region = await vscode.window.showInputBox({
      title: 'AWS Region',
      prompt: 'Region id, for example eu-west-1',
      value: connection.region,
      validateInput: (value) =>
        isValidRegionId(value.trim()) ? undefined : 'Not a region id (for example eu-west-1).',
    });
  }
  if (region && region.trim() !== connection.region) await connections.setRegion(region.trim());
}

/** `ecsFargate.selectRegion`. */
export function registerSelectRegion(deps: ConnectionCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.selectRegion', 'Switching the AWS region', deps, () => pickRegion(deps));
}
