import * as vscode from 'vscode';
import { ENVIRONMENT_PROFILE } from '../aws/connection';
import { registerCommand } from '../ui/runCommand';
import type { ConnectionCommandDeps } from './connectionCommandDeps';

/** The profile to sign in with: the argument, else the SSO root of the current profile. */
export function ssoLoginProfile(
  deps: Pick<ConnectionCommandDeps, 'connections'>,
  profile?: unknown,
): string | undefined {
  if (typeof profile === 'string' && profile !== '' && profile !== ENVIRONMENT_PROFILE) return profile;
  const current = deps.connections.current;
  if (!current) return undefined;
  if (current.ssoProfile) return current.ssoProfile;
  return current.profile === ENVIRONMENT_PROFILE ? undefined : current.profile;
}

/**
 * Opens a terminal running `aws sso login --profile X` (the CLI itself, not a shell, so the profile
 * name needs no quoting). When it exits successfully the connection reloads and the explorer refreshes.
 */
export async function ssoLogin(deps: ConnectionCommandDeps, profile?: unknown): Promise<void> {
  const name = ssoLoginProfile(deps, profile);
  if (!name) {
    await vscode.window.showWarningMessage(
      'Choose an AWS profile that uses IAM Identity Center (SSO) first.',
    );
    return;
  }
  const terminal = vscode.window.createTerminal({
    name: `AWS SSO login: ${name}`,
    shellPath: 'aws',
    shellArgs: ['sso', 'login', '--profile', name],
    iconPath: new vscode.ThemeIcon('key'),
  });
  terminal.show();
  deps.logger.info(`Started \`aws sso login --profile ${name}\` in a terminal`);
  const listener = vscode.window.onDidCloseTerminal((closed) => {
    if (closed !== terminal) return;
    listener.dispose();
    const code = closed.exitStatus?.code;
    if (code === 0) {
      deps.logger.info(`aws sso login finished for ${name}; reloading the AWS connection`);
      deps.connections
        .reload()
        .catch((error: unknown) => deps.logger.error('Reloading the AWS connection failed', error));
    } else {
      deps.logger.warn(`aws sso login did not succeed for ${name} (exit code ${code ?? 'unknown'})`);
    }
  });
}

/** `ecsFargate.ssoLogin` (optional argument: the profile to sign in with). */
export function registerSsoLogin(deps: ConnectionCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.ssoLogin', 'Signing in with AWS SSO', deps, (profile?: unknown) =>
    ssoLogin(deps, profile),
  );
}
