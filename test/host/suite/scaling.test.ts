// "Configure Auto Scaling", "Show Scaling Activity" and "Remove Auto Scaling" in the real extension
// host, run as the tree runs them (executeCommand with the provider's service node), against the fake
// AWS endpoint's demo fleet. The input boxes and modals are stubbed (a modal cannot be answered from
// the host); the fake's admin API tells what Application Auto Scaling now holds.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertCommandRegistered,
  callsSince,
  extensionApi,
  fakeAdmin,
  fakeAdminPost,
  fakeAwsUrl,
  fakeServices,
  fakeStats,
  stub,
  treeNode,
  withStubs,
  type Stub,
} from './helpers';
import { answerModal, captureOutputChannel } from './dialogStubs';

interface FakeScaling {
  service: string;
  min: number;
  max: number;
  policies: { name: string; type: string; targetTracking?: Record<string, unknown> }[];
}

const CLUSTER = 'production';
const SERVICE = 'email-sender';

const fakeScaling = async (service = SERVICE): Promise<FakeScaling | undefined> =>
  (await fakeAdmin<FakeScaling[]>(`/__fake/autoscaling/services?cluster=${CLUSTER}`)).find(
    (s) => s.service === service,
  );

/** Answers the input boxes in order; records their options. */
function answerInputs(answers: string[]): Stub {
  const queue = [...answers];
  return stub(vscode.window, 'showInputBox', () => Promise.resolve(queue.shift()));
}

async function run(command: string, node: unknown, ...stubs: Stub[]): Promise<void> {
  const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
  await withStubs([...stubs, errors], () => vscode.commands.executeCommand(command, node));
  assert.deepEqual(errors.calls, [], `${command} showed no error`);
}

