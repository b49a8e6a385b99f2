import * as vscode from 'vscode';
import { ENVIRONMENT_PROFILE } from '../../aws/connection';
import { registerCommand } from '../../ui/runCommand';
import type { ConnectionCommandDeps } from './connectionCommandDeps';

/** The profile to sign in with: the argument, else the SSO profile behind the current connection. */
export function ssoLoginProfile(
  deps: Pick<ConnectionCommandDeps, 'connections'>,
  profile?: unknown,
): string | undefined {
  if (typeof profile === 'string' && profile !== '' && profile !== ENVIRONMENT_PROFILE) return profile;
  return deps.connections.current?.ssoProfile;
}

async function chooseSsoProfile(deps: ConnectionCommandDeps): Promise<string | undefined> {
  const candidates = deps.connections.listProfiles().filter((p) => p.kind === 'sso');
  if (candidates.length === 0) {
    await vscode.window.showInformationMessage(
      'No AWS profile uses IAM Identity Center (SSO). Run `aws configure sso` in a terminal to add one.',
    );
    return undefined;
  }
  if (candidates.length === 1) return candidates[0]?.name;
  const choice = await vscode.window.showQuickPick(
    candidates.map((p) => ({ label: p.name, ...(p.problem ? { detail: `$(warning) ${p.problem}` } : {}) })),
    { title: 'Sign In with AWS SSO', placeHolder: 'Choose the profile to sign in with' },
  );
  return choice?.label;
}

/**
 * Opens a terminal running `aws sso login --profile X` (the CLI itself, not a shell, so the profile
 * name needs no quoting). When it exits successfully the connection reloads and the explorer refreshes.
 */
export async function ssoLogin(deps: ConnectionCommandDeps, profile?: unknown): Promise<void> {
  const name = ssoLoginProfile(deps, profile) ?? (await chooseSsoProfile(deps));
  if (!name) return;
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
