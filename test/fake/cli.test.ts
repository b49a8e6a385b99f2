import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { CREDENTIALS, rejection } from './helpers';

const CLI = path.resolve(__dirname, '../fakeAws/cli.js');

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
}

function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI printed no URL in 5 s; stderr: ${err}`)), 5000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^FAKE_AWS_URL=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, stdout: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}; stderr: ${err}`));
    });
  });
}

async function admin<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${method} ${route}`);
  return (await res.json()) as T;
}

describe('fake AWS: the CLI and the admin endpoint', function () {
  this.timeout(15000);
  let running: Running | undefined;
  let client: ECSClient | undefined;

  afterEach(() => {
    client?.destroy();
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  });

  it('prints exactly one FAKE_AWS_URL line, serves the demo fleet and the admin API, stops on SIGTERM', async () => {
    running = await startCli(['--fleet', 'demo', '--latency', '0', '--lifecycle-ms', '0']);
    client = new ECSClient({
      region: 'us-east-1',
      endpoint: running.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const clusters = await client.send(new ListClustersCommand({}));
    assert.equal(clusters.clusterArns?.length, 4);

    const stats = await admin<{ byOperation: Record<string, number> }>(running.url, 'GET', '/__fake/stats');
    assert.equal(stats.byOperation['ListClusters'], 1);

    await admin(running.url, 'POST', '/__fake/faults', {
      operation: 'ListClusters',
      fault: 'throttle',
      times: 1,
    });
    assert.equal((await rejection(client.send(new ListClustersCommand({})))).name, 'ThrottlingException');

    type ServiceView = { name: string; desiredCount: number; runningCount: number };
    const services = await admin<ServiceView[]>(
      running.url,
      'GET',
      '/__fake/ecs/services?cluster=production',
    );
    const web = services.find((s) => s.name === 'web-frontend');
    assert.equal(web?.desiredCount, 3);
    assert.equal(web?.runningCount, 3);

    await admin(running.url, 'POST', '/__fake/reset');
    assert.deepEqual((await client.send(new ListClustersCommand({}))).clusterArns, []);
    const fleet = await admin<{ clusters: string[] }>(running.url, 'POST', '/__fake/fleet', {
      clusters: 2,
      servicesPerCluster: 3,
      tasksPerService: 1,
    });
    assert.deepEqual(fleet.clusters, ['cluster-01', 'cluster-02']);
    assert.equal((await client.send(new ListClustersCommand({}))).clusterArns?.length, 2);
    const after = await admin<{ calls: number }>(running.url, 'GET', '/__fake/stats');
    assert.equal(after.calls, 2, 'reset cleared the stats');

    const exited = new Promise<number | null>((resolve) =>
      running!.child.on('exit', (code) => resolve(code)),
    );
    running.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(running.stdout(), `FAKE_AWS_URL=${running.url}\n`);
  });

  it('--port is honoured and a bad argument exits with status 2', async () => {
    const bad = spawn(process.execPath, [CLI, '--latency', 'soon'], { stdio: 'pipe' });
    const code = await new Promise<number | null>((resolve) => bad.on('exit', resolve));
    assert.equal(code, 2);
    const probe = await startCli([]);
    const port = Number(new URL(probe.url).port);
    probe.child.kill('SIGTERM');
    await new Promise((resolve) => probe.child.on('exit', resolve));
    running = await startCli(['--port', String(port)]);
    assert.equal(running.url, `http://127.0.0.1:${port}`);
  });
});
