// "ECS: Deploy" end to end in the real extension host: a real build on the Docker test engine, a
// real push to the test registry (the fake ECR hands out its token: POST /__fake/ecr/registry), the
// confirmation answered first with "Show What Will Change" (the diff editor opens on the plan) and
// then "Deploy", the rollout of an existing service on the fake ECS, and the success message. The
// Dockerfile and task-definition file live in a temp folder of the test workspace;
// .vscode/ecs-deploy.json is put back as it was. Needs DOCKER_HOST + DOCKER_TEST_* (runHostTests
// passes them): without them the test skips saying why, and fails with CI=true.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import * as vscode from 'vscode';
import { requireOrSkip } from '../../support/ci';
import {
  callsSince,
  extensionApi,
  fakeAdmin,
  fakeAdminPost,
  fakeAwsUrl,
  fakeStats,
  stub,
  waitFor,
  withStubs,
} from './helpers';

const CLUSTER = 'deploy-rollout-host';
const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const TRUST_ECS_TASKS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

interface Registry {
  host: string;
  user: string;
  password: string;
  baseImage: string;
}

/** The Docker test env from the host's environment, or why there is none. */
function dockerTestEnv(): Registry | string {
  const e = process.env;
  if (e.ECS_TEST_DOCKER_UNAVAILABLE) return e.ECS_TEST_DOCKER_UNAVAILABLE;
  if (
    !e.DOCKER_HOST ||
    !e.DOCKER_TEST_REGISTRY ||
    !e.DOCKER_TEST_REGISTRY_PASSWORD ||
    !e.DOCKER_TEST_BASE_IMAGE
  )
    return 'DOCKER_HOST / DOCKER_TEST_* are not set in the extension host';
  return {
    host: e.DOCKER_TEST_REGISTRY,
    user: e.DOCKER_TEST_REGISTRY_USER ?? 'AWS',
    password: e.DOCKER_TEST_REGISTRY_PASSWORD,
    baseImage: e.DOCKER_TEST_BASE_IMAGE,
  };
}

