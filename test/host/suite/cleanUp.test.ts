// "ECS: Remove Deployed Resources (Clean Up)…" in the real extension host against the fake AWS endpoint. The
// suite seeds, through the real SDK and the fake's admin API, what a tutorial deploy leaves: a
// cluster, a service (desired 1) running the newest of 5 revisions, an ECR repository with 5 pushes,
// and a target in .vscode/ecs-deploy.json flagged `created` for all three (next to a decoy target, so
// the target pick is shown). The quick picks, the modal and the outcome message are stubbed; the
// fake's state and call counts say what was deleted. Escape runs first: it must leave the seed as it
// was, which the full clean up then works on. The deploy file is put back as it was.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { editDeployFile, parseDeployFile, upsertTarget } from '../../../src/workflows/deploy/deployFile';
import type { DeployTarget } from '../../../src/workflows/deploy/deployTarget';
import {
  callsSince,
  extensionApi,
  fakeAdmin,
  fakeAdminPost,
  fakeAwsUrl,
  fakeServices,
  fakeStats,
  stub,
  withStubs,
  type FakeStats,
} from './helpers';
import { captureOutputChannel } from './dialogStubs';

type PickItem = vscode.QuickPickItem & { value?: unknown; item?: { kind: string; id: string } };

const DELETING_OPERATIONS = [
  'UpdateService',
  'DeleteService',
  'DeregisterTaskDefinition',
  'BatchDeleteImage',
  'DeleteRepository',
  'DeleteCluster',
  'DeregisterScalableTarget',
];

