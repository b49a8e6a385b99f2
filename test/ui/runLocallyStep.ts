// The UI scenario's Run Locally: a task-definition file (busybox httpd serving a page, one port
// mapping) opened in the editor, "Run Locally" clicked in the editor title, and the task run on the
// real Docker test engine: the notification says RUNNING, the Local view shows the task RUNNING and
// its container's port on 127.0.0.1, and the page is served there. The step's screenshot is the
// README's docs/images/run-locally.png. Afterwards the notification's Stop removes the task.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { freePort, writeLocalWebTask } from '../support/localWebTask';
import type { ScenarioContext, Step } from './scenario';

const FAMILY = 'hello-local';
const FILE = 'hello-local-task-definition.json';

const LEFTOVERS = /Earlier local tasks left/;

/**
 * Answers "Keep" to the leftovers question (other runs' local tasks share the engine: never remove
 * them). A warning toast may hide itself before it is answered: then it is in the notification center.
 */
async function keepLeftovers(ctx: ScenarioContext): Promise<void> {
  const { page } = ctx.wb;
  const item = (scope: string) =>
    page.locator(`${scope} .notification-list-item`).filter({ hasText: LEFTOVERS }).first();
  const keep = (scope: string) => item(scope).locator('.monaco-button').filter({ hasText: 'Keep' }).first();
  if (
    await keep('.notifications-toasts')
      .isVisible()
      .catch(() => false)
  ) {
    await keep('.notifications-toasts').click();
    return;
  }
  await ctx.wb.runCommand('Notifications: Show Notifications');
  await keep('.notifications-center').click({ timeout: 10_000 });
  await ctx.wb.runCommand('Notifications: Hide Notifications');
  ctx.log('answered Keep to the leftovers of other runs');
}

/** Waits for a toast matching `message`, answering "Keep" to the leftovers question on the way (others' tasks share the engine). */
async function waitForToast(ctx: ScenarioContext, message: RegExp, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const toasts = (await ctx.wb.toasts()).map((t) => t.message);
    const found = toasts.find((m) => message.test(m));
    if (found) return found;
    if (toasts.some((m) => LEFTOVERS.test(m))) await keepLeftovers(ctx);
    const failed = toasts.find((m) => /^Local task .* stopped|Running the task definition locally/.test(m));
    if (failed) assert.fail(failed);
    if (Date.now() > end) assert.fail(`no notification ${String(message)} (saw: ${toasts.join(' | ')})`);
    await ctx.wb.page.waitForTimeout(500);
  }
}

export const runLocallyStep: Step = {
  slug: 'run-locally',
  title:
    'Run Locally from the editor title of a task-definition file: RUNNING in the Local view, the page served on 127.0.0.1',
  needs: ['workbench'],
  skipUnless: (ctx) =>
    'unavailable' in ctx.docker ? `no Docker test engine: ${ctx.docker.unavailable}` : undefined,
  async run(ctx) {
    const { wb, log } = ctx;
    if ('unavailable' in ctx.docker) throw new Error(ctx.docker.unavailable);
    const port = await freePort();
    const page = `Hello from ${FAMILY} on Docker`;
    writeLocalWebTask(path.join(ctx.workspace, 'local-demo', FILE), {
      family: FAMILY,
      image: ctx.docker.env.DOCKER_TEST_BASE_IMAGE ?? 'local/busybox:latest',
      port,
      page,
    });

    // Open the file: F1 without its `>` is Go to File.
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(FILE);
    await wb.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: FILE })
      .first()
      .waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Enter');
    const button = wb.page.locator('.editor-actions .action-label[aria-label^="Run Locally"]').first();
    await button.waitFor({ timeout: 20_000 });
    await button.click();

    const running = await waitForToast(ctx, new RegExp(`Local task ${FAMILY} is RUNNING`), 120_000);
    log(`notification: ${running}`);
    assert.ok(running.includes(`http://127.0.0.1:${port}`), 'the notification names the published port');

    // The Local view in the ECS side bar: the task RUNNING, its container with the port.
    await wb.openViewContainer('ECS');
    await wb.widenSideBar(620);
    const header = wb.page
      .locator('.part.sidebar .pane-header')
      .filter({ hasText: /^Local/ })
      .first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const task = await wb.waitForRow(FAMILY, { timeoutMs: 30_000 });
    assert.match(task.description, /^RUNNING/, `the Local view shows ${FAMILY} RUNNING`);
    // Its container: the row right below it (the Clusters view above may have a "web" of its own).
    const web = (await wb.rows()).find((r) => r.index === task.index + 1);
    assert.equal(web?.label, 'web', `the Local view shows ${FAMILY}'s container`);
    log(`Local view: ${task.label} [${task.description}], ${web.label} [${web.description}]`);
    assert.match(web.description, new RegExp(`RUNNING · 127\\.0\\.0\\.1:${port}→${port}`));

    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal((await response.text()).trim(), page, 'the page is served on the published port');
    ctx.state.localPort = port;
  },
};

/** Stops the task (F1 → Stop Local Task: the only one of this window) and waits for the Local view to say STOPPED. */
export const stopLocallyStep: Step = {
  slug: 'run-locally-stopped',
  title: 'F1 → Stop Local Task: STOPPED in the Local view (or gone), the port closed',
  needs: ['run-locally'],
  async run(ctx) {
    const { wb } = ctx;
    await wb.runCommand('ECS: Stop Local Task');
    const end = Date.now() + 60_000;
    for (;;) {
      const row = (await wb.rows()).find((r) => r.label === FAMILY);
      if (!row || /^STOPPED/.test(row.description)) break;
      if (Date.now() > end) assert.fail(`${FAMILY} is still ${row.description}`);
      await wb.page.waitForTimeout(500);
    }
    const port = Number(ctx.state.localPort);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the port is closed');
  },
};
