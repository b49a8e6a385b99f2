// "ECS: Run Locally" end to end in the real extension host against the real Docker test engine: a
// task-definition file in the workspace (busybox httpd serving a page, essential, one port mapping)
// runs on Docker with Fargate semantics, the Local view (read through its provider, as VS Code reads
// it) shows the task RUNNING with its port on 127.0.0.1, the page is served there, and Stop leaves
// nothing of the task on Docker (containers and networks, found by the task's label).
// Needs DOCKER_HOST + DOCKER_TEST_BASE_IMAGE (runHostTests passes them): without them the test skips
// saying why, and fails with CI=true.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LOCAL_TASK_LABEL } from '../../../src/workflows/local/localLabels';
import { requireOrSkip } from '../../support/ci';
import { freePort, writeLocalWebTask } from '../../support/localWebTask';
import {
  assertCommandRegistered,
  extensionApi,
  stub,
  waitFor,
  withStubs,
  type TestApi,
  type TreeNodeInfo,
} from './helpers';

const FAMILY = 'hosttest-local-web';

/** The Docker test engine's socket and base image from the host's environment, or why there are none. */
function dockerTestEnv(): { socketPath: string; baseImage: string } | string {
  const e = process.env;
  if (e.ECS_TEST_DOCKER_UNAVAILABLE) return e.ECS_TEST_DOCKER_UNAVAILABLE;
  if (!e.DOCKER_HOST || !e.DOCKER_TEST_BASE_IMAGE)
    return 'DOCKER_HOST / DOCKER_TEST_BASE_IMAGE are not set in the extension host';
  if (!e.DOCKER_HOST.startsWith('unix://')) return `DOCKER_HOST is not a unix socket: ${e.DOCKER_HOST}`;
  return { socketPath: e.DOCKER_HOST.slice('unix://'.length), baseImage: e.DOCKER_TEST_BASE_IMAGE };
}

/** GET on a URL (or on the Docker Engine API through its socket), the body as text. */
function httpGet(url: string, socketPath?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { ...(socketPath ? { socketPath } : {}), timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: timed out`)));
    request.on('error', reject);
  });
}

/** `docker ps -a` and `docker network ls` filtered by the task's label, through the Engine API. */
async function dockerResourcesOf(socketPath: string, taskId: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${LOCAL_TASK_LABEL}=${taskId}`] }));
  const found: string[] = [];
  for (const [kind, pathname] of [
    ['container', `/containers/json?all=1&filters=${filters}`],
    ['network', `/networks?filters=${filters}`],
  ] as const) {
    const { status, body } = await httpGet(`http://docker${pathname}`, socketPath);
    assert.equal(status, 200, `Docker ${pathname}: ${body}`);
    for (const r of JSON.parse(body) as { Names?: string[]; Name?: string; State?: string }[]) {
      found.push(`${kind} ${r.Names?.[0] ?? r.Name ?? '?'}${r.State ? ` (${r.State})` : ''}`);
    }
  }
  return found;
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The Local view's rows under `parent` (the tasks when undefined), read as VS Code reads them. */
async function localRows(api: TestApi, parent?: TreeNodeInfo): Promise<TreeNodeInfo[]> {
  const provider = api.local;
  const elements = await provider.getChildren(parent?.element as never);
  return elements.map((element) => {
    // The tooltip comes on hover, from resolveTreeItem, as VS Code asks for it.
    const row = provider.getTreeItem(element);
    const token = new vscode.CancellationTokenSource().token;
    const item = row.tooltip === undefined ? (provider.resolveTreeItem?.(row, element, token) ?? row) : row;
    return {
      label: labelText(item.label),
      description: typeof item.description === 'string' ? item.description : undefined,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value,
      contextValue: item.contextValue,
      collapsible: (item.collapsibleState ?? 0) !== vscode.TreeItemCollapsibleState.None,
      element,
    };
  });
}

