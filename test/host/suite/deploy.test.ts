// "ECS: Deploy" in the real extension host, against the fake AWS endpoint's demo fleet: a saved
// target whose task definition is invalid stops at the validate step and registers nothing; a
// malformed .vscode/ecs-deploy.json is reported with its line and left alone; the first-time
// wizard (quick picks and input boxes answered by stubs, as the other host tests do) writes the
// file with the chosen values. The files live in a temp folder inside the test workspace and
// .vscode/ecs-deploy.json is put back as it was afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import {
  assertCommandRegistered,
  callsSince,
  expectLoggedError,
  extensionApi,
  fakeAdmin,
  fakeAwsUrl,
  fakeStats,
  stub,
  treeNode,
  withStubs,
  type Stub,
} from './helpers';

const CLUSTER = 'production';
/** Valid JSON with a container, but 3 MiB is not a Fargate size: the validate step fails. */
const INVALID_TASK_DEFINITION = {
  family: 'deploy-ui-test',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '3',
  containerDefinitions: [{ name: 'app', image: 'busybox', essential: true }],
};

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.ECS_TEST_WORKSPACE;
  if (!folder) throw new Error('no workspace folder in this host run');
  return folder;
}

interface PickOptions {
  title?: string;
  placeHolder?: string;
}
interface InputOptions {
  prompt?: string;
  validateInput?: (value: string) => unknown;
}

/** Answers quick picks: `choose` gets the question and the labels, returns a label. */
function answerPicks(choose: (question: string, labels: string[]) => string | undefined): Stub {
  return stub(vscode.window, 'showQuickPick', async (...args: unknown[]) => {
    const items = (await (args[0] as Thenable<vscode.QuickPickItem[]> | vscode.QuickPickItem[])) ?? [];
    const options = (args[1] ?? {}) as PickOptions;
    // The shared pickers (pickCluster…) ask in the title, the wizard in the placeholder.
    const asked =
      options.placeHolder && options.placeHolder !== 'Loading…' ? options.placeHolder : options.title;
    const label = choose(
      asked ?? '',
      items.map((i) => i.label),
    );
    return items.find((i) => i.label === label);
  });
}

/** Answers input boxes by their prompt; each answer must pass the box's own validation. */
function answerInputs(answers: Record<string, string>): Stub {
  return stub(vscode.window, 'showInputBox', async (...args: unknown[]) => {
    const options = (args[0] ?? {}) as InputOptions;
    const key = Object.keys(answers).find((k) => options.prompt?.startsWith(k));
    if (!key) throw new Error(`unexpected input box: ${options.prompt}`);
    const answer = answers[key] as string;
    assert.equal(await options.validateInput?.(answer), undefined, `"${answer}" is accepted`);
    return answer;
  });
}

