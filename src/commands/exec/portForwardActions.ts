/** What the user does with a running forward: open it in the browser, copy its address, stop it. */
import * as vscode from 'vscode';
import type { PortForward } from '../../workflows/portForward/portForward';
import { localAddress } from '../../workflows/portForward/portForwards';

export const OPEN_IN_BROWSER = 'Open in Browser';
export const COPY_ADDRESS = 'Copy Address';
export const STOP = 'Stop';

/** Through asExternalUri, so it also works from a remote window or code-server (the port is forwarded there). */
export async function openInBrowser(forward: PortForward): Promise<void> {
  const uri = await vscode.env.asExternalUri(vscode.Uri.parse(`http://${localAddress(forward)}/`));
  await vscode.env.openExternal(uri);
}

export async function copyAddress(forward: PortForward): Promise<void> {
  await vscode.env.clipboard.writeText(localAddress(forward));
  vscode.window.setStatusBarMessage(`Copied ${localAddress(forward)}`, 3000);
}

export async function runForwardAction(forward: PortForward, action: string | undefined): Promise<void> {
  if (action === OPEN_IN_BROWSER) await openInBrowser(forward);
  else if (action === COPY_ADDRESS) await copyAddress(forward);
  else if (action === STOP) await forward.stop();
}

export function forwardLabel(forward: PortForward): string {
  return `${localAddress(forward)} → ${forward.destination}`;
}

export function forwardDescription(forward: PortForward): string {
  const task = forward.request.task.split('/').pop() ?? '';
  return `task ${task.slice(0, 8)} · ${forward.mode} · ${forward.connections} connection${forward.connections === 1 ? '' : 's'}`;
}
