import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDeploy } from '../../../src/workflows/deploy/deploy';
import type { DeployDeps, DeployRequest } from '../../../src/workflows/deploy/deployDeps';
import { deployFilePath, readDeployFile, upsertTarget } from '../../../src/workflows/deploy/deployFile';
import type { PlannedChange } from '../../../src/workflows/deploy/deployTypes';
import type { FakeAws } from '../../fakeAws/server';
import { RecordingReporter } from '../../unit/workflows/deploy/deployTestSupport';
import { REGISTRY, startDeployFixture, type DeployFixture } from '../support/deployFixture';
import { DEPLOY_STEPS, deployDeps, target, type AwsClients } from './deployHarness';

describe('Deploy pipeline against the fake AWS endpoint (real SDK clients, lifecycle state machine)', function () {
  let fake: FakeAws;
  let clock: DeployFixture['clock'];
  let clients: AwsClients;
  let job: DeployFixture['job'];
  let deps: DeployDeps;
  let workspace: { root: string; fileText: string };
  let subnets: string[];
  let securityGroup: string;
  let fixture: DeployFixture;

  beforeEach(async () => {
    fixture = await startDeployFixture();
    ({ fake, clock, clients, job, workspace, subnets, securityGroup } = fixture);
    deps = deployDeps(clients, fake.region, job, { clock });
  });
  afterEach(() => fixture.close());

  const existingService = (desiredCount = 2) =>
    fake.ecs.createService('prod', 'web', {
      desiredCount,
      taskDefinition: 'web:1',
      networkConfiguration: fixture.network,
    });

  function deploy(
    request: Partial<DeployRequest> = {},
    signal = new AbortController().signal,
    reporter = new RecordingReporter(),
  ) {
    const full: DeployRequest = { target: target(), workspaceRoot: workspace.root, ...request };
    return runDeploy(full, deps, reporter, signal).then((result) => ({ result, reporter }));
  }

  it('deploys to an existing service: registers the rendered revision, rolls out to COMPLETED, prints the events', async () => {
    existingService();
    let planned: PlannedChange | undefined;
    const { result, reporter } = await deploy({
      confirm: (change) => {
        planned = change;
        return Promise.resolve(true);
      },
    });
    assert.equal(result.outcome, 'succeeded', result.message);
    const imageUri = job.results[0]?.imageUri;
    assert.ok(imageUri?.startsWith(`${REGISTRY}/web@sha256:`));
    assert.equal(result.imageUri, imageUri);
    const revision = fake.ecs.taskDefinitions.resolve('web:2');
    assert.equal(revision?.input.containerDefinitions?.[0]?.image, imageUri);
    assert.equal(result.taskDefinitionArn, revision?.arn);
    const service = fake.ecs.getService('prod', 'web');
    assert.equal(service?.taskDefinitionArn, revision?.arn);
    assert.equal(service?.deployments[0]?.rolloutState, 'COMPLETED');
    assert.deepEqual(reporter.started, DEPLOY_STEPS);
    assert.deepEqual(
      result.timings.map((t) => t.step),
      reporter.started,
    );
    assert.match(reporter.text(), /has started 2 tasks/);
    assert.match(reporter.text(), /deployment completed/);
    assert.match(result.message, /web:2 is rolled out: 2 of 2 tasks running/);
    assert.ok(planned?.deployed, 'the running revision is shown for the diff');
    assert.equal(planned?.deployedArn?.endsWith('web:1'), true);
    assert.equal(planned?.createsService, false);
    assert.equal(
      fs.readFileSync(path.join(workspace.root, 'task-definition.json'), 'utf8'),
      workspace.fileText,
    );
    assert.ok(
      clock.sleeps.every((ms) => ms >= 3000 && ms <= 15_000),
      `polls back off within 3–15 s: ${clock.sleeps.join(',')}`,
    );
    assert.equal(
      fake.stats.calls('DescribeServices'),
      clock.sleeps.length + 1,
      'one DescribeServices per poll (+ the lookup)',
    );
  });

  it('never sends desiredCount: an auto-scaled service keeps the count auto scaling set, and the range is reported', async () => {
    existingService(2);
    fake.autoScaling.registerTarget({
      namespace: 'ecs',
      resourceId: 'service/prod/web',
      dimension: 'ecs:service:DesiredCount',
      min: 1,
      max: 4,
    });
    const record = fake.ecs.getService('prod', 'web');
    if (record) record.desiredCount = 3; // auto scaling scaled out meanwhile
    let planned: PlannedChange | undefined;
    const { result, reporter } = await deploy({ confirm: (c) => ((planned = c), Promise.resolve(true)) });
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.deepEqual(planned?.scaling, { min: 1, max: 4 });
    assert.equal(fake.ecs.getService('prod', 'web')?.desiredCount, 3);
    assert.match(
      reporter.finished.find((f) => f.step === 'rollout')?.summary ?? '',
      /desired count left to auto scaling \(1–4\)/,
    );
  });

  it('a deployment the circuit breaker rolls back is a failure, with the events and the stopped tasks explained', async () => {
    existingService(2);
    fake.ecs.setImageBehavior(`${REGISTRY}/web@sha256:${'1'.padStart(64, '0')}`, {
      kind: 'crash',
      exitCode: 1,
    });
    const { result, reporter } = await deploy();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'wait');
    assert.match(result.message, /circuit breaker rolled the service back to web:1/);
    assert.match(reporter.text(), /deployment failed: tasks failed to start/);
    assert.match(reporter.text(), /rolling back to deployment/);
    assert.match(reporter.text(), /exit code 1|exited|Essential container/i);
    assert.deepEqual(result.done.length, 3, 'pushed, registered, updated');
    assert.match(result.done.join('\n'), /registered web:2/);
  });

  it('creates the service on the first deploy (circuit breaker with rollback on)', async () => {
    let planned: PlannedChange | undefined;
    const { result } = await deploy({
      target: target({
        network: { subnets, securityGroups: [securityGroup], assignPublicIp: true },
        createService: { desiredCount: 1, circuitBreaker: true },
      }),
      confirm: (c) => ((planned = c), Promise.resolve(true)),
    });
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.equal(planned?.createsService, true);
    const service = fake.ecs.getService('prod', 'web');
    assert.equal(service?.desiredCount, 1);
    assert.deepEqual(service?.deploymentConfiguration.deploymentCircuitBreaker, {
      enable: true,
      rollback: true,
    });
    assert.match(result.done.join('\n'), /created service web to web:2/);
    assert.ok(result.serviceArn?.endsWith('service/prod/web'));
  });

  it('records the service it created in .vscode/ecs-deploy.json (what Clean Up offers to delete)', async () => {
    const t = target({
      network: { subnets, securityGroups: [securityGroup], assignPublicIp: true },
      createService: { desiredCount: 1, circuitBreaker: true },
    });
    fs.mkdirSync(path.dirname(deployFilePath(workspace.root)), { recursive: true });
    fs.writeFileSync(deployFilePath(workspace.root), upsertTarget(undefined, t));
    const { result } = await deploy({ target: t });
    assert.equal(result.outcome, 'succeeded', result.message);
    const [recorded] = (await readDeployFile(workspace.root)).targets;
    assert.deepEqual(recorded?.created, { service: true });
  });

  it('leaves the deploy file alone while it has unsaved changes', async () => {
    const t = target({
      network: { subnets, securityGroups: [securityGroup], assignPublicIp: true },
      createService: { desiredCount: 1, circuitBreaker: true },
    });
    fs.mkdirSync(path.dirname(deployFilePath(workspace.root)), { recursive: true });
    const before = upsertTarget(undefined, t);
    fs.writeFileSync(deployFilePath(workspace.root), before);
    const { result } = await deploy({ target: t, deployFileHasUnsavedChanges: () => true });
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.equal(fs.readFileSync(deployFilePath(workspace.root), 'utf8'), before);
  });

  it('times out after the setting, saying what is still pending', async () => {
    existingService(2);
    fake.ecs.lifecycleStepMs = 10 * 60_000; // tasks take 30 minutes to start
    deps = { ...deps, settings: { timeoutMinutes: 2, preflight: true } };
    const { result } = await deploy();
    assert.equal(result.outcome, 'timedOut');
    assert.equal(result.step, 'wait');
    assert.match(result.message, /did not finish within 2 minutes/);
    assert.match(
      result.message,
      /0 of 2 tasks running, 2 pending; web:1 still has 2 running; last event: .*started 2 tasks/,
    );
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    assert.equal(waited, 120_000, 'the last sleep is cut to the deadline');
  });

  for (const step of DEPLOY_STEPS) {
    it(`cancelling during "${step}" keeps what earlier steps did and says so`, async () => {
      existingService(2);
      const controller = new AbortController();
      const reporter = new RecordingReporter();
      reporter.onStart = (s) => {
        if (s === step) controller.abort();
      };
      const { result } = await deploy({}, controller.signal, reporter);
      assert.equal(result.outcome, 'cancelled', result.message);
      const at = DEPLOY_STEPS.indexOf(step);
      const registered = fake.ecs.taskDefinitions.resolve('web:2') !== undefined;
      assert.equal(registered, at > DEPLOY_STEPS.indexOf('register') || (step === 'register' && registered));
      if (at <= DEPLOY_STEPS.indexOf('build')) assert.equal(result.done.length, 0);
      if (at > DEPLOY_STEPS.indexOf('push')) assert.match(result.message, /pushed .*@sha256:/);
      if (step === 'rollout') {
        // Cancelled before UpdateService went out: it is not sent, and nothing claims it was.
        assert.doesNotMatch(result.message, /updated service|asked ECS/);
      }
      if (at > DEPLOY_STEPS.indexOf('rollout')) {
        assert.match(result.message, /updated service web to web:2/);
        assert.match(result.message, /[Nn]othing was rolled back/);
        assert.equal(fake.ecs.getService('prod', 'web')?.taskDefinitionArn.endsWith('web:2'), true);
      } else {
        assert.equal(fake.ecs.getService('prod', 'web')?.taskDefinitionArn.endsWith('web:1'), true);
      }
      if (at < DEPLOY_STEPS.indexOf('register')) assert.equal(registered, false);
    });
  }

  it('preflight failures stop the deploy before building, each with its fix', async () => {
    existingService();
    fake.logs.reset();
    fake.iam.reset();
    const { result, reporter } = await deploy({
      target: target({
        network: {
          subnets: ['subnet-0000000000000dead'],
          securityGroups: [securityGroup],
          assignPublicIp: true,
        },
      }),
    });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'preflight');
    assert.match(result.message, /2 checks failed/);
    const text = reporter.text();
    assert.match(text, /✗ Execution role: The execution role does not exist/);
    assert.match(
      text,
      /✓ Log group \/ecs\/web: It does not exist yet: the deploy creates it before registering \(retention 30 days\)/,
    );
    assert.match(text, /✗ Subnets: Subnets not found: subnet-0000000000000dead/);
    assert.equal(job.calls, 0, 'nothing was built');
    assert.equal(fake.ecs.taskDefinitions.resolve('web:2'), undefined);
  });

  it('creates the missing log group (retention 30 days) before registering, so the first tasks start', async () => {
    existingService();
    fake.logs.reset();
    fake.enforceAwslogs = true; // a task whose group is missing stops with ResourceInitializationError
    const reporter = new RecordingReporter();
    let groupAtRegister: boolean | undefined;
    reporter.onStart = (step) => {
      if (step === 'register') groupAtRegister = fake.logs.groups.has('/ecs/web');
    };
    const { result } = await deploy({}, undefined, reporter);
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.equal(groupAtRegister, true, 'the group exists before the task definition is registered');
    assert.equal(fake.logs.groups.get('/ecs/web')?.retentionInDays, 30);
    assert.match(reporter.text(), /Created log group \/ecs\/web \(retention 30 days\)/);
    assert.match(
      reporter.finished.find((f) => f.step === 'logGroups')?.summary ?? '',
      /Created \/ecs\/web \(retention 30 days\)/,
    );
    assert.ok(result.timings.some((t) => t.step === 'logGroups'));
  });

  it('a denied CreateLogGroup stops the deploy at "Create missing log groups", before anything is registered', async () => {
    existingService();
    fake.logs.reset();
    fake.faults.denyOperation('logs:CreateLogGroup');
    const { result } = await deploy();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'logGroups');
    assert.match(
      result.message,
      /^Create missing log groups failed: Your credentials may not call logs:CreateLogGroup/,
    );
    assert.match(result.message, /"awslogs-create-group": "true".*execution role.*: \/ecs\/web$/);
    assert.equal(fake.ecs.taskDefinitions.resolve('web:2'), undefined, 'nothing registered');
  });

  it('an existing log group is left as it is; the retention setting applies only to groups it creates', async () => {
    existingService();
    fake.logs.groups.get('/ecs/web')!.retentionInDays = 7;
    deps = { ...deps, settings: { ...deps.settings, logRetentionDays: 365 } };
    const { result } = await deploy();
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.equal(fake.logs.groups.get('/ecs/web')?.retentionInDays, 7);
    assert.equal(fake.stats.calls('CreateLogGroup'), 0);
    assert.equal(fake.stats.calls('PutRetentionPolicy'), 0);
  });

  it('awslogs-create-group with the role "Create Task Execution Role" makes: preflight fails, naming both fixes', async () => {
    existingService();
    fake.iam.reset();
    fake.iam.createRole('ecsTaskExecutionRole', {
      policies: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
    });
    const withCreateGroup = structuredClone(JSON.parse(workspace.fileText)) as {
      containerDefinitions: Array<{ logConfiguration: { options: Record<string, string> } }>;
    };
    withCreateGroup.containerDefinitions[0]!.logConfiguration.options['awslogs-create-group'] = 'true';
    fs.writeFileSync(path.join(workspace.root, 'task-definition.json'), JSON.stringify(withCreateGroup));
    const { result, reporter } = await deploy();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'preflight');
    assert.match(result.message, /may not call logs:CreateLogGroup \(implicitDeny\)/);
    assert.match(reporter.text(), /fix: Remove "awslogs-create-group"/);
    assert.deepEqual(result.logGroupGrant, {
      roleName: 'ecsTaskExecutionRole',
      groupArns: [`arn:aws:logs:us-east-1:${fake.accountId}:log-group:/ecs/web`],
    });
    assert.equal(job.calls, 0, 'nothing was built');

    // With the inline policy the extension offers, the same file passes.
    fake.iam.putRolePolicy('ecsTaskExecutionRole', 'ecs-fargate-create-log-groups', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
    });
    const allowed = await deploy();
    assert.equal(allowed.result.outcome, 'succeeded', allowed.result.message);
    assert.match(allowed.reporter.text(), /✓ Log group \/ecs\/web: execution role may create it/);
  });

  it('when the caller may not simulate policies, preflight says it could not check and goes on', async () => {
    existingService();
    fake.iam.reset();
    fake.iam.createRole('ecsTaskExecutionRole', {
      policies: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
    });
    fake.faults.denyOperation('iam:SimulatePrincipalPolicy');
    const withCreateGroup = workspace.fileText.replace(
      '"awslogs-stream-prefix": "ecs"',
      '"awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"',
    );
    assert.notEqual(withCreateGroup, workspace.fileText);
    fs.writeFileSync(path.join(workspace.root, 'task-definition.json'), withCreateGroup);
    const { result, reporter } = await deploy();
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.match(reporter.text(), /\? Log group \/ecs\/web: execution role may create it: Could not check/);
    assert.match(reporter.finished.find((f) => f.step === 'preflight')?.summary ?? '', /1 could not be made/);
  });

  it('a missing cluster and a missing service without createService fail in preflight, saying what to do', async () => {
    const missingService = await deploy();
    assert.equal(missingService.result.step, 'preflight');
    assert.match(
      missingService.result.message,
      /service does not exist in cluster prod: add "createService"/,
    );
    const missingCluster = await deploy({ target: target({ cluster: 'nope' }) });
    assert.equal(missingCluster.result.outcome, 'failed');
    assert.match(missingCluster.result.message, /cluster does not exist.*: nope/);
  });

  it('validation errors stop the deploy at the first step; preflight off skips the checks', async () => {
    fs.writeFileSync(
      path.join(workspace.root, 'task-definition.json'),
      '{"family": "web", "cpu": "3", "containerDefinitions": [}',
    );
    const invalid = await deploy();
    assert.equal(invalid.result.outcome, 'failed');
    assert.equal(invalid.result.step, 'validate');
    assert.match(invalid.result.message, /errors? in the task definition/);
    fs.writeFileSync(path.join(workspace.root, 'task-definition.json'), workspace.fileText);
    existingService();
    fake.iam.reset();
    deps = { ...deps, settings: { timeoutMinutes: 15, preflight: false } };
    const { result, reporter } = await deploy();
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.match(reporter.finished.find((f) => f.step === 'preflight')?.summary ?? '', /Skipped/);
  });

  it('saying no at the confirmation registers nothing; opting in writes only the image into the file', async () => {
    existingService();
    const declined = await deploy({ confirm: () => Promise.resolve(false) });
    assert.equal(declined.result.outcome, 'cancelled');
    assert.equal(fake.ecs.taskDefinitions.resolve('web:2'), undefined);
    const { result } = await deploy({ updateTaskDefinitionFile: true });
    assert.equal(result.outcome, 'succeeded', result.message);
    const text = fs.readFileSync(path.join(workspace.root, 'task-definition.json'), 'utf8');
    assert.equal(text, workspace.fileText.replace('"web:latest"', `"${result.imageUri}"`));
  });

  it('a run-task target registers the revision and starts the tasks', async () => {
    const { result } = await deploy({
      target: target({
        service: undefined,
        runTask: { count: 2 },
        network: { subnets, securityGroups: [securityGroup], assignPublicIp: true },
      }),
    });
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.equal(result.taskArns?.length, 2);
    assert.equal(fake.ecs.listTasks('prod').length, 2);
    assert.ok(
      fake.ecs.listTasks('prod').every((t) => fake.ecs.taskStatus(t) === 'RUNNING'),
      'the wait step followed the tasks to RUNNING',
    );
  });

  it('a run-task target whose task cannot pull its image fails at the wait step, explained', async () => {
    fake.ecs.setImageBehavior(`${REGISTRY}/web*`, { kind: 'pullError' });
    const { result, reporter } = await deploy({
      target: target({
        service: undefined,
        runTask: { count: 1 },
        network: { subnets, securityGroups: [securityGroup], assignPublicIp: true },
      }),
    });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'wait');
    assert.match(result.message, /1 of 1 task\(s\) stopped: .*pull/i);
    assert.ok(
      reporter.lines.some((l) => l.includes('CannotPullContainerError')),
      'the stopped task is reported with its reason',
    );
  });
});
