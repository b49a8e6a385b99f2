// Service operations in the real extension host against the fake AWS endpoint: Update to Revision,
// Roll Back, Show Service Events, Delete Service (typed name) and Delete Cluster (refused while not
// empty; modal when empty). The suite makes its own cluster and service through the SDK so the demo
// fleet other suites use is untouched. Modals and input boxes are stubbed (a modal dialog cannot be
// answered from the host), as in explorerCommands.test.ts; the fake's state is read through its admin API.
import * as assert from 'node:assert/strict';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import {
  expectLoggedError,
  fakeAwsUrl,
  fakeServices,
  stub,
  treeChildren,
  treeNode,
  withStubs,
  type Stub,
} from './helpers';
import { answerModal, captureOutputChannel } from './dialogStubs';

const CLUSTER = 'svcops-host';
const EMPTY = 'svcops-host-empty';
const SERVICE = 'svcops-web';

interface FakeServiceRecord {
  name: string;
  status: string;
  desiredCount: number;
  taskDefinitionArn: string;
}

/** Runs a command on a tree node; errors are captured (returned) instead of waiting on a notification. */
async function run(command: string, node: unknown, ...stubs: Stub[]): Promise<string[]> {
  const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
  await withStubs([...stubs, errors], () => vscode.commands.executeCommand(command, node));
  return errors.calls.map((c) => String(c[0]));
}

async function fakeService(): Promise<FakeServiceRecord> {
  const found = ((await fakeServices(CLUSTER)) as unknown as FakeServiceRecord[]).find(
    (s) => s.name === SERVICE,
  );
  assert.ok(found, `the fake knows ${SERVICE}`);
  return found;
}

/** The node as the tree shows it now (the view is refreshed so new clusters appear). */
async function nodeOf(...labels: string[]) {
  await vscode.commands.executeCommand('ecsFargate.refresh');
  await treeChildren();
  return treeNode(...labels);
}

describe('service operations (fake AWS)', function () {
  let ecs: ECSClient;

  before(async function () {
    const url = fakeAwsUrl();
    if (!url) this.skip();
    ecs = new ECSClient({
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDSVCOPSHOST', secretAccessKey: 'secret' },
    });
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await ecs.send(new CreateClusterCommand({ clusterName: EMPTY }));
    for (let i = 1; i <= 3; i++) {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: SERVICE,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            { name: 'web', image: `public.ecr.aws/nginx/nginx:1.${i}`, essential: true },
          ],
        }),
      );
    }
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: `${SERVICE}:3`,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-0svcops'], assignPublicIp: 'ENABLED' },
        },
      }),
    );
  });
  after(() => ecs?.destroy());

  it('Update to Revision rolls out the picked revision (current marked), never touching the desired count', async () => {
    const node = await nodeOf(CLUSTER, SERVICE);
    const picks = stub(vscode.window, 'showQuickPick', async (...args: unknown[]) => {
      // The revisions are listed inside the open pick: a promise of the items.
      const items = await (args[0] as Thenable<Array<vscode.QuickPickItem & { value?: unknown }>>);
      assert.equal(items.find((i) => i.label === `${SERVICE}:3`)?.description, 'latest · current');
      return items.find((i) => i.label === `${SERVICE}:1`);
    });
    const modal = answerModal('Update Service');
    const errors = await run('ecsFargate.updateServiceRevision', node.element, picks, modal);
    assert.deepEqual(errors, []);
    assert.match(String(modal.calls[0]![0]), new RegExp(`from ${SERVICE}:3 to ${SERVICE}:1\\?`));
    const service = await fakeService();
    assert.match(service.taskDefinitionArn, new RegExp(`${SERVICE}:1$`));
    assert.equal(service.desiredCount, 1);
  });

  it('Roll Back names the revision and why, and rolls out to it', async () => {
    const node = await nodeOf(CLUSTER, SERVICE);
    const modal = answerModal('Roll Back');
    const errors = await run('ecsFargate.rollBackService', node.element, modal);
    assert.deepEqual(errors, []);
    // The rollout to :1 is still in progress, so ECS lists the :3 deployment: back is :3.
    assert.match(String(modal.calls[0]![0]), new RegExp(`back from ${SERVICE}:1 to ${SERVICE}:3\\?`));
    assert.match(String((modal.calls[0]![1] as vscode.MessageOptions).detail), /previous deployment/);
    assert.match((await fakeService()).taskDefinitionArn, new RegExp(`${SERVICE}:3$`));
  });

  it('Show Service Events writes deployments and events, newest last, to an output channel', async () => {
    const lines: string[] = [];
    const create = captureOutputChannel(lines);
    const errors = await run(
      'ecsFargate.showServiceEvents',
      (await nodeOf(CLUSTER, SERVICE)).element,
      create,
    );
    assert.deepEqual(errors, []);
    const text = lines.join('\n');
    assert.match(text, new RegExp(`Service ${SERVICE} in cluster ${CLUSTER}`));
    assert.match(text, /Deployments \(\d+, newest last\):/);
    assert.match(text, /Events \(\d+, newest last\):/);
  });

  it('Delete Cluster refuses a cluster that still has a service, and calls no DeleteCluster', async () => {
    expectLoggedError(/Deleting the cluster failed: Cluster svcops-host still has/);
    const modal = answerModal('Delete Cluster');
    const errors = await run('ecsFargate.deleteCluster', (await nodeOf(CLUSTER)).element, modal);
    assert.equal(modal.calls.length, 0, 'no confirmation for a cluster that cannot go');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, new RegExp(`Cluster ${CLUSTER} still has 1 service.*Delete its services first`));
  });

  it('Delete Service needs the exact name typed, then scales to 0 and deletes (DRAINING)', async () => {
    const node = await nodeOf(CLUSTER, SERVICE);
    const cancelled = stub(vscode.window, 'showInputBox', () => Promise.resolve(undefined));
    await run('ecsFargate.deleteService', node.element, cancelled);
    assert.equal((await fakeService()).status, 'ACTIVE', 'an Escape deletes nothing');

    const input = stub(vscode.window, 'showInputBox', (...args: unknown[]) => {
      const options = args[0] as vscode.InputBoxOptions;
      const validate = (text: string) => options.validateInput?.(text) as string | undefined;
      assert.match(validate('svcops-WEB') ?? '', /Type svcops-web exactly/);
      assert.equal(validate(SERVICE), undefined);
      assert.match(options.prompt ?? '', /scaled from 1 to 0/);
      return Promise.resolve(SERVICE);
    });
    const errors = await run('ecsFargate.deleteService', node.element, input);
    assert.deepEqual(errors, []);
    const service = await fakeService();
    assert.ok(['DRAINING', 'INACTIVE'].includes(service.status), service.status);
    assert.equal(service.desiredCount, 0);
  });

  it('Delete Cluster deletes an empty cluster after a modal', async () => {
    const modal = answerModal('Delete Cluster');
    const errors = await run('ecsFargate.deleteCluster', (await nodeOf(EMPTY)).element, modal);
    assert.deepEqual(errors, []);
    assert.equal(modal.calls.length, 1);
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [EMPTY] }));
    assert.equal(out.clusters?.[0]?.status ?? 'INACTIVE', 'INACTIVE');
  });
});
