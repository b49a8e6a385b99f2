// Runs INSIDE the extension host (loaded as `extensionTestsPath` by activationBench.ts): one cold
// activation of the extension, what it loaded, and what it had loaded a moment later (the work
// activate() starts but does not wait for, like reading the AWS config files). Writes the figures
// to a file in $ECS_BENCH_RESULT_DIR as JSON; the runner decides what fails.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export interface ProbeResult {
  readonly wasActive: boolean;
  /** `await extension.activate()`: loading dist/extension.js plus activate(), the cold start. */
  readonly activationMs: number;
  /** activate()'s own figure (its body, without loading the bundle). */
  readonly activateBodyMs: number | undefined;
  /** CPU time the extension host spent meanwhile (user + system): below the wall time when starved. */
  readonly activationCpuMs: number;
  /** The extension's bundles in require.cache right after activation, and ~1 s later. */
  readonly loadedAtActivation: readonly string[];
  readonly loadedAfterSettling: readonly string[];
  /** ECS_BENCH_PROFILE=1: a CPU profile of the extension host across activate(), in this file. */
  readonly profileFile?: string;
  readonly error?: string;
}

function post(session: inspector.Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/** The extension's bundles (its dist/*.js) in require.cache, relative to the extension. */
function loadedFiles(extensionPath: string): string[] {
  const root = path.resolve(extensionPath);
  const dist = path.join(root, 'dist') + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(dist))
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .sort();
}

export async function run(): Promise<void> {
  const dir = process.env.ECS_BENCH_RESULT_DIR;
  // A comma-separated list: the window has one of them under development.
  const ids = (process.env.ECS_BENCH_EXTENSION_ID ?? '').split(',').filter(Boolean);
  if (!dir || ids.length === 0)
    throw new Error('ECS_BENCH_RESULT_DIR and ECS_BENCH_EXTENSION_ID must be set');
  let result: ProbeResult;
  try {
    const extension = ids
      .map((id) => vscode.extensions.getExtension<{ activationMs?: number }>(id))
      .find((e) => e !== undefined);
    if (!extension) throw new Error(`none of ${ids.join(', ')} is loaded in this extension host`);
    const wasActive = extension.isActive;
    // Not a timing: the extension host's own start-up work settles first, so it is not counted as ours.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // The profiler is started before the clock (its own start-up is not counted) and slows what it
    // samples a little: compare profiled runs with profiled runs.
    const session = process.env.ECS_BENCH_PROFILE === '1' ? new inspector.Session() : undefined;
    if (session) {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
      await post(session, 'Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const api = await extension.activate();
    const activationMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    let profileFile: string | undefined;
    if (session) {
      const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
      session.disconnect();
      profileFile = path.join(dir, `${process.pid}-${Date.now()}.cpuprofile`);
      fs.writeFileSync(profileFile, JSON.stringify(profile));
    }
    const loadedAtActivation = loadedFiles(extension.extensionPath);
    // Not a timing: a settle, so work activate() left running (config files, status bar) shows up.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    result = {
      wasActive,
      activationMs,
      activationCpuMs: (cpu.user + cpu.system) / 1000,
      activateBodyMs: api?.activationMs,
      loadedAtActivation,
      loadedAfterSettling: loadedFiles(extension.extensionPath),
      profileFile,
    };
  } catch (e) {
    result = {
      wasActive: false,
      activationMs: NaN,
      activationCpuMs: NaN,
      activateBodyMs: undefined,
      loadedAtActivation: [],
      loadedAfterSettling: [],
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    };
  }
  fs.writeFileSync(path.join(dir, `${process.pid}-${Date.now()}.json`), JSON.stringify(result));
}
