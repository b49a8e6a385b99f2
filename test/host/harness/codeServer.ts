// code-server (VS Code 1.100.3's server and web workbench) as a private, loopback-only test host:
// locate it, start it in its own process group with private dirs, install a .vsix, stop it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toolsDir } from './paths';
import { freePort, onInterrupt, spawnGroup, waitForHttp } from './processes';

/** Where scripts/install-code-server.sh puts it. */
export const defaultCodeServerBin = path.join(toolsDir, 'code-server', 'node_modules', '.bin', 'code-server');

/** `CODE_SERVER_BIN` when set (and then only it), else the private install; undefined when missing. */
export function locateCodeServer(): string | undefined {
  const bin = process.env.CODE_SERVER_BIN || defaultCodeServerBin;
  return fs.existsSync(bin) ? bin : undefined;
}

/** Settings that keep the workbench quiet and offline (no walkthroughs, tips, update checks). */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'git.enabled': false, // no git IPC sockets left in /tmp, less startup work
};

/** The environment every code-server process gets: config and data out of ~/.config, no gallery. */
export function codeServerEnv(userDataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(userDataDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(userDataDir, 'xdg-data'),
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

export interface CodeServerOptions {
  bin: string;
  userDataDir: string;
  extensionsDir: string;
  port?: number;
  /** Reaches the server and so the extension host (AWS_*, ECS_* ...). */
  env?: NodeJS.ProcessEnv;
  /** Workbench settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** code-server's own output; defaults to <userDataDir>/code-server.log. */
  logFile?: string;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown> = {}): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({ ...quietSettings, ...settings }, null, 2),
  );
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  fs.mkdirSync(options.userDataDir, { recursive: true });
  fs.mkdirSync(options.extensionsDir, { recursive: true });
  writeUserSettings(options.userDataDir, options.settings);
  const logFile = options.logFile ?? path.join(options.userDataDir, 'code-server.log');
  // A private TMPDIR: the server and extension host leave IPC sockets (vscode-ipc-*.sock,
  // vscode-git-*.sock) in it when their group is killed. A short path: unix sockets allow ~107 bytes.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-cs-'));
  const out = fs.openSync(logFile, 'a');
  const group = spawnGroup(
    options.bin,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      options.userDataDir,
      '--extensions-dir',
      options.extensionsDir,
    ],
    { stdio: ['ignore', out, out], env: codeServerEnv(options.userDataDir, { ...options.env, TMPDIR: tmp }) },
  );
  const stop = async (): Promise<void> => {
    release();
    await group.stop();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  const release = onInterrupt(stop);
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000);
  } catch (e) {
    await stop();
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`code-server did not come up: ${(e as Error).message}\n${tail}`, { cause: e });
  }
  return { url, port, pid: group.pid, userDataDir: options.userDataDir, logFile, stop };
}

/** `code-server --install-extension x.vsix` into a private extensions dir; returns its output. */
export function installExtension(
  bin: string,
  vsix: string,
  userDataDir: string,
  extensionsDir: string,
): string {
  fs.mkdirSync(extensionsDir, { recursive: true });
  return execFileSync(
    bin,
    [
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    {
      env: codeServerEnv(userDataDir),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    },
  );
}

/** e.g. "4.100.3 (VS Code 1.100.3)"; empty when it cannot run. */
export function codeServerVersion(bin: string): string {
  try {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-version-'));
    const out = execFileSync(bin, ['--version'], {
      env: codeServerEnv(tmp),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    });
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    const line = out.trim().split('\n').pop() ?? '';
    const m = /^(\S+) \S+ with Code (\S+)/.exec(line); // "4.100.3 <commit> with Code 1.100.3"
    return m ? `${m[1]} (VS Code ${m[2]})` : line;
  } catch {
    return '';
  }
}
