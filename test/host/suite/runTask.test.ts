// "ECS: Run Task" end to end in the real extension host against the fake AWS endpoint: the quick
// picks and input boxes are answered by stubs (by step title), the command runs RunTask with the
// default VPC from the fake EC2, follows the task, and the fake's admin API and the Clusters tree
// say the task exists. A pull error ends in the explained stopped-task report.
import * as assert from 'node:assert/strict';
import { DescribeClustersCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import {
  assertCommandRegistered,
  extensionApi,
  fakeAdminPost,
  fakeAwsUrl,
  fakeTasks,
  stub,
  treeChildren,
  treeNode,
  withStubs,
  type Stub,
} from './helpers';

const FAMILY = 'hosttest-runtask';
const CLUSTER = 'batch-jobs';
const GOOD_IMAGE = 'public.ecr.aws/docker/library/busybox:hosttest-ok';
const BAD_IMAGE = 'public.ecr.aws/docker/library/busybox:hosttest-missing';

interface RunResult {
  taskArns: string[];
  outcome?: { failed: boolean; succeeded: boolean; running: unknown[] };
}

type QuickPickItem = vscode.QuickPickItem & { value?: unknown };

/** The labels of the items each quick pick offered, by its title (the last run's). */
const offered = new Map<string, string[]>();

/** Answers each Run Task quick pick by its title (or placeholder), with the item whose label matches. */
function answerPicks(answers: Record<string, (label: string) => boolean>): Stub {
  return stub(vscode.window, 'showQuickPick', async (...args: unknown[]) => {
    const items = (await (args[0] as Promise<QuickPickItem[]> | QuickPickItem[])) ?? [];
    const options = args[1] as vscode.QuickPickOptions | undefined;
    offered.set(
      options?.title ?? '',
      items.map((i) => i.label),
    );
    const key = Object.keys(answers).find((k) => options?.title === k || options?.placeHolder?.startsWith(k));
    if (!key)
      throw new Error(`unexpected quick pick: ${options?.title ?? ''} / ${options?.placeHolder ?? ''}`);
    const chosen = items.find((i) => answers[key]!(i.label));
    if (!chosen) throw new Error(`no item for ${key} in ${items.map((i) => i.label).join(', ')}`);
    return chosen;
  });
}

function answerInputs(answers: Record<string, string>): Stub {
  return stub(vscode.window, 'showInputBox', (...args: unknown[]) => {
    const options = args[0] as vscode.InputBoxOptions;
    const answer = answers[options.title ?? ''];
    if (answer === undefined) throw new Error(`unexpected input box ${options.title ?? ''}`);
    assert.equal(
      options.validateInput?.(answer) ?? undefined,
      undefined,
      `${options.title ?? ''} accepts ${answer}`,
    );
    return Promise.resolve(answer);
  });
}

const PICKS = (family: string) => ({
  'Task definition family': (l: string) => l === family,
  'Revision of': () => true,
  'Run Task: Cluster': (l: string) => l === CLUSTER,
  'Run Task: Networking': (l: string) => l.startsWith('Default VPC'),
  'Run Task: Public IP': (l: string) => l === 'Public IP on',
  'Run Task: Capacity': (l: string) => l === 'FARGATE',
  'Run Task: Overrides': (l: string) => l.startsWith('Override command'),
  'Run Task: ECS Exec': (l: string) => l === 'ECS Exec off',
});

describe('Run Task command (fake AWS)', function () {
  this.timeout(60_000);
  const notifications: string[] = [];
  const output: string[] = [];

  before(async function () {
    if (!fakeAwsUrl()) this.skip();
    await extensionApi();
    await assertCommandRegistered('ecsFargate.runTask');
    const ecs = new ECSClient({ endpoint: fakeAwsUrl() });
    for (const image of [GOOD_IMAGE, BAD_IMAGE]) {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: image === GOOD_IMAGE ? FAMILY : `${FAMILY}-bad`,
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512',
          containerDefinitions: [{ name: 'job', image, essential: true }],
        }),
      );
    }
    ecs.destroy();
    await fakeAdminPost('/__fake/ecs/imageBehavior', { image: BAD_IMAGE, behavior: { kind: 'pullError' } });
  });

  after(async () => {
    if (fakeAwsUrl()) await fakeAdminPost('/__fake/ecs/imageBehavior', { clear: true });
  });

  async function run(
    family: string,
    extra: { picks?: Record<string, (label: string) => boolean>; inputs?: Record<string, string> } = {},
  ): Promise<RunResult> {
    notifications.length = 0;
    const windowFns = vscode.window as unknown as Record<string, (...a: unknown[]) => unknown>;
    const createChannel = windowFns.createOutputChannel!.bind(vscode.window);
    const stubs = [
      answerPicks({ ...PICKS(family), ...extra.picks }),
      answerInputs({
        ...extra.inputs,
        'Run Task: Count': '1',
        'Run Task: Overrides (JSON)': JSON.stringify({
          containerOverrides: [
            { name: 'job', command: ['echo', 'hello'], environment: [{ name: 'MODE', value: 'once' }] },
          ],
        }),
      }),
      stub(
        vscode.window,
        'showInformationMessage',
        (m: unknown) => (notifications.push(String(m)), Promise.resolve(undefined)),
      ),
      stub(
        vscode.window,
        'showErrorMessage',
        (m: unknown) => (notifications.push(String(m)), Promise.resolve(undefined)),
      ),
      stub(vscode.window, 'createOutputChannel', (...a: unknown[]) =>
        a[0] === 'ECS: Run Task'
          ? { appendLine: (l: string) => output.push(l), show: () => undefined, dispose: () => undefined }
          : createChannel(...a),
      ),
    ];
    return withStubs(stubs, () => vscode.commands.executeCommand<RunResult>('ecsFargate.runTask'));
  }

  it('runs a task on the default VPC with overrides, follows it to RUNNING, and it shows in the fake and the tree', async () => {
    const result = await run(FAMILY);
    assert.ok(
      result?.taskArns?.length === 1,
      `the command returned the started task: ${notifications.join(' | ')}`,
    );
    const arn = result.taskArns[0]!;
    assert.equal(result.outcome?.running.length, 1, 'followed until RUNNING');
    const inFake = (await fakeTasks(CLUSTER)).find((t) => t['arn'] === arn);
    assert.ok(inFake, `the fake holds ${arn}`);
    assert.equal(inFake['startedBy'], 'ecs-fargate-vscode');
    assert.deepEqual(inFake['overrides'], {
      containerOverrides: [
        { name: 'job', command: ['echo', 'hello'], environment: [{ name: 'MODE', value: 'once' }] },
      ],
    });
    assert.ok(
      notifications.some((n) => /is RUNNING on cluster batch-jobs/.test(n)),
      notifications.join(' | '),
    );
    assert.ok(
      output.some((l) => /Run Task: hosttest-runtask:1 on cluster batch-jobs: 1 × FARGATE/.test(l)),
      output.join('\n'),
    );
    const standalone = await treeNode(CLUSTER, 'Standalone tasks');
    const rows = (await treeChildren(standalone)) ?? [];
    const id = arn.slice(arn.lastIndexOf('/') + 1, arn.lastIndexOf('/') + 9);
    assert.ok(
      rows.some((r) => r.label === id),
      `task ${id} in the tree: ${rows.map((r) => r.label).join(', ')}`,
    );
  });

  it('offers "Same as a service…" only in a cluster with services, and copies the network of the one picked', async () => {
    await run(FAMILY);
    assert.ok(
      !(offered.get('Run Task: Networking') ?? []).includes('Same as a service…'),
      `batch-jobs has no services: ${(offered.get('Run Task: Networking') ?? []).join(', ')}`,
    );
    const result = await run(FAMILY, {
      picks: {
        'Run Task: Cluster': (l) => l === 'production',
        'Run Task: Networking': (l) => l === 'Same as a service…',
        'Run Task: Networking of a service': (l) => l === 'web-frontend',
      },
    });
    assert.deepEqual(offered.get('Run Task: Networking of a service'), [
      'email-sender',
      'orders-api',
      'payments-worker',
      'web-frontend',
    ]);
    assert.equal(result?.taskArns?.length, 1, notifications.join(' | '));
    assert.match(result.taskArns[0]!, /:task\/production\//);
  });

  it('a pull error ends with the explained stopped-task report', async () => {
    const result = await run(`${FAMILY}-bad`);
    assert.equal(result?.outcome?.failed, true, notifications.join(' | '));
    assert.ok(
      notifications.some((n) => /stopped: The image could not be pulled/.test(n)),
      notifications.join(' | '),
    );
    const text = output.join('\n');
    assert.match(text, /TaskFailedToStart/);
    assert.match(text, /Next steps:/);
  });

  it('"Create Cluster…" creates a Fargate cluster with Container Insights, and the task runs in it', async () => {
    const name = `hosttest-new-${Date.now() % 100000}`;
    const result = await run(FAMILY, {
      picks: {
        'Run Task: Cluster': (l) => l.includes('Create Cluster'),
        'Run Task: Container Insights': (l) => l === 'Container Insights on',
      },
      inputs: { 'Run Task: New cluster name': name },
    });
    assert.equal(result?.taskArns?.length, 1, notifications.join(' | '));
    assert.match(result.taskArns[0]!, new RegExp(`:task/${name}/`), 'the task runs in the new cluster');
    const ecs = new ECSClient({ endpoint: fakeAwsUrl() });
    try {
      const { clusters } = await ecs.send(
        new DescribeClustersCommand({ clusters: [name], include: ['SETTINGS'] }),
      );
      const cluster = clusters?.[0];
      assert.equal(cluster?.status, 'ACTIVE');
      assert.deepEqual(cluster?.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
      assert.deepEqual(cluster?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
    } finally {
      ecs.destroy();
    }
  });
});
