import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from '../../aws/connectionManager';
import { registerCommand } from '../../ui/runCommand';
import type { ConnectionCommandDeps } from './connectionCommandDeps';

const NEW_CONFIG = [
  '# AWS shared config: profiles, regions, SSO sessions and endpoints.',
  '# https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html',
  '',
].join('\n');

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The file that defines a profile: the config file, unless the profile only lives in the credentials file. */
function fileFor(connections: ConnectionManager, profile: string | undefined): 'config' | 'credentials' {
  if (!profile) return 'config';
  const { configProfiles, credentialsProfiles } = connections.sharedConfig;
  return !configProfiles.has(profile) && credentialsProfiles.has(profile) ? 'credentials' : 'config';
}

function headerPattern(which: 'config' | 'credentials', profile: string): RegExp {
  const name = escapeRegExp(profile);
  if (which === 'credentials') return new RegExp(`^\\s*\\[\\s*${name}\\s*\\]`);
  if (profile === 'default') return /^\s*\[\s*(profile\s+)?default\s*\]/;
  return new RegExp(`^\\s*\\[\\s*profile\\s+["']?${name}["']?\\s*\\]`);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the AWS config file (or the credentials file for a profile defined only there) and reveals
 * the profile's section. A missing config file is created only after the user agrees.
 */
export async function openAwsConfig(
  deps: Pick<ConnectionCommandDeps, 'connections'>,
  profile?: unknown,
): Promise<void> {
  const name = typeof profile === 'string' && profile !== '' ? profile : undefined;
  const which = fileFor(deps.connections, name);
  const file =
    which === 'config' ? deps.connections.paths.configFile : deps.connections.paths.credentialsFile;
  const uri = vscode.Uri.file(file);
  if (!(await exists(uri))) {
    const create = 'Create File';
    const answer = await vscode.window.showInformationMessage(
      `The AWS ${which} file does not exist yet. Create it?`,
      { modal: true, detail: file },
      create,
    );
    if (answer !== create) return;
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file)));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(which === 'config' ? NEW_CONFIG : ''));
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  if (!name) return;
  const pattern = headerPattern(which, name);
  for (let line = 0; line < document.lineCount; line++) {
    if (pattern.test(document.lineAt(line).text)) {
      const range = document.lineAt(line).range;
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
      return;
    }
  }
}

/** `ecsFargate.openAwsConfig` (optional argument: a profile name whose section to reveal). */
export function registerOpenAwsConfig(deps: ConnectionCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.openAwsConfig',
    'Opening the AWS config file',
    deps,
    (profile?: unknown) => openAwsConfig(deps, profile),
  );
}
