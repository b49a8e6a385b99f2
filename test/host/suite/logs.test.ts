// 'Follow Logs' on a task node in the real extension host, against the fake AWS endpoint (demo
// fleet): the 'ECS Logs: task …' channel opens with the task's history, shows a line put into
// CloudWatch Logs while following, and stopping ends every read (the fake sees no more of them).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activate,
  fakeAwsUrl,
  fakeStats,
  fakeTasks,
  sleep,
  treeChildren,
  treeNode,
  waitFor,
} from './helpers';

const GROUP = '/ecs/web-frontend';

async function putLogs(stream: string, messages: string[]): Promise<void> {
  const response = await fetch(new URL('/__fake/logs/events', fakeAwsUrl()), {
    method: 'POST',
    body: JSON.stringify({ group: GROUP, stream, messages }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`POST /__fake/logs/events: ${response.status} ${await response.text()}`);
}

/** The text of the log channel, once VS Code has shown it (output channels are `output:` documents). */
function channelText(name: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find(
    (d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes(name),
  );
  return doc?.getText();
}

/** Accepts the quick pick the command shows ('Since the task started', the first item). */
async function acceptQuickPick(): Promise<void> {
  await sleep(800);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

const reads = async (): Promise<number> => {
  const ops = (await fakeStats()).byOperation;
  return (ops['FilterLogEvents'] ?? 0) + (ops['StartLiveTail'] ?? 0) + (ops['DescribeLogStreams'] ?? 0);
};

describe('logs (fake AWS)', function () {
  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
    await activate();
  });

  it("'Follow Logs' on a task node opens its channel and shows the lines put into CloudWatch Logs", async function () {
    this.timeout(60_000);
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('ecsFargate.followLogs'), 'ecsFargate.followLogs is registered');

    const service = await treeNode('production', 'web-frontend');
    const task = await waitFor('a running web-frontend task', async () =>
      ((await treeChildren(service)) ?? []).find((c) => c.contextValue === 'ecs.task.running'),
    );
    const records = (await fakeTasks('production')) as Array<{ id: string }>;
    const id = records.find((r) => r.id.startsWith(task.label))?.id;
    assert.ok(id, `the fake knows task ${task.label}`);
    const stream = `ecs/web-frontend/${id}`;
    const name = `ECS Logs: task ${task.label}`;
    await putLogs(stream, ['host test: a line from the history']);

    const command = vscode.commands.executeCommand('ecsFargate.followLogs', task.element);
    await acceptQuickPick();
    await command;
    const history = await waitFor(
      `the channel "${name}" with the history`,
      () => {
        const text = channelText(name);
        return text?.includes('host test: a line from the history') ? text : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.match(history, /Logs of task \w{8} \(web-frontend:7\) in cluster production/);

    await putLogs(stream, ['host test: a line put while following']);
    const live = await waitFor(
      'the line put while following',
      () => {
        const text = channelText(name);
        return text?.includes('host test: a line put while following') ? text : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    assert.match(live, /\[info\] Following (with CloudWatch Logs Live Tail|by polling CloudWatch Logs)/);

    await vscode.commands.executeCommand('ecsFargate.stopFollowingLogs');
    await waitFor('the closing line', () => channelText(name)?.includes('Stopped following.'), {
      timeoutMs: 10_000,
      intervalMs: 250,
    });
    const before = await reads();
    await sleep(3000);
    assert.equal(await reads(), before, 'no CloudWatch Logs call after stopping');
  });
});