/** GET on the registry's v2 API with basic auth. */
async function registryGet(registry: Registry, pathname: string): Promise<Response> {
  return fetch(`http://${registry.host}${pathname}`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`,
      Accept: MANIFEST_V2,
    },
    signal: AbortSignal.timeout(10_000),
  });
}

/** The diff tab on this deploy's plan (its right side is `<family>-to-register.json`). */
function planDiffTab(family: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find(
      (tab) =>
        tab.input instanceof vscode.TabInputTextDiff &&
        tab.input.modified.path === `/${family}-to-register.json`,
    );
}

describe('deploy rollout: build, push, confirm, diff, roll out (real Docker + fake AWS)', function () {
  this.timeout(180_000);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const family = `deploy-rollout-${suffix}`;
  const repository = `deploy-rollout-${suffix}`;
  const service = `rollout-${suffix}`;
  const targetName = `rollout-host-${suffix}`;
  let registry: Registry;
  let root: string;
  let folder: string;
  let deployFile: string;
  let savedDeployFile: string | undefined;
  let taskDefinitionText: string;
  const clients: { ecs?: ECSClient; ecr?: ECRClient; iam?: IAMClient } = {};

  before(async function () {
    const url = fakeAwsUrl();
    if (!url) this.skip();
    const docker = dockerTestEnv();
    if (typeof docker === 'string') {
      requireOrSkip(this, `no Docker test environment: ${docker}`);
    }
    registry = docker;
    await extensionApi();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.ECS_TEST_WORKSPACE ?? '';
    assert.ok(root, 'a workspace folder');
    deployFile = path.join(root, '.vscode', 'ecs-deploy.json');
    savedDeployFile = fs.existsSync(deployFile) ? fs.readFileSync(deployFile, 'utf8') : undefined;

    // The fake ECR's tokens and URIs are for the real registry; tasks start in 100 ms steps.
    await fakeAdminPost('/__fake/ecr/registry', {
      endpoint: registry.host,
      user: registry.user,
      password: registry.password,
    });
    await fakeAdminPost('/__fake/ecs/lifecycle', { lifecycleStepMs: 100 });

    const config = {
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDDEPLOYROLLOUT', secretAccessKey: 'secret' },
    };
    clients.ecs = new ECSClient(config);
    clients.ecr = new ECRClient(config);
    clients.iam = new IAMClient(config);
    const role = await clients.iam.send(
      new CreateRoleCommand({ RoleName: `exec-${suffix}`, AssumeRolePolicyDocument: TRUST_ECS_TASKS }),
    );
    await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
    await clients.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));

    const taskDefinition = {
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: role.Role?.Arn,
      containerDefinitions: [
        { name: 'app', image: `${registry.host}/${repository}:latest`, essential: true },
      ],
    };
    folder = path.join(root, `deploy-rollout-${suffix}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'Dockerfile'),
      `FROM ${registry.baseImage}\nRUN echo ${suffix} > /marker\nCMD ["sh", "-c", "sleep 3600"]\n`,
    );
    taskDefinitionText = `${JSON.stringify(taskDefinition, null, 2)}\n`;
    fs.writeFileSync(path.join(folder, 'task-definition.json'), taskDefinitionText);

    // The service runs revision 1 in the default VPC's default subnets.
    await clients.ecs.send(
      new RegisterTaskDefinitionCommand(
        taskDefinition as ConstructorParameters<typeof RegisterTaskDefinitionCommand>[0],
      ),
    );
    const network = await fakeAdmin<{ subnets: Array<{ subnetId: string; defaultForAz?: boolean }> }>(
      '/__fake/ec2/network',
    );
    await clients.ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: service,
        taskDefinition: `${family}:1`,
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
    const relative = path.relative(root, folder);
    const target = {
      name: targetName,
      dockerfile: `${relative}/Dockerfile`,
      taskDefinitionFile: `${relative}/task-definition.json`,
      container: 'app',
      repository,
      cluster: CLUSTER,
      service,
      region: connection?.region ?? 'us-east-1',
      profile: connection?.profile ?? 'default',
    };
    fs.mkdirSync(path.dirname(deployFile), { recursive: true });
    fs.writeFileSync(deployFile, `${JSON.stringify({ version: 1, targets: [target] }, null, 2)}\n`);
  });

  after(async () => {
    // Stop following the service's logs (the success path follows them) before its cluster goes.
    await vscode.commands.executeCommand('ecsFargate.stopFollowingLogs', `${CLUSTER}/service/${service}`);
    const tab = planDiffTab(family);
    if (tab) await vscode.window.tabGroups.close(tab);
    if (fakeAwsUrl()) await fakeAdminPost('/__fake/ecs/lifecycle', { lifecycleStepMs: 1000 }); // the runner's default
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    if (deployFile) {
      if (savedDeployFile !== undefined) fs.writeFileSync(deployFile, savedDeployFile);
      else fs.rmSync(deployFile, { force: true });
    }
    clients.ecs?.destroy();
    clients.ecr?.destroy();
    clients.iam?.destroy();
  });

  it('"Show What Will Change" opens the plan diff; "Deploy" rolls out the pushed digest; COMPLETED', async () => {
    const before = await fakeStats();
    const asked: string[] = [];
    let diff: { original: vscode.Uri; modified: vscode.Uri; text: string } | undefined;
    const modals = stub(vscode.window, 'showWarningMessage', async (...args: unknown[]) => {
      const message = String(args[0]);
      asked.push(message);
      if (message !== `Deploy ${targetName} to ${service}?`) return undefined; // anything else: cancel
      if (asked.length === 1) return 'Show What Will Change';
      // The second time: the diff is open. Meanwhile someone scales the service to 2: the deploy
      // must not send a desired count (it would put 1 back).
      // (The workbench tells the host about tabs asynchronously: wait a little for it.)
      const tab = await waitFor('the plan diff tab', () => planDiffTab(family), { timeoutMs: 5000 }).catch(
        () => undefined,
      );
      if (tab?.input instanceof vscode.TabInputTextDiff) {
        const { original, modified } = tab.input;
        diff = { original, modified, text: (await vscode.workspace.openTextDocument(modified)).getText() };
      }
      await clients.ecs!.send(new UpdateServiceCommand({ cluster: CLUSTER, service, desiredCount: 2 }));
      return 'Deploy';
    });
    const infos = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    await withStubs([modals, infos, errors], () => vscode.commands.executeCommand('ecsFargate.deploy'));

    assert.deepEqual(
      errors.calls.map((c) => String(c[0])),
      [],
      'no error',
    );
    assert.deepEqual(asked, [`Deploy ${targetName} to ${service}?`, `Deploy ${targetName} to ${service}?`]);
    const confirmation = modals.calls[0] ?? [];
    assert.equal((confirmation[1] as vscode.MessageOptions).modal, true);
    assert.deepEqual(confirmation.slice(2), ['Deploy', 'Show What Will Change']);

    // The diff: both sides on the plan scheme, the right one with the pushed image by digest.
    assert.ok(diff, 'a diff editor on the deploy plan was open at the second confirmation');
    assert.equal(diff.original.scheme, 'ecs-deploy-plan');
    assert.equal(diff.modified.scheme, 'ecs-deploy-plan');
    assert.match(diff.original.path, new RegExp(`${family}:1\\.json$`));
    assert.ok(
      diff.text.includes(`${registry.host}/${repository}@sha256:`),
      `the planned revision names the pushed image:\n${diff.text}`,
    );

    // The success message.
    const result = infos.calls.find((c) => String(c[0]).startsWith('Deployed '));
    assert.ok(result, `a result message: ${infos.calls.map((c) => String(c[0])).join(' | ')}`);
    const message = String(result[0]);
    assert.match(message, /COMPLETED/);
    assert.match(
      message,
      new RegExp(`^Deployed ${registry.host}/${repository}@sha256:[0-9a-f]{64} to ${service}: COMPLETED in `),
    );
    assert.deepEqual(result.slice(1), ['Show Logs', 'Open Output']);

    // The registry's digest of the pushed tag is what the new revision runs.
    const tags = (await (await registryGet(registry, `/v2/${repository}/tags/list`)).json()) as {
      tags: string[];
    };
    assert.equal(tags.tags.length, 1, `one pushed tag: ${tags.tags.join(', ')}`);
    const manifest = await registryGet(registry, `/v2/${repository}/manifests/${tags.tags[0]}`);
    assert.equal(manifest.status, 200);
    const digest = manifest.headers.get('docker-content-digest') ?? '';
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    assert.ok(message.includes(`@${digest} `), 'the message names the registry digest');

    const described = await clients.ecs!.send(
      new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }),
    );
    const now = described.services?.[0];
    assert.ok(now, `${service} is described`);
    assert.ok(now?.taskDefinition?.endsWith(`/${family}:2`), `runs revision 2: ${now?.taskDefinition}`);
    assert.equal(now.deployments?.[0]?.rolloutState, 'COMPLETED');
    assert.equal(now.desiredCount, 2, 'the desired count set meanwhile is kept: UpdateService sent none');
    const revision = await clients.ecs!.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: now.taskDefinition }),
    );
    assert.equal(
      revision.taskDefinition?.containerDefinitions?.[0]?.image,
      `${registry.host}/${repository}@${digest}`,
    );

    assert.equal(
      fs.readFileSync(path.join(folder, 'task-definition.json'), 'utf8'),
      taskDefinitionText,
      'the task-definition file is byte-identical',
    );
    assert.equal(await callsSince(before, 'RegisterTaskDefinition'), 1, 'one revision registered');
    assert.equal(
      await callsSince(before, 'UpdateService'),
      2,
      "the deploy's UpdateService + the test's scale",
    );
    assert.equal(await callsSince(before, 'CreateService'), 0);
  });
});
