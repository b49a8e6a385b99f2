// Debian's Chromium driven by playwright-core, headless, with a fresh profile, and with every request
// to a non-loopback host aborted (the workbench would otherwise try marketplaces, CDNs, telemetry).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { onInterrupt } from './processes';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** `CHROMIUM_BIN` when set (and then only it), else Debian's; undefined when missing. */
export function locateChromium(): string | undefined {
  const bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  return fs.existsSync(bin) ? bin : undefined;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Non-loopback URLs that were asked for and aborted (for diagnostics). */
  blocked: string[];
  close(): Promise<void>;
}

export async function launchBrowser(
  executablePath: string,
  viewport = { width: 1440, height: 900 },
): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    // Playwright's own signal handlers kill the browser and exit(130) at once, before our cleanups
    // (stopping code-server, removing temp dirs) have run: onInterrupt() below closes it instead.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...process.env, TMPDIR: profile }, // its scratch files go with the profile
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const blocked: string[] = [];
  await context.route(
    (url) => /^(https?|wss?):$/.test(url.protocol) && !loopbackHosts.has(url.hostname),
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async (): Promise<void> => {
    release();
    await context.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  const release = onInterrupt(close);
  return { context, page, blocked, close };
}
