/**
 * The VS Code terminal over an exec shell session: keystrokes go out as typed (Ctrl-C is the byte
 * 0x03 and reaches the process), the terminal's size is sent on open and on every resize, and when the
 * session ends its status is shown; the next key press closes the terminal.
 */
import * as vscode from 'vscode';
import type { ShellSession } from '../../workflows/exec/execSession';

export function shellPseudoterminal(session: ShellSession): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let ended: number | undefined | null = null; // null: still running
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open(dimensions) {
      session.onData((text) => write.fire(text));
      if (dimensions) session.resize(dimensions.columns, dimensions.rows);
      void session.ended.then((end) => {
        ended = end.closure.exitCode;
        write.fire(
          `\r\n\x1b[2m[${end.summary}]\x1b[0m\r\n\x1b[2mPress any key to close the terminal.\x1b[0m\r\n`,
        );
      });
    },
    handleInput(data) {
      if (ended === null) session.write(data);
      else close.fire(ended ?? undefined);
    },
    setDimensions(dimensions) {
      session.resize(dimensions.columns, dimensions.rows);
    },
    close() {
      session.close();
      write.dispose();
      close.dispose();
    },
  };
}
