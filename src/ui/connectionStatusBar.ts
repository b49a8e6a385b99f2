/**
 * The status-bar item `$(cloud) profile · region`. Clicking it runs ecsFargate.switchConnection.
 * Warning background when there are no credentials at all or the profile has a known problem.
 */
import * as vscode from 'vscode';
import type { AwsConnection } from '../aws/connection';
import type { ConnectionManager } from '../aws/connectionManager';
import { describeProfileKind } from '../aws/profiles';
import { regionName, type RegionSource } from '../aws/regions';

export const SWITCH_CONNECTION_COMMAND = 'ecsFargate.switchConnection';

const REGION_SOURCES: Record<RegionSource, string> = {
  saved: 'chosen in this workspace',
  AWS_REGION: 'from AWS_REGION',
  AWS_DEFAULT_REGION: 'from AWS_DEFAULT_REGION',
  profile: 'from the profile',
  fallback: 'default',
};

export function statusBarText(connection: AwsConnection | undefined): string {
  return connection ? `$(cloud) ${connection.profile} · ${connection.region}` : '$(cloud) No AWS credentials';
}

function tooltip(connections: ConnectionManager): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const connection = connections.current;
  md.appendMarkdown('**AWS connection**\n\n');
  if (!connection) {
    md.appendText('No AWS profile or environment credentials were found.');
    md.appendMarkdown('\n\n');
  } else {
    const profile = connections.profile(connection.profile);
    md.appendMarkdown('Profile: ');
    md.appendText(`${connection.profile} (${describeProfileKind(connection.profileKind)})`);
    md.appendMarkdown('  \nRegion: ');
    const source = connections.regionSource;
    const name = regionName(connection.region);
    md.appendText(
      `${connection.region}${name ? ` — ${name}` : ''}${source ? `, ${REGION_SOURCES[source]}` : ''}`,
    );
    if (profile?.problem) {
      md.appendMarkdown('\n\n$(warning) ');
      md.appendText(profile.problem);
    }
    const endpoints = connections.configuredEndpoints();
    if (endpoints.length > 0) {
      md.appendMarkdown('\n\nEndpoints:');
      for (const { serviceId, endpoint } of endpoints) {
        md.appendMarkdown('  \n');
        md.appendText(`${serviceId}: ${endpoint.url} (${endpoint.source})`);
      }
    }
    md.appendMarkdown('\n\n');
  }
  md.appendMarkdown('Files:  \n');
  md.appendText(connections.paths.configFile);
  md.appendMarkdown('  \n');
  md.appendText(connections.paths.credentialsFile);
  md.appendMarkdown('\n\n_Click to switch the profile or the region._');
  return md;
}

/** Creates, shows and keeps the item up to date; dispose to remove it. */
export function registerConnectionStatusBar(deps: {
  readonly connections: ConnectionManager;
}): vscode.Disposable {
  const { connections } = deps;
  const item = vscode.window.createStatusBarItem('ecsFargate.connection', vscode.StatusBarAlignment.Left, 0);
  item.name = 'AWS Connection (ECS & Fargate)';
  item.command = SWITCH_CONNECTION_COMMAND;
  const update = () => {
    const connection = connections.current;
    item.text = statusBarText(connection);
    item.tooltip = tooltip(connections);
    const warn = !connection || Boolean(connections.profile(connection.profile)?.problem);
    item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.accessibilityInformation = {
      label: connection
        ? `AWS profile ${connection.profile}, region ${connection.region}`
        : 'No AWS credentials',
    };
  };
  update();
  item.show();
  const subscription = connections.onDidChange(update);
  return vscode.Disposable.from(item, { dispose: () => subscription.dispose() });
}