describe('auto scaling commands (fake AWS)', function () {
  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
    await extensionApi();
    await assertCommandRegistered('ecsFargate.configureAutoScaling');
    await assertCommandRegistered('ecsFargate.removeAutoScaling');
  });

  after(async function () {
    if (!fakeAwsUrl() || !(await fakeScaling())) return;
    const node = await treeNode(CLUSTER, SERVICE);
    await run('ecsFargate.removeAutoScaling', node.element, answerModal('Remove Auto Scaling'));
  });

  it('a cancelled confirmation registers nothing', async () => {
    const node = await treeNode(CLUSTER, SERVICE);
    const before = await fakeStats();
    const inputs = answerInputs(['1', '4', '60', '', '60', '300']);
    const modal = answerModal(undefined);
    await run('ecsFargate.configureAutoScaling', node.element, inputs, modal);
    assert.equal(inputs.calls.length, 6, 'min, max, CPU, memory and both cooldowns were asked');
    assert.equal(modal.calls.length, 1, 'the summary was shown');
    assert.equal(await callsSince(before, 'RegisterScalableTarget'), 0);
    assert.equal(await fakeScaling(), undefined);
  });

  it('configures the range and a CPU and a memory policy, showing the current configuration first', async () => {
    const node = await treeNode(CLUSTER, SERVICE);
    const inputs = answerInputs(['1', '4', '60', '75', '30', '120']);
    const modal = answerModal('Apply');
    await run('ecsFargate.configureAutoScaling', node.element, inputs, modal);
    const first = inputs.calls[0]![0] as vscode.InputBoxOptions;
    assert.match(first.prompt ?? '', /Auto scaling is off/, 'the current configuration comes first');
    const max = inputs.calls[1]![0] as vscode.InputBoxOptions;
    assert.match(max.validateInput?.('0') as string, /at least the minimum \(1\)/, 'max ≥ min is checked');
    const cpu = inputs.calls[2]![0] as vscode.InputBoxOptions;
    assert.match(cpu.validateInput?.('150') as string, /1 to 100 percent/);
    assert.match(String((modal.calls[0]![1] as vscode.MessageOptions).detail), /Tasks: 1 to 4\./);

    const scaling = await fakeScaling();
    assert.ok(scaling, 'the fake holds a scalable target');
    assert.equal(scaling.min, 1);
    assert.equal(scaling.max, 4);
    assert.deepEqual(
      scaling.policies.map((p) => [p.name, p.type, p.targetTracking]),
      [
        [
          'ecs-fargate-cpu',
          'TargetTrackingScaling',
          {
            TargetValue: 60,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
            ScaleInCooldown: 120,
            ScaleOutCooldown: 30,
          },
        ],
        [
          'ecs-fargate-memory',
          'TargetTrackingScaling',
          {
            TargetValue: 75,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
            ScaleInCooldown: 120,
            ScaleOutCooldown: 30,
          },
        ],
      ],
    );
  });

  it('shows the scaling activity newest last in an output channel', async () => {
    for (const n of [2, 3]) {
      await fakeAdminPost('/__fake/autoscaling/activity', {
        cluster: CLUSTER,
        service: SERVICE,
        description: `Setting desired count to ${n}.`,
        cause: `monitor alarm high in state ALARM triggered policy ecs-fargate-cpu (${n})`,
      });
    }
    const lines: string[] = [];
    const create = captureOutputChannel(lines);
    const before = await fakeStats();
    await run('ecsFargate.showScalingActivity', (await treeNode(CLUSTER, SERVICE)).element, create);
    assert.equal(await callsSince(before, 'DescribeScalingActivities'), 1);
    const text = lines.join('\n');
    assert.ok(text.indexOf('count to 2.') < text.indexOf('count to 3.'), `newest last:\n${text}`);
    assert.match(text, /Cause: monitor alarm high in state ALARM triggered policy ecs-fargate-cpu \(3\)/);
    assert.match(text, /Successful/);
  });

  it('Remove Auto Scaling deregisters the target after a modal', async () => {
    const node = await treeNode(CLUSTER, SERVICE);
    const modal = answerModal('Remove Auto Scaling');
    await run('ecsFargate.removeAutoScaling', node.element, modal);
    assert.equal(modal.calls.length, 1);
    assert.equal(await fakeScaling(), undefined);
  });

  it('behind an ALB target group it asks for requests per target and puts an ALBRequestCountPerTarget policy', async () => {
    // The demo fleet's orders-api sits behind the target group orders-api of the ALB production-alb.
    const ordersApi = 'orders-api';
    const service = (await fakeServices(CLUSTER)).find((s) => s['name'] === ordersApi);
    const loadBalancers = (service?.['loadBalancers'] ?? []) as { targetGroupArn?: string }[];
    const targetGroupArn = loadBalancers[0]?.targetGroupArn ?? '';
    const group = /:(targetgroup\/orders-api\/[0-9a-f]{16})$/.exec(targetGroupArn)?.[1];
    assert.ok(group, `the fake's orders-api has a target group: ${targetGroupArn}`);
    assert.equal(await fakeScaling(ordersApi), undefined, 'orders-api starts without auto scaling');

    const node = await treeNode(CLUSTER, ordersApi);
    const before = await fakeStats();
    const inputs = answerInputs(['1', '3', '60', '', '1000', '30', '120']);
    const picks = stub(vscode.window, 'showQuickPick', () => Promise.resolve(undefined));
    const modal = answerModal('Apply');
    try {
      await run('ecsFargate.configureAutoScaling', node.element, inputs, picks, modal);
      assert.equal(inputs.calls.length, 7, 'min, max, CPU, memory, requests and both cooldowns were asked');
      const requests = inputs.calls[4]![0] as vscode.InputBoxOptions;
      assert.match(requests.prompt ?? '', /ALB requests per target/);
      assert.equal(picks.calls.length, 0, 'the only target group is taken without a pick');
      assert.equal(await callsSince(before, 'DescribeTargetGroups'), 1);

      const scaling = await fakeScaling(ordersApi);
      assert.ok(scaling, 'the fake holds a scalable target for orders-api');
      assert.deepEqual([scaling.min, scaling.max], [1, 3]);
      const policy = scaling.policies.find(
        (p) => p.type === 'TargetTrackingScaling' && p.name === 'ecs-fargate-requests',
      );
      assert.ok(policy, `a request-count policy: ${JSON.stringify(scaling.policies)}`);
      const spec = policy.targetTracking?.['PredefinedMetricSpecification'] as
        { PredefinedMetricType?: string; ResourceLabel?: string } | undefined;
      assert.equal(spec?.PredefinedMetricType, 'ALBRequestCountPerTarget');
      assert.equal(policy.targetTracking?.['TargetValue'], 1000);
      const label = spec?.ResourceLabel ?? '';
      assert.match(label, /^app\/production-alb\/[0-9a-f]{16}\/targetgroup\/orders-api\/[0-9a-f]{16}$/);
      assert.ok(label.endsWith(`/${group}`), `${label} names the service's target group ${group}`);
      assert.deepEqual(scaling.policies.map((p) => p.name).sort(), [
        'ecs-fargate-cpu',
        'ecs-fargate-requests',
      ]);
    } finally {
      // Later tests (and the UI scenario) see orders-api without auto scaling again.
      if (await fakeScaling(ordersApi)) {
        const again = await treeNode(CLUSTER, ordersApi);
        await run('ecsFargate.removeAutoScaling', again.element, answerModal('Remove Auto Scaling'));
      }
    }
    assert.equal(await fakeScaling(ordersApi), undefined);
  });
});
