/**
 * Runs the fake AWS endpoint in a child process and talks to its admin API. Benchmarks use it so
 * the fake's own CPU does not compete with the code being measured (AWS is not in our process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { CallEvent, StatsSnapshot } from '../fakeAws/stats';

export class FakeAwsProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(args: readonly string[]): Promise<FakeAwsProcess> {
    const cli = path.join(__dirname, '..', 'fakeAws', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        const match = /^FAKE_AWS_URL=(.+)$/.exec(line);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`fake AWS exited with ${code}`)));
    });
    return new FakeAwsProcess(child, url);
  }

  async admin<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/__fake/${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  stats(): Promise<StatsSnapshot> {
    return this.admin('GET', 'stats');
  }

  /** Requests received and answered, in order, with their times (ms since the last stats reset). */
  async events(): Promise<CallEvent[]> {
    return (await this.admin<{ events: CallEvent[] }>('GET', 'stats?events=1')).events;
  }

  resetStats(): Promise<unknown> {
    return this.admin('POST', 'reset', { only: 'stats' });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
