// The Clusters view's commands in the real extension host, run the way VS Code runs them from the
// tree (executeCommand with the provider's own node), against the fake AWS endpoint's demo fleet:
// Refresh makes the open view ask again, Stop Task / Scale Service / Force New Deployment change the
// fake's state, and a cancelled confirmation changes nothing. The modal and the input box are stubbed
// (a modal dialog cannot be answered from the host); the UI suite clicks the real ones.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  callsSince,
  extensionApi,
  fakeAwsUrl,
  fakeServices,
  fakeStats,
  fakeTasks,
  showExplorerView,
  sleep,
  stub,
  treeChildren,
  treeNode,
  waitFor,
  withStubs,
  type Stub,
  type TreeNodeInfo,
} from './helpers';
import { answerModal } from './dialogStubs';

interface FakeTask {
  id: string;
  desiredStatus: string;
  lastStatus: string;
  stoppedReason?: string;
}

interface FakeService {
  name: string;
  desiredCount: number;
  deployments: { id: string; status: string }[];
}

/**
 * Runs a command as the tree does (with the node) with the given stubs; a failure would show an error
 * notification and wait for it to be closed, so errors are stubbed too and reported at once.
 */
async function run(command: string, node: unknown, ...stubs: Stub[]): Promise<void> {
  const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
  await withStubs([...stubs, errors], () => vscode.commands.executeCommand(command, node));
  assert.deepEqual(errors.calls, [], `${command} showed no error`);
}

/** A running standalone task of batch-jobs (no service replaces it, no other test uses it). */
async function runningStandaloneTask(): Promise<TreeNodeInfo> {
  const group = await treeNode('batch-jobs', 'Standalone tasks');
  const tasks = (await treeChildren(group)) ?? [];
  const task = tasks.find((t) => t.contextValue === 'ecs.task.running');
  assert.ok(
    task,
    `a running task under batch-jobs › Standalone tasks (saw ${tasks.map((t) => t.label).join(', ')})`,
  );
  return task;
}

async function fakeTask(cluster: string, label: string): Promise<FakeTask> {
  const task = ((await fakeTasks(cluster)) as unknown as FakeTask[]).find((t) => t.id.startsWith(label));
  assert.ok(task, `the fake knows task ${label}`);
  return task;
}

async function fakeService(cluster: string, name: string): Promise<FakeService> {
  const service = ((await fakeServices(cluster)) as unknown as FakeService[]).find((s) => s.name === name);
  assert.ok(service, `the fake knows service ${name}`);
  return service;
}

describe('explorer commands (fake AWS)', function () {
  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
    await extensionApi();
  });

  it('Refresh makes the open view ask again for the clusters and the expanded cluster’s services', async () => {
    await showExplorerView();
    // Expand the first cluster in the real tree view (keyboard commands on the focused list).
    const expanded = await fakeStats();
    await vscode.commands.executeCommand('list.collapseAll');
    await vscode.commands.executeCommand('list.focusFirst');
    await vscode.commands.executeCommand('list.expand');
    await waitFor(
      'the view to list the expanded cluster’s services',
      async () => (await callsSince(expanded, 'ListServices')) > 0,
    );
    await sleep(300); // let that expansion finish before counting

    const before = await fakeStats();
    await vscode.commands.executeCommand('ecsFargate.refresh'); // the view title's button: no node
    await waitFor('ListClusters and ListServices after Refresh', async () => {
      const clusters = await callsSince(before, 'ListClusters');
      const services = await callsSince(before, 'ListServices');
      return clusters > 0 && services > 0;
    });
  });

  it('a cancelled Stop Task confirmation stops nothing', async () => {
    const task = await runningStandaloneTask();
    const before = await fakeStats();
    const modal = answerModal(undefined);
    await run('ecsFargate.stopTask', task.element, modal);
    assert.equal(modal.calls.length, 1, 'the confirmation was shown');
    assert.match(String(modal.calls[0]![0]), new RegExp(`Stop task ${task.label} in cluster batch-jobs\\?`));
    assert.equal(await callsSince(before, 'StopTask'), 0, 'no StopTask call');
    assert.equal((await fakeTask('batch-jobs', task.label)).desiredStatus, 'RUNNING');
  });

  it('Stop Task on a running task node stops it in the fake (one StopTask call)', async () => {
    const task = await runningStandaloneTask();
    const before = await fakeStats();
    const modal = answerModal('Stop Task');
    await run('ecsFargate.stopTask', task.element, modal);
    assert.equal(modal.calls.length, 1, 'the confirmation was shown');
    assert.equal(await callsSince(before, 'StopTask'), 1, 'exactly one StopTask call');
    const stopped = await fakeTask('batch-jobs', task.label);
    assert.equal(stopped.desiredStatus, 'STOPPED');
    assert.equal(stopped.stoppedReason, 'Stopped from VS Code (ECS & Fargate)');
    assert.notEqual(stopped.lastStatus, 'RUNNING');
  });

  it('Scale Service sets the service’s desired count in the fake', async () => {
    const service = await treeNode('staging', 'flask-app');
    assert.equal(service.contextValue, 'ecs.service');
    const was = (await fakeService('staging', 'flask-app')).desiredCount;
    const scale = async (count: string) => {
      const input = stub(vscode.window, 'showInputBox', () => Promise.resolve(count));
      await run('ecsFargate.scaleService', service.element, input);
      assert.equal(input.calls.length, 1, 'the input box was shown');
      return input.calls[0]![0] as vscode.InputBoxOptions;
    };
    try {
      const asked = await scale('5');
      assert.equal(asked.value, String(was), 'the input box starts at the current desired count');
      assert.equal(asked.validateInput?.('abc') !== undefined, true, 'the input box rejects non-numbers');
      assert.equal((await fakeService('staging', 'flask-app')).desiredCount, 5);
    } finally {
      const fresh = await treeNode('staging', 'flask-app');
      const input = stub(vscode.window, 'showInputBox', () => Promise.resolve(String(was)));
      await run('ecsFargate.scaleService', fresh.element, input);
    }
    assert.equal((await fakeService('staging', 'flask-app')).desiredCount, was, 'scaled back');
  });

  it('Force New Deployment starts a new deployment in the fake', async () => {
    const service = await treeNode('production', 'payments-worker');
    const before = await fakeService('production', 'payments-worker');
    const stats = await fakeStats();
    const modal = answerModal('Force New Deployment');
    await run('ecsFargate.forceNewDeployment', service.element, modal);
    assert.equal(modal.calls.length, 1, 'the confirmation was shown');
    assert.equal(await callsSince(stats, 'UpdateService'), 1, 'one UpdateService call');
    const after = await fakeService('production', 'payments-worker');
    const known = new Set(before.deployments.map((d) => d.id));
    const primary = after.deployments[0];
    assert.ok(primary && !known.has(primary.id), 'a new PRIMARY deployment');
    assert.equal(primary.status, 'PRIMARY');
  });
});
