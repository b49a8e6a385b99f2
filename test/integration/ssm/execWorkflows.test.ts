import * as assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import { createEcsGateway, type EcsGateway } from '../../../src/aws/ecsGateway';
import { createIamGateway } from '../../../src/aws/iamGateway';
import { createTaskDefinitionGateway } from '../../../src/aws/taskDefinitionGateway';
import { createRedactor } from '../../../src/shared/redact';
import { silentLogger } from '../../../src/shared/logger';
import { explainExecError } from '../../../src/workflows/exec/execErrors';
import { execPreflight, type ExecPreflight } from '../../../src/workflows/exec/execPreflight';
import { enableExecOnService } from '../../../src/workflows/exec/enableExec';
import { runCommand, type ExecTarget } from '../../../src/workflows/exec/execSession';
import { fakeSdkConfig } from '../fakeSdkConfig';
import { EXEC_CLUSTER, SHELL_ROLE, startExecFixture, type ExecFixture } from './execHarness';

describe('ECS Exec workflows: preflight, explanations, Run Command (real SDK clients, fake AWS)', function () {
  this.timeout(30_000);
  let fixture: ExecFixture;
  let ecs: EcsGateway;
  let iamClient: IAMClient;

  async function start(options: Parameters<typeof startExecFixture>[0] = {}) {
    fixture = await startExecFixture(options);
    ecs = createEcsGateway(fixture.ecs, { concurrency: () => 4 });
    iamClient = new IAMClient(fakeSdkConfig(fixture.fake, 'AKIDEXEC'));
  }
  afterEach(async () => {
    iamClient.destroy();
    await fixture.close();
  });

  const target = (): ExecTarget => ({
    cluster: EXEC_CLUSTER,
    clusterName: EXEC_CLUSTER,
    taskArn: fixture.task.arn,
    container: 'app',
    runtimeId: fixture.task.containers[0]!.runtimeId,
  });

  async function preflight(): Promise<ExecPreflight> {
    const task = (await ecs.describeTasks(EXEC_CLUSTER, [fixture.task.arn])).items[0]!;
    const cluster = (await ecs.describeClusters([EXEC_CLUSTER])).items[0];
    const taskDefinitions = createTaskDefinitionGateway(fixture.ecs);
    const iam = createIamGateway(iamClient);
    return execPreflight(
      {
        taskRoleOf: async (arn) => (await taskDefinitions.describe(arn)).taskDefinition.taskRoleArn,
        simulate: (role, action) => iam.simulatePrincipalPolicy(role, action, ['*']),
      },
      { cluster, task, container: task.containers![0]! },
    );
  }

  const status = (p: ExecPreflight, name: string) => p.checks.find((c) => c.name === name)?.status;

  it('passes a task started with ECS Exec whose role may open the channels, and shows the cluster configuration', async () => {
    await start();
    fixture.fake.iam.createRole(SHELL_ROLE);
    fixture.fake.iam.putRolePolicy(SHELL_ROLE, 'exec', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ssmmessages:*', Resource: '*' }],
    });
    fixture.fake.ecs.clusters.get(EXEC_CLUSTER)!.configuration = {
      executeCommandConfiguration: {
        kmsKeyId: 'alias/exec',
        logging: 'OVERRIDE',
        logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true },
      },
    };
    const result = await preflight();
    assert.equal(result.ok, true, JSON.stringify(result.checks));
    assert.equal(status(result, 'ExecuteCommandAgent'), 'passed');
    assert.equal(status(result, 'Task role permissions'), 'passed');
    assert.equal(result.configuration.kmsKeyId, 'alias/exec');
    assert.equal(result.configuration.logging, 'OVERRIDE: CloudWatch Logs /ecs/exec (encrypted)');
  });

  it('explains a task without ECS Exec, offers it on the service, and enabling redeploys the service', async () => {
    await start({ enableExecuteCommand: false });
    fixture.fake.ecs.createService(EXEC_CLUSTER, 'web', { desiredCount: 1, taskDefinition: 'shell:1' });
    const serviceTask = fixture.fake.ecs.addTask(EXEC_CLUSTER, { service: 'web' });
    fixture.task.arn = serviceTask.arn;
    const result = await preflight();
    assert.equal(result.ok, false);
    assert.equal(status(result, 'ECS Exec enabled'), 'failed');
    assert.equal(result.enableOnService, 'web');
    await assert.rejects(
      runCommand({ ecs, logger: silentLogger, redactor: createRedactor({}) }, target(), 'env'),
      (error: unknown) => /execute command was not enabled/.test(explainExecError(error, 't')?.message ?? ''),
    );
    await enableExecOnService(ecs, EXEC_CLUSTER, 'web');
    const service = (await ecs.describeServices(EXEC_CLUSTER, ['web'])).items[0]!;
    assert.equal(service.enableExecuteCommand, true);
  });

  it('flags an ExecuteCommandAgent that is not RUNNING', async () => {
    await start();
    fixture.task.containers[0]!.execAgentStatus = 'STOPPED';
    const result = await preflight();
    assert.equal(status(result, 'ExecuteCommandAgent'), 'failed');
    assert.match(result.checks.find((c) => c.name === 'ExecuteCommandAgent')!.message, /STOPPED/);
  });

  it('names the missing ssmmessages permissions, and ExecuteCommand then answers TargetNotConnected, explained', async () => {
    await start();
    fixture.fake.iam.createRole(SHELL_ROLE);
    fixture.fake.iam.putRolePolicy(SHELL_ROLE, 'half', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel'],
          Resource: '*',
        },
      ],
    });
    const result = await preflight();
    const check = result.checks.find((c) => c.name === 'Task role permissions')!;
    assert.equal(check.status, 'failed');
    assert.match(check.message, /not allowed ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel/);
    await assert.rejects(
      runCommand({ ecs, logger: silentLogger, redactor: createRedactor({}) }, target(), 'env'),
      (error: unknown) => {
        const explained = explainExecError(error, 't');
        return Boolean(
          explained &&
          /TargetNotConnectedException/.test(explained.message) &&
          /task role/.test(explained.fix),
        );
      },
    );
  });

  it('shows "?" when the caller may not simulate the task role', async () => {
    await start();
    fixture.fake.faults.denyOperation('SimulatePrincipalPolicy');
    const result = await preflight();
    const check = result.checks.find((c) => c.name === 'Task role permissions')!;
    assert.equal(check.status, 'unknown');
    assert.match(check.message, /^\? The task role .* could not be checked/);
    assert.equal(result.ok, true, 'an unknown check does not stop the session');
  });

  it('explains AccessDenied on ecs:ExecuteCommand', async () => {
    await start();
    fixture.fake.faults.denyOperation('ExecuteCommand');
    await assert.rejects(
      runCommand({ ecs, logger: silentLogger, redactor: createRedactor({}) }, target(), 'env'),
      (error: unknown) =>
        /not allowed to run ecs:ExecuteCommand/.test(explainExecError(error, 't')?.message ?? ''),
    );
  });

  it('Run Command collects the output and exit code, and registers the token with the redactor', async () => {
    await start();
    const redactor = createRedactor({});
    const result = await runCommand(
      { ecs, logger: silentLogger, redactor },
      target(),
      'sh -c "echo from-container; exit 4"',
    );
    assert.match(result.output, /from-container/);
    assert.equal(result.exitCode, 4);
    const token = fixture.fake.ssmAgent.tokens[0]!;
    assert.equal(redactor(`x ${token} y`), 'x *** y');
  });

  it('says when the container has no shell and suggests Run Command with a binary', async () => {
    await start({ image: 'gcr.io/distroless/static:nonroot' });
    const result = await runCommand(
      { ecs, logger: silentLogger, redactor: createRedactor({}) },
      target(),
      '/bin/sh',
    );
    assert.match(result.advice ?? '', /has no \/bin\/sh .*distroless.*Run Command/);
  });
});
