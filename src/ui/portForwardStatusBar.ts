/**
 * The "Port forwards" status-bar item: where the user looks for a running forward. Hidden when none
 * runs; `$(plug) 127.0.0.1:8080 → web:8080` for one, `$(plug) 3 port forwards` for more; the tooltip
 * lists each with its connections; a click lists them with Open in Browser, Copy Address and Stop
 * (ecsFargate.showPortForwards).
 */
import * as vscode from 'vscode';
import { localAddress, type PortForwards } from '../workflows/portForward/portForwards';

export const SHOW_PORT_FORWARDS_COMMAND = 'ecsFargate.showPortForwards';

export function portForwardStatusText(forwards: PortForwards): string | undefined {
  const all = forwards.all;
  if (all.length === 0) return undefined;
  if (all.length === 1) return `$(plug) ${localAddress(all[0]!)} → ${all[0]!.destination}`;
  return `$(plug) ${all.length} port forwards`;
}

export function registerPortForwardStatusBar(forwards: PortForwards): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(
    'ecsFargate.portForwards',
    vscode.StatusBarAlignment.Left,
    99,
  );
  item.name = 'ECS Port Forwards';
  item.command = SHOW_PORT_FORWARDS_COMMAND;
  const render = () => {
    const text = portForwardStatusText(forwards);
    if (!text) {
      item.hide();
      return;
    }
    item.text = text;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**ECS port forwards** (local listeners on 127.0.0.1 only)\n\n');
    for (const f of forwards.all) {
      md.appendMarkdown('- ');
      md.appendText(
        `${localAddress(f)} → ${f.destination} (task ${f.request.task.split('/').pop() ?? ''}, ${f.mode}, ${f.connections} connection${f.connections === 1 ? '' : 's'})`,
      );
      md.appendMarkdown('\n');
    }
    md.appendMarkdown('\nClick to open, copy or stop one.');
    item.tooltip = md;
    item.show();
  };
  const subscription = forwards.onDidChange(render);
  render();
  return new vscode.Disposable(() => {
    subscription.dispose();
    item.dispose();
  });
}
