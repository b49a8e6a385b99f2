// ECS Exec on screen (issue 12): right-click a container of web-frontend (ECS Exec on in the demo
// fleet) → Open Shell opens a terminal on the fake agent's real shell; a typed command's output is in
// the terminal's rows as drawn (xterm's DOM renderer: runUiTests turns GPU acceleration off), then
// `exit` ends the session with its status.
import * as assert from 'node:assert/strict';
import type { Step } from './scenario';

/** The text of the terminal in the panel, as xterm drew its rows. */
async function terminalText(step: Parameters<Step['run']>[0]): Promise<string> {
  const rows = step.wb.page.locator(
    '.part.panel .terminal-wrapper.active .xterm-rows, .part.panel .xterm-rows',
  );
  return (
    await rows
      .first()
      .innerText()
      .catch(() => '')
  ).replace(/\u00a0/g, ' ');
}

async function waitForText(ctx: Parameters<Step['run']>[0], want: RegExp, what: string): Promise<string> {
  const end = Date.now() + 30_000;
  let text = '';
  while (!want.test(text)) {
    if (Date.now() > end) assert.fail(`${what} not in the terminal: ${text.slice(-400)}`);
    await ctx.wb.page.waitForTimeout(300);
    text = await terminalText(ctx);
  }
  return text;
}

export const execShellStep: Step = {
  slug: 'exec-shell',
  title: 'right-click a container → Open Shell: a typed command runs in the container, its output on screen',
  needs: ['service-expanded'],
  async run(ctx) {
    const { wb, log, state } = ctx;
    const containers = await wb.expand(state.task!.label, { level: state.task!.level });
    const container = containers[0];
    assert.ok(container, `task ${state.task!.label} shows a container`);
    await wb.contextMenu(container, /^Open Shell/);
    await wb.page.locator('.part.panel .xterm').first().waitFor({ timeout: 30_000 });
    await waitForText(ctx, /[#$]\s*$/m, 'the shell prompt');
    await wb.page.locator('.part.panel .xterm').first().click();
    await wb.page.keyboard.type('echo ui-exec-$((6*7)) && uname -s', { delay: 20 });
    await wb.page.keyboard.press('Enter');
    const text = await waitForText(ctx, /^ui-exec-42\s*$/m, 'the command output "ui-exec-42"');
    log(`terminal: ${text.replace(/\s+/g, ' ').trim().slice(-200)}`);
    assert.match(text, /^Linux\s*$/m, 'uname ran in the container');
    // The README's screenshot of ECS Exec: the runner saves this step's screen after run().
  },
};
