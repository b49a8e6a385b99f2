// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the arguments test-electron passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a folder; Electron-only flags are ignored), starts a private
// code-server with them, runs the suite in its node extension host through Chromium, stops
// code-server's process group, and exits with the suite's code. The environment (test-electron's
// extensionTestsEnv) reaches the extension host through code-server.
// Started through test/host/bin/code-server-shim (a sh wrapper: test-electron spawns a file).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateChromium } from './browser';
import { codeServerVersion, locateCodeServer, startCodeServer } from './codeServer';
import { runExtensionTestsInBrowser } from './extensionTests';
import { exitWhenDone, onInterrupt } from './processes';

export interface ShimArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
  version: boolean;
}

export function parseShimArgs(argv: string[]): ShimArgs {
  const args: ShimArgs = { extensionDevelopmentPaths: [], version: false };
  const takesValue = new Set([
    'extensionDevelopmentPath',
    'extensionTestsPath',
    'user-data-dir',
    'extensions-dir',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      args.folder ??= arg;
      continue;
    }
    const name = m[1]!;
    const value = (): string => m[2] ?? argv[++i] ?? '';
    if (!takesValue.has(name)) {
      if (name === 'version' || name === 'v') args.version = true;
      continue; // --no-sandbox, --disable-gpu-sandbox, --skip-welcome, ...: meaningless here
    }
    const v = value();
    if (name === 'extensionDevelopmentPath') args.extensionDevelopmentPaths.push(v);
    else if (name === 'extensionTestsPath') args.extensionTestsPath = v;
    else if (name === 'user-data-dir') args.userDataDir = v;
    else args.extensionsDir = v;
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseShimArgs(process.argv.slice(2));
  const bin = locateCodeServer();
  if (args.version) {
    console.log(bin ? codeServerVersion(bin) : 'code-server not installed');
    return 0;
  }
  if (!args.extensionTestsPath) {
    console.error('code-server-shim: only test runs (--extensionTestsPath=...) are supported');
    return 2;
  }
  const chromium = locateChromium();
  if (!bin || !chromium) {
    console.error(
      `code-server-shim: missing ${!bin ? 'code-server (scripts/install-code-server.sh)' : 'chromium'}`,
    );
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-shim-'));
  // code-server and the browser stop themselves on a signal (they register their own cleanup).
  const release = onInterrupt(() =>
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  );
  const t0 = Date.now();
  const server = await startCodeServer({
    bin,
    userDataDir: args.userDataDir ?? path.join(scratch, 'user-data'),
    extensionsDir: args.extensionsDir ?? path.join(scratch, 'extensions'),
  });
  console.log(
    `code-server-shim: code-server ${codeServerVersion(bin)} on ${server.url} (pid ${server.pid}) up in ${Date.now() - t0} ms`,
  );
  let code: number;
  try {
    code = await runExtensionTestsInBrowser({
      url: server.url,
      chromium,
      folder: args.folder,
      extensionDevelopmentPaths: args.extensionDevelopmentPaths,
      extensionTestsPath: args.extensionTestsPath,
      verbose: !!process.env.VERBOSE,
      timeoutMs: Number(process.env.ECS_HOST_TIMEOUT_MS) || undefined,
    });
    if (code !== 0)
      console.log(`code-server-shim: suite exit code ${code}; code-server log: ${server.logFile}`);
  } finally {
    await server.stop();
    release();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
  return code;
}

if (require.main === module) {
  // test-electron reads our output through pipes: if it is gone (Ctrl-C), writing must not kill us
  // before code-server is stopped.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  main().then(
    (code) => void exitWhenDone(code),
    (e: unknown) => {
      console.error('code-server-shim:', e);
      void exitWhenDone(1);
    },
  );
}
