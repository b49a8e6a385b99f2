// The connection status-bar item is there before the ECS view is opened (issue 17): the sample
// workspace has a Dockerfile, which activates the extension (lazily: no `*`, no onStartupFinished).
import * as assert from 'node:assert/strict';
import type { Step } from './scenario';

export const statusBarBeforeViewStep: Step = {
  slug: 'status-bar-before-view',
  title: 'the status bar shows the AWS profile and region before the ECS view is opened',
  needs: ['workbench'],
  async run({ wb, log }) {
    const sideBar = (await wb.sideBarTitle().catch(() => '')).trim();
    assert.notEqual(sideBar.toUpperCase(), 'ECS', 'the ECS view is not open yet');
    // Found by its accessible name (the extension's accessibilityInformation), not by VS Code's DOM.
    const item = wb.page.getByRole('button', { name: /^AWS profile \S+, region [a-z0-9-]+$/ });
    await item.first().waitFor({ timeout: 20_000 });
    const text = (await item.first().textContent()) ?? '';
    log(`status bar (side bar: "${sideBar}"): "${text.trim()}"`);
    assert.match(text, /^\s*\S+ · [a-z]{2}(-[a-z]+)+-\d\s*$/);
  },
};