describe('Run Locally command (real Docker)', function () {
  this.timeout(180_000);
  let api: TestApi;
  let docker: { socketPath: string; baseImage: string };
  let folder: string;
  let taskId: string | undefined;
  const notifications: string[] = [];

  before(async function () {
    const env = dockerTestEnv();
    if (typeof env === 'string') requireOrSkip(this, `no Docker test environment: ${env}`);
    docker = env;
    api = await extensionApi();
    assert.ok(api.local, 'activate() returns the Local view provider (src/api.ts)');
    await assertCommandRegistered('ecsFargate.runLocally');
    await assertCommandRegistered('ecsFargate.stopLocalTask');
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.ECS_TEST_WORKSPACE ?? '';
    assert.ok(root, 'a workspace folder');
    folder = path.join(root, 'hosttest-local');
  });

  after(async () => {
    // A failed assertion must not leave the task running on the shared engine.
    const rows = api ? await localRows(api).catch(() => []) : [];
    for (const row of rows.filter((r) => r.label === FAMILY && !r.description?.startsWith('STOPPED'))) {
      await vscode.commands.executeCommand('ecsFargate.stopLocalTask', row.element).then(
        () => undefined,
        () => undefined,
      );
    }
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('runs a task-definition file on Docker, the Local view shows it RUNNING, its page is served on 127.0.0.1, and Stop removes everything', async () => {
    const port = await freePort();
    const page = `hello from ${FAMILY} ${process.pid}-${port}`;
    const file = path.join(folder, `${FAMILY}-task-definition.json`);
    writeLocalWebTask(file, { family: FAMILY, image: docker.baseImage, port, page });

    const record = (m: unknown) => (notifications.push(String(m)), Promise.resolve(undefined));
    await withStubs(
      [
        // "Open in Browser" / "Stop" are left unanswered; leftovers of others' runs are kept.
        stub(vscode.window, 'showInformationMessage', record),
        stub(vscode.window, 'showWarningMessage', record),
        stub(vscode.window, 'showErrorMessage', record),
      ],
      () => vscode.commands.executeCommand('ecsFargate.runLocally', vscode.Uri.file(file)),
    );
    assert.ok(
      notifications.some((n) => n.includes(`Local task ${FAMILY} is RUNNING`)),
      `the command said the task runs: ${notifications.join(' | ')}`,
    );

    // The Local view: the task RUNNING, its container RUNNING with the port on 127.0.0.1.
    const taskRow = await waitFor(
      'the Local view to show the task RUNNING',
      async () => (await localRows(api)).find((r) => r.label === FAMILY && r.description === 'RUNNING'),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    taskId = (taskRow.element as { taskId?: string }).taskId;
    assert.ok(taskId, 'the task row carries its local task id');
    const [web, ...others] = await localRows(api, taskRow);
    assert.equal(others.length, 0, 'one container');
    assert.equal(web?.label, 'web');
    assert.equal(web.description, `RUNNING · 127.0.0.1:${port}→${port}`);

    // The page, on the published port of the host's loopback.
    const served = await waitFor(
      `the page on 127.0.0.1:${port}`,
      async () => {
        const r = await httpGet(`http://127.0.0.1:${port}/`);
        return r.status === 200 && r.body;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    assert.equal(served.trim(), page);

    // What runs on Docker carries the task's label (the pause container and web at least)...
    const running = await dockerResourcesOf(docker.socketPath, taskId);
    assert.ok(
      running.filter((r) => r.startsWith('container ') && r.endsWith('(running)')).length >= 2,
      `the pause and web containers run with the task's label: ${running.join(', ')}`,
    );

    // ...and after Stop, nothing of it is left, and the view says STOPPED (or drops it).
    await withStubs([stub(vscode.window, 'showWarningMessage', record)], () =>
      vscode.commands.executeCommand('ecsFargate.stopLocalTask', taskRow.element),
    );
    assert.deepEqual(await dockerResourcesOf(docker.socketPath, taskId), [], 'nothing left on Docker');
    const after = (await localRows(api)).find((r) => (r.element as { taskId?: string }).taskId === taskId);
    assert.ok(
      !after || after.description?.startsWith('STOPPED'),
      `the Local view no longer shows it running: ${after?.description ?? ''}`,
    );
    await assert.rejects(httpGet(`http://127.0.0.1:${port}/`), 'the port is closed after Stop');
  });
});