describe('Remove Deployed Resources (Clean Up) (fake AWS)', function () {
  this.timeout(90_000);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const cluster = `cleanup-host-${suffix}`;
  const service = `cleanup-web-${suffix}`;
  const family = `cleanup-host-${suffix}`;
  const repository = `cleanup-host-${suffix}`;
  const targetName = `cleanup-host-${suffix}`;
  const decoyName = `cleanup-decoy-${suffix}`;
  let root = '';
  let deployFile = '';
  let savedDeployFile: string | undefined;
  let seededDeployFile = '';
  const clients: { ecs?: ECSClient; ecr?: ECRClient } = {};

  before(async function () {
    const url = fakeAwsUrl();
    if (!url) this.skip();
    await extensionApi();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'a workspace folder');
    deployFile = path.join(root, '.vscode', 'ecs-deploy.json');
    savedDeployFile = fs.existsSync(deployFile) ? fs.readFileSync(deployFile, 'utf8') : undefined;

    const config = {
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDCLEANUPHOST', secretAccessKey: 'secret' },
    };
    const ecs = (clients.ecs = new ECSClient(config));
    const ecr = (clients.ecr = new ECRClient(config));

    const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const uri = created.repository?.repositoryUri ?? repository;
    // Five pushes a minute apart (explicit times: "newest" must not depend on the ms they land in).
    const start = Date.now() - 10 * 60_000;
    for (let i = 1; i <= 5; i++) {
      await fakeAdminPost('/__fake/ecr/images', { repository, tag: `v${i}`, pushedAt: start + i * 60_000 });
    }
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    for (let i = 1; i <= 5; i++) {
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          containerDefinitions: [{ name: 'app', image: `${uri}:v${i}`, essential: true }],
        }),
      );
    }
    const network = await fakeAdmin<{ subnets: Array<{ subnetId: string; defaultForAz?: boolean }> }>(
      '/__fake/ec2/network',
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: `${family}:5`,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: network.subnets.filter((s) => s.defaultForAz).map((s) => s.subnetId),
          },
        },
      }),
    );

    const connection = (await extensionApi()).connection.current;
    const target: DeployTarget = {
      name: targetName,
      dockerfile: 'Dockerfile',
      taskDefinitionFile: `.aws/${family}.json`, // absent: the family comes from the service
      container: 'app',
      repository,
      cluster,
      service,
      region: connection?.region ?? 'us-east-1',
      created: { cluster: true, service: true, repository: true },
    };
    const decoy: DeployTarget = { ...target, name: decoyName, cluster: `${cluster}-decoy`, created: {} };
    const { text } = await editDeployFile(root, (old) => upsertTarget(upsertTarget(old, decoy), target));
    seededDeployFile = text;
    assert.ok(parseDeployFile(text).targets.some((t) => t.name === targetName));
  });

  after(async () => {
    if (deployFile) {
      if (savedDeployFile !== undefined) fs.writeFileSync(deployFile, savedDeployFile);
      else fs.rmSync(deployFile, { force: true });
    }
    // The images the clean up keeps (by design) would leave the repository behind.
    await clients.ecr
      ?.send(new DeleteRepositoryCommand({ repositoryName: repository, force: true }))
      .catch(() => undefined);
    clients.ecs?.destroy();
    clients.ecr?.destroy();
  });

  async function revisions(status: 'ACTIVE' | 'INACTIVE'): Promise<number[]> {
    const out = await clients.ecs!.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status }));
    return (out.taskDefinitionArns ?? []).map((arn) => Number(arn.split(':').pop())).sort((a, b) => a - b);
  }

  async function imageTags(): Promise<string[]> {
    const out = await clients.ecr!.send(new DescribeImagesCommand({ repositoryName: repository }));
    return (out.imageDetails ?? []).flatMap((i) => i.imageTags ?? []).sort();
  }

  async function serviceStatus(): Promise<{ status?: string; desiredCount?: number }> {
    const out = await clients.ecs!.send(new DescribeServicesCommand({ cluster, services: [service] }));
    return out.services?.[0] ?? {};
  }

  async function clusterStatus(): Promise<string | undefined> {
    const out = await clients.ecs!.send(new DescribeClustersCommand({ clusters: [cluster] }));
    return out.clusters?.[0]?.status;
  }

  /** Answers the target and keep picks; the multi-pick gets `answerItems` (undefined: Escape). */
  function stubPicks(answerItems: (items: PickItem[]) => PickItem[] | undefined) {
    const seen: { title: string; items: PickItem[]; canPickMany: boolean }[] = [];
    const picks = stub(vscode.window, 'showQuickPick', async (...args: unknown[]) => {
      const items = await (args[0] as PickItem[] | Thenable<PickItem[]>);
      const options = (args[1] ?? {}) as vscode.QuickPickOptions;
      const title = options.title ?? '';
      seen.push({ title, items, canPickMany: options.canPickMany === true });
      if (title === 'Clean Up: which deploy target?') return items.find((i) => i.label === targetName);
      if (title.startsWith('Clean Up: how many')) return items.find((i) => i.label === 'Keep the newest 3');
      if (title.startsWith(`Clean Up ${targetName}: tick what to delete`)) return answerItems(items);
      return undefined;
    });
    return { picks, seen };
  }

  async function assertSeedUnchanged(before: FakeStats): Promise<void> {
    for (const operation of DELETING_OPERATIONS)
      assert.equal(await callsSince(before, operation), 0, `no ${operation} call`);
    assert.deepEqual(await revisions('ACTIVE'), [1, 2, 3, 4, 5]);
    assert.deepEqual(await imageTags(), ['v1', 'v2', 'v3', 'v4', 'v5']);
    const { status, desiredCount } = await serviceStatus();
    assert.deepEqual({ status, desiredCount }, { status: 'ACTIVE', desiredCount: 1 });
    assert.equal(await clusterStatus(), 'ACTIVE');
    assert.equal(fs.readFileSync(deployFile, 'utf8'), seededDeployFile, 'the deploy file is untouched');
  }

  it('Escape at the multi-pick deletes nothing', async () => {
    const before = await fakeStats();
    const { picks, seen } = stubPicks(() => undefined);
    const warnings = stub(vscode.window, 'showWarningMessage', () => Promise.resolve(undefined));
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    await withStubs([picks, warnings, errors], () => vscode.commands.executeCommand('ecsFargate.cleanUp'));

    assert.deepEqual(
      seen.map((s) => s.canPickMany),
      [false, false, true],
      'target, keep, then the multi-pick',
    );
    assert.deepEqual(errors.calls, [], 'a cancel is no error');
    assert.deepEqual(warnings.calls, [], 'no confirmation is asked');
    await assertSeedUnchanged(before);
  });

  it('deletes the ticked items in order, keeps the newest 3, deletes the cluster once drained, asks before editing the file', async () => {
    const before = await fakeStats();
    const started = Date.now();
    let ticked: string[] = [];
    const { picks, seen } = stubPicks((items) => {
      ticked = items.filter((i) => i.picked).map((i) => i.item?.kind ?? '?');
      // The defaults plus the old revisions and images (not ticked at first: not created by the extension).
      return items;
    });
    const warnings = stub(vscode.window, 'showWarningMessage', (...args: unknown[]) => {
      const options = args[1] as vscode.MessageOptions | undefined;
      return Promise.resolve(options?.modal === true ? 'Delete' : undefined); // the outcome: dismissed
    });
    const infos = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const lines: string[] = [];
    const channel = captureOutputChannel(lines);
    await withStubs([picks, warnings, infos, errors, channel], () =>
      vscode.commands.executeCommand('ecsFargate.cleanUp'),
    );
    const elapsedMs = Date.now() - started;
    console.log(`    (clean up with the drain wait took ${elapsedMs} ms)`);
    assert.deepEqual(errors.calls, [], 'no error');

    // The picks: the decoy is offered next to the target; keep 3 is the default.
    const [targetPick, keepPick, itemPick] = seen;
    assert.deepEqual(
      targetPick?.items.map((i) => i.label).filter((l) => l.startsWith('cleanup-')),
      [decoyName, targetName],
    );
    assert.equal(keepPick?.items.find((i) => i.label === 'Keep the newest 3')?.description, 'default');
    const offered = (itemPick?.items ?? []).map((i) => i.label.replace(/^\$\([^)]+\) /, ''));
    assert.deepEqual(offered, [
      service,
      `${family}:2`,
      `${family}:1`,
      `${repository}:v2`,
      `${repository}:v1`,
      repository,
      cluster,
    ]);
    assert.deepEqual(
      ticked,
      ['service', 'repository', 'cluster'],
      'ticked at first: what the extension created',
    );

    // The modal names the counts; the outcome is a warning (the repository was kept) without a removal.
    const [confirm, outcome, ...more] = warnings.calls;
    assert.equal(
      String(confirm?.[0]),
      `Delete 1 service, 2 task-definition revisions, 2 images, 1 repository and 1 cluster of ${targetName}?`,
    );
    assert.equal((confirm?.[1] as vscode.MessageOptions).modal, true);
    assert.match(String((confirm?.[1] as vscode.MessageOptions).detail), /This cannot be undone\.$/);
    assert.equal(String(outcome?.[0]), `Clean Up of ${targetName}: 6 deleted, 1 skipped.`);
    assert.deepEqual(outcome?.slice(1), [
      'Show Details',
      `Remove ${targetName} from .vscode/ecs-deploy.json`,
    ]);
    assert.deepEqual(more, []);

    // AWS: the service drained away, revisions 1–2 INACTIVE, the newest 3 images stay and so does
    // their repository, the emptied cluster is gone.
    // (DescribeServices now says ClusterNotFoundException, as ECS does for an INACTIVE cluster.)
    const drained = (await fakeServices(cluster)).find((s) => s['name'] === service);
    assert.equal(drained?.['status'], 'INACTIVE', 'DeleteService drained it (DRAINING → INACTIVE)');
    assert.deepEqual(await revisions('INACTIVE'), [1, 2]);
    assert.deepEqual(await revisions('ACTIVE'), [3, 4, 5]);
    assert.deepEqual(await imageTags(), ['v3', 'v4', 'v5']);
    const repositories = await clients.ecr!.send(
      new DescribeRepositoriesCommand({ repositoryNames: [repository] }),
    );
    assert.equal(repositories.repositories?.length, 1, 'the repository still holds images: kept');
    assert.equal(await clusterStatus(), 'INACTIVE');
    const calls = Object.fromEntries(
      await Promise.all(DELETING_OPERATIONS.map(async (o) => [o, await callsSince(before, o)] as const)),
    );
    assert.deepEqual(calls, {
      UpdateService: 1, // to 0 before DeleteService
      DeleteService: 1,
      DeregisterTaskDefinition: 2,
      BatchDeleteImage: 1,
      DeleteRepository: 0,
      DeleteCluster: 1,
      DeregisterScalableTarget: 0,
    });

    // The output channel: a summary, then one line per item in delete order.
    assert.match(lines[0] ?? '', new RegExp(`^Clean Up of ${targetName} at .*: 6 deleted, 1 skipped$`));
    const results = lines.slice(1).filter((l) => l.trim() !== '');
    assert.equal(results.length, 7, results.join('\n'));
    const expected = [
      /^ {2}deleted Service .* deleted \(scaled from 1 to 0\); it shows DRAINING until its tasks stop\.$/,
      new RegExp(`^ {2}deleted ${family}:[12] deregistered \\(INACTIVE\\)\\.$`),
      new RegExp(`^ {2}deleted ${family}:[12] deregistered \\(INACTIVE\\)\\.$`),
      /^ {2}deleted Image [0-9a-f]{12} deleted\.$/,
      /^ {2}deleted Image [0-9a-f]{12} deleted\.$/,
      new RegExp(`^ {2}skipped Repository ${repository} still holds 3 images, so it was kept\\.`),
      new RegExp(`^ {2}deleted Cluster ${cluster} deleted\\.$`),
    ];
    expected.forEach((pattern, i) => assert.match(results[i] ?? '', pattern));

    // Dismissing the offer to remove the target leaves the file byte for byte.
    assert.equal(fs.readFileSync(deployFile, 'utf8'), seededDeployFile);
  });
});
