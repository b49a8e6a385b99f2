// Runs an extension's mocha suite in code-server's node extension host. code-server refuses
// --extensionDevelopmentPath on its command line, but its web workbench reads the same options from
// the page URL (`?payload=[[name, value], ...]`, the mechanism @vscode/test-web uses). When the
// suite's run() settles, the workbench calls window.codeAutomationExit(code), which we expose from
// Playwright. The extension host's console (mocha's report) is forwarded to the page's console.
import * as path from 'node:path';
import { format } from 'node:util';
import { type ConsoleMessage } from 'playwright-core';
import { launchBrowser } from './browser';

export interface ExtensionTestRun {
  /** code-server's base URL, http://127.0.0.1:PORT */
  url: string;
  chromium: string;
  /** Folder to open as the workspace; an empty window when undefined. */
  folder?: string;
  extensionDevelopmentPaths: string[];
  /** The suite's entry module (exports run(): Promise<void>), with or without .js. */
  extensionTestsPath: string;
  timeoutMs?: number;
  /** Where forwarded lines go (default: stdout). */
  echo?: (line: string) => void;
  /** Forward every console line of the page, not only the suite's report. */
  verbose?: boolean;
}

// eslint-disable-next-line no-control-regex -- matching the ESC of colour codes is the point
const ansiColour = /\u001b\[[0-9;]*m/g;

/** Workbench chatter that is no part of the report. */
const noise =
  /^(Ignoring fetching|Updating additional builtin|ChatSessionStore|Overwriting extension|Failed to load resource|An iframe which|The web worker extension host|Resolving connection|Resolved connection|Creating a socket|\[Service Worker\])/;

/** Builds the workbench URL carrying the test-electron style options. */
export function workbenchTestUrl(
  url: string,
  folder: string | undefined,
  devPaths: string[],
  testsPath: string | undefined,
): string {
  const authority = new URL(url).host; // code-server uses location.host as the remote authority
  const remote = (p: string): string => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload: [string, string][] = devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const where = folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true';
  return `${url}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * The text of one forwarded console message. The workbench logs the extension host's console as
 * ('%c INFO', 'color: #33f', <the original console.log arguments>); the original arguments are
 * formatted the way Node would (mocha's spec reporter uses '%s' placeholders).
 */
async function consoleLine(message: ConsoleMessage): Promise<{ level: string; text: string }> {
  let values: unknown[] = await Promise.all(
    message.args().map((a) => a.jsonValue().catch((): unknown => '')),
  );
  if (values.length === 0) values = [message.text()];
  let level: string = message.type();
  const first = values[0];
  if (typeof first === 'string' && first.includes('%c')) {
    const styles = first.split('%c').length - 1;
    const prefix = first.replaceAll('%c', '').trim();
    const rest = values.slice(1 + styles);
    const m = /^(TRACE|DEBUG|INFO|WARN|ERR|ERROR)$/.exec(prefix);
    if (m) {
      level = m[1]!.toLowerCase();
      values = rest;
    } else {
      values = [prefix, ...rest];
    }
  }
  // mocha 12 colours its report whenever supports-color says so (its `color: false` does not reach
  // the ESM reporter module): strip the escapes, the report goes to logs.
  const text = values.length ? format(...values) : '';
  return { level, text: text.replace(ansiColour, '') };
}

/** Resolves with the suite's exit code (0 = all passed), or 2 on timeout. */
export async function runExtensionTestsInBrowser(run: ExtensionTestRun): Promise<number> {
  const echo = run.echo ?? ((line: string) => console.log(line));
  const timeoutMs = run.timeoutMs ?? 10 * 60_000;
  const browser = await launchBrowser(run.chromium);
  try {
    const { page } = browser;
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => resolveExit(Number(code) || 0));
    await page.exposeFunction('codeAutomationLog', () => undefined); // the workbench's own log: noisy
    let reporting = false;
    const pending: Promise<void>[] = [];
    page.on('console', (message) => {
      pending.push(
        consoleLine(message).then(({ level, text }) => {
          // mocha's spec reporter starts with an indented line; echo from there on.
          if (!reporting && (/^\s+\S/.test(text) || /\d+ (passing|failing|pending)/.test(text)))
            reporting = true;
          const line = level.startsWith('err') ? `[error] ${text}` : text;
          if (run.verbose || (reporting && !noise.test(text))) echo(line);
        }),
      );
    });
    page.on('pageerror', (e) => run.verbose && echo(`[page error] ${e.message}`));
    await page.goto(
      workbenchTestUrl(run.url, run.folder, run.extensionDevelopmentPaths, run.extensionTestsPath),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(-1), timeoutMs);
    });
    let code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === -1) {
      echo(`no result from the extension host within ${timeoutMs / 1000} s`);
      code = 2;
    }
    await new Promise((r) => setTimeout(r, 300)); // let the last forwarded lines arrive
    await Promise.allSettled(pending);
    return code;
  } finally {
    await browser.close();
  }
}
