// What a person does in VS Code's workbench, as Playwright actions on code-server's page:
// activity bar, tree rows (label, description, level), context menus, modal dialogs, the command
// palette, notifications, screenshots. Selectors are VS Code 1.100's DOM; keep them here only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FrameLocator, type Locator, type Page } from 'playwright-core';

export interface TreeRow {
  /** Position among the rendered rows of the side bar's tree (0-based). */
  index: number;
  label: string;
  description: string;
  /** 1 for roots, 2 for their children, ... */
  level: number;
  /** undefined for leaves */
  expanded?: boolean;
  ariaLabel: string;
}

export interface Toast {
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
}

/** Minimal shape of a DOM element, for code evaluated in the page (the project compiles without DOM types). */
interface El {
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  textContent: string | null;
}

const sideBar = '.part.sidebar';
const treeRow = `${sideBar} .monaco-list-row`;

export class Workbench {
  private shot = 0;
  /** The bottom panel's height before maximizePanel(), until restorePanel(). */
  private panelHeightBeforeMaximize: number | undefined;

  constructor(
    readonly page: Page,
    readonly screenshotsDir: string,
  ) {
    fs.mkdirSync(screenshotsDir, { recursive: true });
  }

  /** Loads the workbench on `folder` and waits until it is drawn. */
  async open(baseUrl: string, folder: string): Promise<void> {
    await this.page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 30_000 });
  }

  /** Saves a numbered PNG (`03-name.png`) and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shot += 1;
    const file = path.join(this.screenshotsDir, `${String(this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Clicks the activity-bar entry whose aria-label starts with `title` (e.g. "ECS"). */
  async openViewContainer(title: string): Promise<void> {
    const icon = this.page.locator(`.activitybar [aria-label^="${title}"]`).first();
    await icon.waitFor({ timeout: 60_000 });
    const checked = await icon.getAttribute('aria-checked').catch(() => null);
    const sideBarTitle = this.page.locator(`${sideBar} .composite.title`).first();
    // The active container's icon stays checked while an earlier step hid the side bar (a panel
    // maximised, an editor focused): a click then shows it again, so click unless it is on screen.
    const shown = await sideBarTitle.isVisible().catch(() => false);
    if (checked !== 'true' || !shown) await icon.click();
    const visible = await sideBarTitle
      .waitFor({ timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    // Still hidden (seen after Run Locally opened an editor in a full scenario): show the side bar.
    if (!visible) await this.runCommand('View: Toggle Primary Side Bar Visibility');
    await sideBarTitle.waitFor({ timeout: 15_000 });
  }

  /** Drags the side bar's edge so it is `width` pixels wide (descriptions are cut off at the default). */
  async widenSideBar(width: number): Promise<void> {
    const box = await this.page.locator(sideBar).first().boundingBox();
    if (!box) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** The side bar's title text (e.g. "ECS: CLUSTERS" or "ECS"). */
  async sideBarTitle(): Promise<string> {
    return (await this.page.locator(`${sideBar} .composite.title`).first().innerText()).trim();
  }

  /** Headers of the views in the side bar (e.g. ["Clusters"]); empty when the only view's header is merged into the title. */
  async viewHeaders(): Promise<string[]> {
    const texts = await this.page.locator(`${sideBar} .pane-header .title`).allInnerTexts();
    return texts.map((t) => t.trim()).filter(Boolean);
  }

  /** Every rendered row of the side bar's tree, in order. */
  async rows(): Promise<TreeRow[]> {
    return this.page.locator(treeRow).evaluateAll((elements: El[]) =>
      elements.map((el, index) => {
        const expanded = el.getAttribute('aria-expanded');
        return {
          index,
          label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
          level: Number(el.getAttribute('aria-level') ?? '1'),
          expanded: expanded === null ? undefined : expanded === 'true',
          ariaLabel: el.getAttribute('aria-label') ?? '',
        };
      }),
    );
  }

  /**
   * Waits for a row whose label matches and returns it. `level` narrows to a depth, `under` to the
   * rows below a root (level 1) row with that label (e.g. "Standalone tasks" of one cluster).
   */
  async waitForRow(label: string | RegExp, options: RowOptions = {}): Promise<TreeRow> {
    const end = Date.now() + (options.timeoutMs ?? 20_000);
    for (;;) {
      const row = underRoot(await this.rows(), options.under).find(
        (r) => matches(r.label, label) && (options.level === undefined || r.level === options.level),
      );
      if (row) return row;
      if (Date.now() > end) {
        const seen = (await this.rows()).map((r) => `${'  '.repeat(r.level - 1)}${r.label} ${r.description}`);
        throw new Error(
          `no tree row ${String(label)} within ${options.timeoutMs ?? 20_000} ms; rows:\n${seen.join('\n')}`,
        );
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** Hovers a row and returns the text of its tooltip (the node's Markdown details). */
  async hoverDetails(row: TreeRow, timeoutMs = 10_000): Promise<string> {
    await this.rowLocator(row).locator('.label-name').first().hover();
    const hover = this.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await hover.waitFor({ timeout: timeoutMs });
    await this.page.waitForTimeout(300); // let it render fully before a screenshot
    return (await hover.innerText()).trim();
  }

  rowLocator(row: TreeRow): Locator {
    return this.page.locator(treeRow).nth(row.index);
  }

  /** The rows directly under `parent` (rendered rows after it, one level deeper, until the next sibling). */
  async childrenOf(parent: TreeRow): Promise<TreeRow[]> {
    const all = await this.rows();
    // The same position first (two rows may share a label, e.g. "Standalone tasks" of two clusters).
    const same = (r: TreeRow) => r.label === parent.label && r.level === parent.level;
    const at = all.findIndex((r) => r.index === parent.index && same(r));
    const start = at >= 0 ? at : all.findIndex(same);
    const children: TreeRow[] = [];
    for (const r of all.slice(start + 1)) {
      if (r.level <= parent.level) break;
      if (r.level === parent.level + 1) children.push(r);
    }
    return children;
  }

  /** Collapses an expanded row (click, then the keyboard if the click only selected it). */
  async collapse(label: string | RegExp, options: RowOptions = {}): Promise<void> {
    let row = await this.waitForRow(label, options);
    if (row.expanded !== true) return;
    await this.rowLocator(row).click();
    row = await this.waitForRow(label, options);
    if (row.expanded === true) await this.page.keyboard.press('ArrowLeft');
    const end = Date.now() + 5_000;
    while ((await this.waitForRow(label, options)).expanded === true) {
      if (Date.now() > end) throw new Error(`${String(label)} stays expanded`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Expands a row (click, then the keyboard if the click only selected it) and waits for children. */
  async expand(label: string | RegExp, options: RowOptions = {}): Promise<TreeRow[]> {
    let row = await this.waitForRow(label, options);
    if (row.expanded !== true) {
      await this.rowLocator(row).click();
      row = await this.waitForRow(label, options);
      if (row.expanded !== true) {
        await this.page.keyboard.press('ArrowRight');
      }
    }
    const end = Date.now() + (options.timeoutMs ?? 20_000);
    let triedAt = Date.now();
    for (;;) {
      row = await this.waitForRow(label, options);
      const children = await this.childrenOf(row);
      // a child row saying "Loading..." is a placeholder: wait for the real ones
      if (row.expanded && children.length > 0 && !children.every((c) => /loading/i.test(c.label)))
        return children;
      if (Date.now() > end) throw new Error(`${String(label)} shows no children after expanding`);
      // A refresh of the tree as the row was clicked (e.g. the one after Run Task) can leave it
      // selected but collapsed: try again, at most once a second.
      if (row.expanded === false && Date.now() - triedAt > 1000) {
        await this.rowLocator(row).click();
        if ((await this.waitForRow(label, options)).expanded !== true)
          await this.page.keyboard.press('ArrowRight');
        triedAt = Date.now();
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** Right-clicks a row and picks `item` in its context menu. */
  async contextMenu(row: TreeRow, item: string | RegExp): Promise<void> {
    await this.rowLocator(row).click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.first().waitFor({ timeout: 10_000 });
    const entry = menu.locator('.action-item .action-label').filter({ hasText: item }).first();
    await entry.waitFor({ timeout: 5_000 });
    // The menu ignores a mouse-up that comes too soon after it opened (the right-click's own release).
    await entry.hover();
    await this.page.waitForTimeout(300);
    await entry.click();
    await menu.first().waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** Closes what a failed step may have left open (context menu, quick input, dialog). */
  async dismissOverlays(): Promise<void> {
    for (const selector of ['.context-view .monaco-menu', '.quick-input-widget', '.monaco-dialog-box']) {
      if (
        await this.page
          .locator(selector)
          .first()
          .isVisible()
          .catch(() => false)
      ) {
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(200);
      }
    }
  }

  /** The items of the open context menu (for diagnostics). */
  async contextMenuItems(): Promise<string[]> {
    const items = await this.page
      .locator('.context-view .monaco-menu .action-item .action-label')
      .allInnerTexts();
    return items.map((t) => t.trim()).filter(Boolean);
  }

  /** Waits for a modal dialog and returns its message (and detail) text. */
  async dialogText(timeoutMs = 10_000): Promise<string> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.first().waitFor({ timeout: timeoutMs });
    return (await box.first().innerText()).trim();
  }

  /** Clicks a modal dialog's button and waits for the dialog to close. */
  async dialogButton(text: string | RegExp): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.locator('.dialog-buttons .monaco-button').filter({ hasText: text }).first().click();
    await box.first().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * F1, type `title` (e.g. "ECS: Refresh"), and run the matching entry. The palette lists what was
   * registered when it opened, so it is reopened until the entry shows (the extension host may
   * still be starting), and also when it closed before it could be typed in: a view or panel that
   * takes the focus right then (an output channel being revealed) closes it, and a person would
   * press F1 again.
   */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const entry = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    const end = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ timeout: 10_000 });
      const typed = await input
        .fill(`>${title}`, { timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      const found =
        typed &&
        (await entry
          .waitFor({ timeout: 3_000 })
          .then(() => true)
          .catch(() => false));
      if (found) break;
      await this.page.keyboard.press('Escape');
      if (Date.now() > end)
        throw new Error(
          typed
            ? `the command palette does not list "${title}"`
            : `the command palette kept closing before "${title}" could be typed`,
        );
      await this.page.waitForTimeout(500);
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * F1, type `query` as a person would, and read the palette's rows top to bottom (their labels,
   * e.g. "ECS: Deploy…"), then close it without running anything. Reopened until `expect` is
   * among the rows (the extension's commands may still be registering).
   */
  async paletteRows(query: string, expect: string, timeoutMs = 30_000): Promise<string[]> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const end = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ timeout: 10_000 });
      await input.fill(`>${query}`);
      await this.page.waitForTimeout(500); // the list is filtered and sorted as it is typed
      const labels = (await rows.locator('.label-name').allTextContents()).map((l) => l.trim());
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      if (labels.includes(expect)) return labels;
      if (Date.now() > end)
        throw new Error(`F1 "${query}" does not list "${expect}" (saw: ${labels.join(' | ')})`);
      await this.page.waitForTimeout(500);
    }
  }

  /**
   * Answers the open quick pick or input box once it asks `question` (matched against its title
   * and placeholder): types `filter` if given (a quick pick narrows its list to it), then Enter.
   * A quick pick is answered only after its items are listed (they may still be loading).
   */
  async answerQuickInput(question: RegExp, filter?: string, timeoutMs = 20_000): Promise<string> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const end = Date.now() + timeoutMs;
    let asked = '';
    for (;;) {
      if (await widget.isVisible().catch(() => false)) {
        const { title, placeholder } = await this.quickInputQuestion();
        asked = `${title} / ${placeholder}`;
        if (question.test(title) || question.test(placeholder)) break;
      }
      if (Date.now() > end) throw new Error(`no quick input asks ${String(question)} (last: "${asked}")`);
      await this.page.waitForTimeout(100);
    }
    // A pick still loading its items (its progress bar running) takes Enter as "no choice", which
    // the command reads as Escape: wait until it has its items.
    await this.quickInputLoaded(end, asked);
    if (filter !== undefined) await input.fill(filter);
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    if (
      await widget
        .locator('.quick-input-list')
        .isVisible()
        .catch(() => false)
    ) {
      await rows.first().waitFor({ timeout: Math.max(1000, end - Date.now()) });
    }
    // The widget is reused between questions: an Enter that lands while it is still being set up
    // is lost (focus stays in its input: checked). Press again until it moves on (another question,
    // or closed).
    for (let attempt = 0; attempt < 5; attempt++) {
      await input.focus().catch(() => undefined);
      await this.page.keyboard.press('Enter');
      if (await this.movedOn(asked, 2_000)) return asked;
    }
    throw new Error(`the quick input "${asked}" did not accept Enter`);
  }

  /** What the open quick input asks: its title and its input's placeholder ('' when absent). */
  private async quickInputQuestion(): Promise<{ title: string; placeholder: string }> {
    const widget = this.page.locator('.quick-input-widget');
    const title = await widget
      .locator('.quick-input-title')
      .innerText()
      .catch(() => '');
    const placeholder = await widget
      .locator('.quick-input-box input')
      .getAttribute('placeholder')
      .catch(() => null);
    return { title: title.trim(), placeholder: placeholder ?? '' };
  }

  /** Waits until the quick input's progress bar stops (VS Code marks it `active` while busy). */
  private async quickInputLoaded(end: number, asked: string): Promise<void> {
    const busy = this.page.locator('.quick-input-widget .quick-input-progress.active');
    while ((await busy.count().catch(() => 0)) > 0) {
      if (Date.now() > end) throw new Error(`the quick input "${asked}" kept loading its items`);
      await this.page.waitForTimeout(100);
    }
  }

  private async movedOn(asked: string, timeoutMs: number): Promise<boolean> {
    const widget = this.page.locator('.quick-input-widget');
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (!(await widget.isVisible().catch(() => false))) return true;
      const { title, placeholder } = await this.quickInputQuestion();
      if (`${title} / ${placeholder}` !== asked) return true;
      await this.page.waitForTimeout(100);
    }
    return false;
  }

  /** The text of the Output panel's visible channel (its rendered lines). */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines');
    await lines.first().waitFor({ timeout: 10_000 });
    return (await lines.first().innerText()).replace(/\u00a0/g, ' ');
  }

  /**
   * The Output panel's rendered lines top to bottom, ordered by where they are drawn (Monaco reuses
   * line elements, so their DOM order need not be the screen's).
   */
  async outputLines(): Promise<string[]> {
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines .view-line');
    await lines.first().waitFor({ timeout: 10_000 });
    const drawn = await lines.evaluateAll((elements: El[]) =>
      elements.map((el) => ({
        top: Number(/top:\s*(-?[\d.]+)px/.exec(el.getAttribute('style') ?? '')?.[1] ?? 0),
        text: el.textContent ?? '',
      })),
    );
    return drawn.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, ' '));
  }

  /**
   * Maximizes the bottom panel (F1 → View: Toggle Maximized Panel), so more of the Output is drawn;
   * checked by its height. restorePanel() gives it its earlier size again.
   */
  async maximizePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel').first();
    await panel.waitFor({ timeout: 10_000 });
    const before = (await panel.boundingBox())?.height ?? 0;
    await this.runCommand('View: Toggle Maximized Panel');
    await this.waitForPanelHeight((h) => h > before, `taller than ${before} px`);
    this.panelHeightBeforeMaximize = before;
  }

  async restorePanel(): Promise<void> {
    const before = this.panelHeightBeforeMaximize;
    if (before === undefined) return;
    this.panelHeightBeforeMaximize = undefined;
    const panel = this.page.locator('.part.panel').first();
    if (((await panel.boundingBox())?.height ?? 0) <= before + 2) return; // no longer maximized
    await this.runCommand('View: Toggle Maximized Panel');
    await this.waitForPanelHeight((h) => Math.abs(h - before) < 2, `${before} px again`);
  }

  private async waitForPanelHeight(ok: (height: number) => boolean, what: string): Promise<void> {
    const panel = this.page.locator('.part.panel').first();
    const end = Date.now() + 5_000;
    for (;;) {
      const height = (await panel.boundingBox())?.height ?? 0;
      if (ok(height)) return;
      if (Date.now() > end) throw new Error(`the panel is ${height} px high, not ${what}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The labels of the open quick pick's rows, not their descriptions or details (waits until it lists some). */
  async quickPickLabels(timeoutMs = 10_000): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: timeoutMs });
    return rows.evaluateAll((elements: El[]) =>
      elements.map((el) => el.querySelector('.label-name')?.textContent?.trim() ?? ''),
    );
  }

  /** Clicks a button of the notification toast whose text matches. */
  async toastButton(message: RegExp, button: string): Promise<void> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: message })
      .first();
    await toast.locator('.monaco-button').filter({ hasText: button }).first().click();
  }

  /**
   * The document of the webview editor in front. code-server nests it twice: the workbench's
   * `iframe.webview` hosts VS Code's webview page, whose `#active-frame` holds the extension's HTML.
   */
  webview(): FrameLocator {
    return this.page
      .locator('iframe.webview.ready')
      .filter({ visible: true })
      .first()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
  }

  /** Hides the bottom panel (Output, Terminal) if it is open, so the editor gets its height. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel').first();
    if (!(await panel.isVisible().catch(() => false))) return;
    await panel
      .locator('.action-label.codicon-panel-close, .action-label[aria-label^="Hide Panel"]')
      .first()
      .click();
    await panel.waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** Notification toasts on screen now. */
  async toasts(): Promise<Toast[]> {
    return this.page.locator('.notifications-toasts .notification-toast').evaluateAll((elements: El[]) =>
      elements.map((el): Toast => {
        const icon = el.querySelector('.notification-list-item-icon')?.getAttribute('class') ?? '';
        // The source ("ECS & Fargate") is drawn only when a toast is expanded, but is always in its
        // row's aria-label: "<message>, source: <source>, notification".
        const aria = el.querySelector('.monaco-list-row')?.getAttribute('aria-label') ?? '';
        return {
          severity: /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info',
          message: el.querySelector('.notification-list-item-message')?.textContent?.trim() ?? '',
          source: /, source: (.*?), notification/.exec(aria)?.[1] ?? '',
        };
      }),
    );
  }
}

export interface RowOptions {
  level?: number;
  timeoutMs?: number;
  /** Only rows below the root row with this label. */
  under?: string;
}

/** The rows below the root row labelled `root` (all rows when not given). */
function underRoot(rows: TreeRow[], root: string | undefined): TreeRow[] {
  if (root === undefined) return rows;
  const start = rows.findIndex((r) => r.level === 1 && r.label === root);
  if (start < 0) return [];
  const next = rows.findIndex((r, i) => i > start && r.level === 1);
  return rows.slice(start + 1, next < 0 ? undefined : next);
}

export function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text === pattern : pattern.test(text);
}
