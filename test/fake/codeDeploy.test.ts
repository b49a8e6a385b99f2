import * as assert from 'node:assert/strict';
import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { BLUE_TG, NETWORK, registerWeb } from './deploymentHelpers';
import { CREDENTIALS, rejection, useFake } from './helpers';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition';
const appSpec = (taskDefinition: string, port = 8080): string =>
  JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinition,
            LoadBalancerInfo: { ContainerName: 'web', ContainerPort: port },
          },
        },
      },
    ],
  });

describe('fake AWS CodeDeploy: ECS blue/green deployments of CODE_DEPLOY services (real CodeDeployClient, ManualClock)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  let cd: CodeDeployClient;
  before(() => {
    cd = new CodeDeployClient({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(() => cd.destroy());
  beforeEach(async () => {
    ctx.fake.ecs.createCluster('default');
    registerWeb(ctx.fake);
    await ctx.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        deploymentController: { type: 'CODE_DEPLOY' },
        loadBalancers: [{ targetGroupArn: BLUE_TG, containerName: 'web', containerPort: 8080 }],
      }),
    );
    clock.advance(60_000);
    ctx.fake.codeDeploy.createDeploymentGroup('AppECS-default-web', 'DgpECS-default-web', {
      cluster: 'default',
      service: 'web',
    });
  });

  const create = async (content: string): Promise<string> => {
    const out = await cd.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-default-web',
        deploymentGroupName: 'DgpECS-default-web',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content } },
      }),
    );
    assert.match(out.deploymentId ?? '', /^d-[A-Z0-9]{9}$/);
    return out.deploymentId!;
  };
  /** Moves the clock a second at a time until the deployment is done; answers it and the event statuses seen. */
  async function follow(id: string): Promise<{ info: DeploymentInfo; seen: string[] }> {
    const seen: string[] = [];
    let info = (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
    for (let i = 0; i < 200 && !['Succeeded', 'Failed', 'Stopped'].includes(info.status!); i++) {
      clock.advance(1000);
      info = (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
      const target = await cd.send(
        new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: ['default:web'] }),
      );
      const running = target.deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents?.find(
        (e) => e.status === 'InProgress',
      );
      if (running && seen.at(-1) !== running.lifecycleEventName) seen.push(running.lifecycleEventName!);
    }
    return { info, seen };
  }
  const serviceTaskDefinition = async (): Promise<string | undefined> =>
    (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0]?.taskDefinition
      ?.split('/')
      .pop();

  it('UpdateService cannot change the task definition of a CODE_DEPLOY service; the service shows task sets', async () => {
    const err = await rejection(
      ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'web:2' })),
    );
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(
      err.message,
      'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.',
    );
    const s = (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0];
    assert.equal(s?.deploymentController?.type, 'CODE_DEPLOY');
    assert.deepEqual(s?.deployments, []);
    assert.equal(s?.taskSets?.[0]?.status, 'PRIMARY');
    const list = await ctx.ecs.send(new ListServiceDeploymentsCommand({ service: 'web' }));
    assert.deepEqual(list.serviceDeployments, [], 'no ECS service deployments for a CodeDeploy service');
  });

  it('lists the application and its deployment group with the ECS service and target group pair', async () => {
    assert.deepEqual((await cd.send(new ListApplicationsCommand({}))).applications, ['AppECS-default-web']);
    const groups = await cd.send(new ListDeploymentGroupsCommand({ applicationName: 'AppECS-default-web' }));
    assert.deepEqual(groups.deploymentGroups, ['DgpECS-default-web']);
    const group = (
      await cd.send(
        new GetDeploymentGroupCommand({
          applicationName: 'AppECS-default-web',
          deploymentGroupName: 'DgpECS-default-web',
        }),
      )
    ).deploymentGroupInfo;
    assert.deepEqual(group?.ecsServices, [{ serviceName: 'web', clusterName: 'default' }]);
    assert.equal(group?.computePlatform, 'ECS');
    assert.equal(group?.deploymentStyle?.deploymentType, 'BLUE_GREEN');
    assert.deepEqual(group?.loadBalancerInfo?.targetGroupPairInfoList?.[0]?.targetGroups, [
      { name: 'web-blue' },
      { name: 'web-green' },
    ]);
    const missing = await rejection(cd.send(new ListDeploymentGroupsCommand({ applicationName: 'nope' })));
    assert.equal(missing.name, 'ApplicationDoesNotExistException');
  });

  it('a deployment runs the ECS lifecycle events in order, then the service runs the new task definition', async () => {
    const id = await create(appSpec(`${TD}/web:2`));
    const busy = await rejection(create(appSpec(`${TD}/web:2`)));
    assert.equal(busy.name, 'DeploymentLimitExceededException');
    const { info, seen } = await follow(id);
    assert.equal(info.status, 'Succeeded');
    assert.deepEqual(seen, [
      'BeforeInstall',
      'Install',
      'AfterInstall',
      'AllowTestTraffic',
      'AfterAllowTestTraffic',
      'BeforeAllowTraffic',
      'AllowTraffic',
      'AfterAllowTraffic',
    ]);
    assert.equal(await serviceTaskDefinition(), 'web:2');
    const targets = await cd.send(new ListDeploymentTargetsCommand({ deploymentId: id }));
    assert.deepEqual(targets.targetIds, ['default:web']);
    const s = (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0];
    assert.equal(s?.taskSets?.length, 1);
    assert.equal(s?.runningCount, 2);
    const listed = await cd.send(
      new ListDeploymentsCommand({
        applicationName: 'AppECS-default-web',
        deploymentGroupName: 'DgpECS-default-web',
      }),
    );
    assert.deepEqual(listed.deployments, [id]);
  });

  it('a failing lifecycle event fails the deployment and the automatic rollback restores the original task set', async () => {
    ctx.fake.codeDeploy.failLifecycleEvent('AfterAllowTestTraffic', 'smoke tests failed: 3 of 12');
    const id = await create(appSpec(`${TD}/web:2`));
    const { info } = await follow(id);
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'HOOK_EXECUTION_FAILURE');
    assert.match(info.errorInformation?.message ?? '', /AfterAllowTestTraffic/);
    const rollbackId = info.rollbackInfo?.rollbackDeploymentId;
    assert.ok(rollbackId);
    const target = await cd.send(
      new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: ['default:web'] }),
    );
    const failed = target.deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents?.find(
      (e) => e.status === 'Failed',
    );
    assert.equal(failed?.lifecycleEventName, 'AfterAllowTestTraffic');
    assert.equal(failed?.diagnostics?.message, 'smoke tests failed: 3 of 12');
    const rollback = await follow(rollbackId);
    assert.equal(rollback.info.status, 'Succeeded');
    assert.equal(rollback.info.creator, 'codeDeployRollback');
    assert.equal(rollback.info.rollbackInfo?.rollbackTriggeringDeploymentId, id);
    assert.equal(await serviceTaskDefinition(), 'web:1');
    const s = (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0];
    assert.equal(s?.taskSets?.length, 1);
    assert.equal(s?.taskSets?.[0]?.taskDefinition?.split('/').pop(), 'web:1');
  });

  it('an AppSpec that does not match the service (port) fails the deployment with INVALID_REVISION', async () => {
    const id = await create(appSpec(`${TD}/web:2`, 80));
    const { info } = await follow(id);
    assert.equal(info.status, 'Failed');
    assert.equal(info.errorInformation?.code, 'INVALID_REVISION');
    assert.match(info.errorInformation?.message ?? '', /port mapping for container port 80/);
    const bad = await follow(await create('version: 0.0\nResources: []'));
    assert.equal(bad.info.errorInformation?.code, 'INVALID_REVISION');
    assert.equal(await serviceTaskDefinition(), 'web:1');
  });

  it('StopDeployment stops a deployment in progress (rolled back); a finished one cannot be stopped', async () => {
    const id = await create(appSpec(`${TD}/web:2`));
    clock.advance(3000);
    await cd.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
    const info = (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo;
    assert.equal(info?.status, 'Stopped');
    assert.equal(info?.errorInformation?.code, 'MANUAL_STOP');
    const again = await rejection(cd.send(new StopDeploymentCommand({ deploymentId: id })));
    assert.equal(again.name, 'DeploymentAlreadyCompletedException');
    const rollback = await follow(info.rollbackInfo!.rollbackDeploymentId!);
    assert.equal(rollback.info.status, 'Succeeded');
    assert.equal(await serviceTaskDefinition(), 'web:1');
    const missing = await rejection(cd.send(new GetDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })));
    assert.equal(missing.name, 'DeploymentDoesNotExistException');
  });

  it('an EXTERNAL service refuses a new task definition in UpdateService too', async () => {
    await ctx.ecs.send(
      new CreateServiceCommand({
        serviceName: 'ext',
        taskDefinition: 'web:1',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        deploymentController: { type: 'EXTERNAL' },
      }),
    );
    const err = await rejection(
      ctx.ecs.send(new UpdateServiceCommand({ service: 'ext', taskDefinition: 'web:2' })),
    );
    assert.equal(err.name, 'InvalidParameterException');
    assert.match(err.message, /EXTERNAL deployment controller/);
  });
});