describe('ECS: Deploy (fake AWS)', function () {
  this.timeout(60_000);
  const root = (): string => workspaceRoot();
  const deployFile = (): string => path.join(root(), '.vscode', 'ecs-deploy.json');
  let folder: string;
  let relative: string;
  let savedDeployFile: string | undefined;

  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
    await extensionApi();
    await assertCommandRegistered('ecsFargate.deploy');
    relative = `deploy-ui-${process.pid}`;
    folder = path.join(root(), relative);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'Dockerfile'), 'FROM busybox\nCMD ["sleep", "60"]\n');
    fs.writeFileSync(
      path.join(folder, 'task-definition.json'),
      `${JSON.stringify(INVALID_TASK_DEFINITION, null, 2)}\n`,
    );
    savedDeployFile = fs.existsSync(deployFile()) ? fs.readFileSync(deployFile(), 'utf8') : undefined;
  });

  afterEach(() => {
    if (fs.existsSync(deployFile())) fs.rmSync(deployFile());
  });

  after(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    if (savedDeployFile !== undefined) fs.writeFileSync(deployFile(), savedDeployFile);
  });

  function writeDeployFile(text: string): void {
    fs.mkdirSync(path.dirname(deployFile()), { recursive: true });
    fs.writeFileSync(deployFile(), text);
  }

  it('a saved target with an invalid task definition stops at "validate", registers nothing, leaves the file', async () => {
    expectLoggedError(/failed at step "Validate the task definition"/);
    const connection = (await extensionApi()).connection.current;
    const text = `// kept as is
{
  "version": 1,
  "targets": [
    {
      "name": "invalid", // the test target
      "dockerfile": "${relative}/Dockerfile",
      "taskDefinitionFile": "${relative}/task-definition.json",
      "container": "app",
      "repository": "deploy-ui-test",
      "cluster": "${CLUSTER}",
      "service": "web-frontend",
      "region": "${connection?.region ?? 'us-east-1'}",
      "profile": "${connection?.profile ?? 'default'}"
    }
  ]
}
`;
    writeDeployFile(text);
    const before = await fakeStats();
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const modals = stub(vscode.window, 'showWarningMessage', () => Promise.resolve(undefined));
    const picks = answerPicks(() => undefined);
    await withStubs([errors, modals, picks], () => vscode.commands.executeCommand('ecsFargate.deploy'));

    assert.equal(picks.calls.length, 0, 'one saved target: no question');
    assert.equal(modals.calls.length, 0, 'no confirmation: the deploy stopped before registering');
    assert.equal(errors.calls.length, 1, 'one error');
    const message = String(errors.calls[0]?.[0]);
    assert.match(message, /failed at step "Validate the task definition"/);
    assert.match(message, /3 MiB is not valid with 0\.25 vCPU/);
    assert.ok(errors.calls[0]?.includes('Show Output'), 'offers the output channel');
    assert.equal(await callsSince(before, 'RegisterTaskDefinition'), 0, 'nothing registered');
    assert.equal(await callsSince(before, 'UpdateService'), 0, 'no rollout');
    assert.equal(fs.readFileSync(deployFile(), 'utf8'), text, 'the deploy file is unchanged');
  });

  it('a malformed deploy file is reported with its line and never rewritten', async () => {
    const text =
      '{\n  "version": 1,\n  "targets": [\n    { "name": "x" "dockerfile": "Dockerfile" }\n  ]\n}\n';
    writeDeployFile(text);
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const picks = answerPicks(() => undefined);
    await withStubs([errors, picks], () => vscode.commands.executeCommand('ecsFargate.deploy'));
    assert.equal(picks.calls.length, 0, 'no wizard over a broken file');
    assert.match(String(errors.calls[0]?.[0]), /ecs-deploy\.json is not valid: line 4: a comma is missing/);
    assert.ok(errors.calls[0]?.includes('Open File'));
    assert.equal(fs.readFileSync(deployFile(), 'utf8'), text);
  });

  it('the wizard writes .vscode/ecs-deploy.json with the chosen values, then deploys', async () => {
    const network = await fakeAdmin<{
      vpcs: Array<{ vpcId: string; isDefault?: boolean }>;
      subnets: Array<{ subnetId: string; vpcId: string; defaultForAz?: boolean }>;
      securityGroups: Array<{ groupId: string; groupName: string; vpcId: string }>;
    }>('/__fake/ec2/network');
    const before = await fakeStats();
    const questions: string[] = [];
    const picks = answerPicks((question, labels) => {
      questions.push(question);
      if (question.startsWith('Which task-definition file'))
        return labels.find((l) => l.startsWith(relative));
      if (question.startsWith('Push the image to which ECR repository')) return labels[0]; // New repository…
      if (question === 'Deploy to which cluster?') return CLUSTER;
      if (question.startsWith('Deploy to which service'))
        return labels.find((l) => l.includes('Create a new service'));
      if (question === 'Where do the tasks run?') return labels.find((l) => l.startsWith('Default VPC'));
      if (question.startsWith('Put the service behind a load balancer')) return 'No load balancer';
      return undefined;
    });
    const inputs = answerInputs({
      'New ECR repository': 'deploy-ui-test',
      'Name of the new service': 'deploy-ui-svc',
      'How many tasks should the service run?': '2',
    });
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const modals = stub(vscode.window, 'showWarningMessage', () => Promise.resolve(undefined));
    const dockerfile = vscode.Uri.file(path.join(folder, 'Dockerfile'));
    await withStubs([picks, inputs, errors, modals], () =>
      vscode.commands.executeCommand('ecsFargate.deploy', dockerfile),
    );

    assert.ok(fs.existsSync(deployFile()), `the wizard wrote the file (asked: ${questions.join(' | ')})`);
    const saved = parse(fs.readFileSync(deployFile(), 'utf8')) as { version: number; targets: unknown[] };
    const connection = (await extensionApi()).connection.current;
    const defaultSubnets = network.subnets.filter((s) => s.defaultForAz).map((s) => s.subnetId);
    const defaultGroup = network.securityGroups.find(
      (g) => g.groupName === 'default' && network.vpcs.find((v) => v.vpcId === g.vpcId)?.isDefault,
    );
    assert.equal(saved.version, 1);
    assert.equal(saved.targets.length, 1);
    const target = saved.targets[0] as { network?: { subnets?: string[] } };
    // The order of the subnets is the gateway's; the set is the default VPC's default subnets.
    target.network?.subnets?.sort();
    defaultSubnets.sort();
    assert.deepEqual(saved.targets, [
      {
        name: 'deploy-ui-svc',
        dockerfile: `${relative}/Dockerfile`,
        taskDefinitionFile: `${relative}/task-definition.json`,
        container: 'app',
        repository: 'deploy-ui-test',
        cluster: CLUSTER,
        service: 'deploy-ui-svc',
        network: {
          subnets: defaultSubnets,
          securityGroups: defaultGroup ? [defaultGroup.groupId] : [],
          assignPublicIp: true,
        },
        createService: { desiredCount: 2, circuitBreaker: true },
        region: connection?.region,
        // Environment credentials (this host's) are no profile: none is written into the shared file.
        ...(connection?.profileKind === 'environment' ? {} : { profile: connection?.profile }),
      },
    ]);
    // The deploy ran right after, with the saved target, and stopped at the invalid task definition.
    assert.match(String(errors.calls[0]?.[0]), /failed at step "Validate the task definition"/);
    assert.equal(await callsSince(before, 'RegisterTaskDefinition'), 0);
    assert.equal(await callsSince(before, 'CreateService'), 0);
  });

  it('New Deploy Target adds a second target for the same Dockerfile, keeps the first, deploys only when asked', async () => {
    const first = {
      name: 'first',
      dockerfile: `${relative}/Dockerfile`,
      taskDefinitionFile: `${relative}/task-definition.json`,
      container: 'app',
      repository: 'deploy-ui-test',
      cluster: CLUSTER,
      service: 'web-frontend',
    };
    const text = `// my targets\n${JSON.stringify({ version: 1, targets: [first] }, null, 2)}\n`;
    writeDeployFile(text);
    const before = await fakeStats();
    const picks = answerPicks((question, labels) => {
      if (question.startsWith('Push the image to which ECR repository')) return labels[0];
      if (question === 'Deploy to which cluster?') return CLUSTER;
      if (question.startsWith('Deploy to which service'))
        return labels.find((l) => l.includes('Run as a task'));
      if (question === 'Where do the tasks run?') return labels.find((l) => l.startsWith('Default VPC'));
      return undefined;
    });
    const inputs = answerInputs({ 'New ECR repository': 'deploy-ui-test', 'How many tasks to run?': '1' });
    const saved = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined)); // not "Deploy Now"
    await withStubs([picks, inputs, saved], () =>
      vscode.commands.executeCommand(
        'ecsFargate.newDeployTarget',
        vscode.Uri.file(path.join(folder, 'Dockerfile')),
      ),
    );

    const after = fs.readFileSync(deployFile(), 'utf8');
    assert.ok(after.startsWith('// my targets'), 'the comment is kept');
    const file = parse(after) as { targets: Array<{ name: string; runTask?: { count: number } }> };
    assert.deepEqual(
      file.targets.map((t) => t.name),
      ['first', 'app task'],
      'the first target is kept and the new one added',
    );
    assert.deepEqual(file.targets[1]?.runTask, { count: 1 });
    assert.match(String(saved.calls[0]?.[0]), /Saved the deploy target "app task"/);
    assert.equal(
      await callsSince(before, 'RegisterTaskDefinition'),
      0,
      'nothing deployed without "Deploy Now"',
    );
  });

  it('a new service behind a load balancer: the wizard lists the target groups Fargate can use and saves the pick', async () => {
    const elb = new ElasticLoadBalancingV2Client({ endpoint: fakeAwsUrl() });
    const { TargetGroups } = await elb.send(new DescribeTargetGroupsCommand({ Names: ['orders-api'] }));
    elb.destroy();
    const targetGroupArn = TargetGroups?.[0]?.TargetGroupArn;
    assert.ok(targetGroupArn, 'the demo fleet has the orders-api target group');
    let offered: string[] = [];
    const picks = answerPicks((question, labels) => {
      if (question.startsWith('Push the image to which ECR repository')) return labels[0];
      if (question === 'Deploy to which cluster?') return CLUSTER;
      if (question.startsWith('Deploy to which service'))
        return labels.find((l) => l.includes('Create a new service'));
      if (question === 'Where do the tasks run?') return labels.find((l) => l.startsWith('Default VPC'));
      if (question.startsWith('Put the service behind a load balancer'))
        return labels.find((l) => l.startsWith('Register the tasks with a target group'));
      if (question.startsWith('Which target group')) {
        offered = labels;
        return 'orders-api';
      }
      return undefined;
    });
    const inputs = answerInputs({
      'New ECR repository': 'deploy-ui-test',
      'Name of the new service': 'deploy-ui-lb',
      'How many tasks should the service run?': '1',
      'Container port of app': '3000',
    });
    const saved = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    await withStubs([picks, inputs, saved], () =>
      vscode.commands.executeCommand(
        'ecsFargate.newDeployTarget',
        vscode.Uri.file(path.join(folder, 'Dockerfile')),
      ),
    );
    assert.ok(offered.includes('orders-api'), `offered: ${offered.join(', ')}`);
    assert.ok(offered.at(-1)?.includes('Enter a target group ARN'), 'typing an ARN stays possible');
    const file = parse(fs.readFileSync(deployFile(), 'utf8')) as {
      targets: Array<{ createService?: { loadBalancer?: unknown } }>;
    };
    assert.deepEqual(file.targets[0]?.createService?.loadBalancer, {
      targetGroupArn,
      containerName: 'app',
      containerPort: 3000,
    });
  });

  it("a service node's Deploy New Image… picks that service's target among several", async () => {
    expectLoggedError(/Deploy of for-web failed at step "Validate the task definition"/);
    const connection = (await extensionApi()).connection.current;
    const target = (name: string, service: string) => ({
      name,
      dockerfile: `${relative}/Dockerfile`,
      taskDefinitionFile: `${relative}/task-definition.json`,
      container: 'app',
      repository: 'deploy-ui-test',
      cluster: CLUSTER,
      service,
      region: connection?.region ?? 'us-east-1',
      profile: connection?.profile ?? 'default',
    });
    writeDeployFile(
      JSON.stringify({
        version: 1,
        targets: [target('for-orders', 'orders-api'), target('for-web', 'web-frontend')],
      }),
    );
    await vscode.commands.executeCommand('ecsFargate.refresh');
    const node = await treeNode(CLUSTER, 'web-frontend');
    const errors = stub(vscode.window, 'showErrorMessage', () => Promise.resolve(undefined));
    const picks = answerPicks(() => undefined);
    await withStubs([errors, picks], () =>
      vscode.commands.executeCommand('ecsFargate.deployNewImage', node.element),
    );
    assert.equal(picks.calls.length, 0, 'the one target of this service: no question');
    assert.match(
      String(errors.calls[0]?.[0]),
      /^Deploy of for-web failed at step/,
      'the web-frontend target ran',
    );
  });
});
