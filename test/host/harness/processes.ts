// Child processes in their own process group (so a stop ends the whole tree: code-server leaves a
// file watcher and the extension host behind if only its main PID is killed), free loopback ports,
// readiness polling, and cleanup on Ctrl-C.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as net from 'node:net';

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const release = onInterrupt(() => stopGroup(pid, 2000)); // Ctrl-C at any moment ends the group too
  return {
    child,
    pid,
    stop: async (graceMs) => {
      release();
      await stopGroup(pid, graceMs);
    },
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const end = Date.now() + graceMs;
  while (Date.now() < end) {
    if (!groupAlive(pgid)) return;
    await sleep(100);
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone meanwhile */
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers with a status below 500. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
      last = `status ${response.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(200);
  }
  throw new Error(`${url} not reachable within ${timeoutMs} ms (${last})`);
}

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
let signalsHooked = false;
/** Set once a signal arrived: the cleanups running, then exit(130). */
let interrupted: Promise<void> | undefined;

/**
 * Registers work to do on SIGINT/SIGTERM/SIGHUP (e.g. stop code-server's process group) before exiting
 * with 130. Returns a function that unregisters it (call it once the resource was released normally).
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  if (!signalsHooked) {
    signalsHooked = true;
    const handler = (signal: NodeJS.Signals): void => {
      if (interrupted) return;
      console.log(`\n${signal}: stopping what this run started...`);
      interrupted = Promise.allSettled(cleanups.splice(0).map(async (c) => c())).then((settled) => {
        for (const r of settled) if (r.status === 'rejected') console.log('cleanup failed:', r.reason);
        process.exit(130);
      });
    };
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, handler);
  }
  return () => {
    const i = cleanups.indexOf(cleanup);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/**
 * Ends the process with `code`, unless a signal arrived: then the interrupt cleanups finish first
 * (a main flow that was unblocked by the interrupt must not exit under them).
 */
export async function exitWhenDone(code: number): Promise<never> {
  await sleep(50); // a signal that arrived during synchronous work is handled on the next loop turn
  if (interrupted) await interrupted;
  process.exit(code);
}

/** Measures named steps; `report()` prints them as `name: N.N s`. */
export class StepTimer {
  private readonly started = Date.now();
  readonly steps: { name: string; seconds: number }[] = [];

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
      return await work();
    } finally {
      this.steps.push({ name, seconds: (Date.now() - t0) / 1000 });
    }
  }

  report(prefix: string): string {
    const parts = this.steps.map((s) => `${s.name} ${s.seconds.toFixed(1)} s`);
    return `${prefix} timings: ${parts.join(', ')}; total ${((Date.now() - this.started) / 1000).toFixed(1)} s`;
  }
}
