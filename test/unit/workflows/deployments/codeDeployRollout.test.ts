import * as assert from 'node:assert/strict';
import type { DeploymentGroupInfo, DeploymentInfo, LifecycleEvent } from '@aws-sdk/client-codedeploy';
import type { Service } from '@aws-sdk/client-ecs';
import type { CodeDeployGateway } from '../../../../src/aws/codeDeployGateway';
import {
  buildAppSpec,
  followCodeDeploy,
  startCodeDeploy,
} from '../../../../src/workflows/deployments/codeDeployRollout';
import { RecordingReporter, VirtualClock } from '../deploy/deployTestSupport';

const service: Service = {
  serviceName: 'legacy',
  deploymentController: { type: 'CODE_DEPLOY' },
  loadBalancers: [{ targetGroupArn: 'arn:tg/blue', containerName: 'app', containerPort: 8080 }],
};

class FakeCodeDeploy implements CodeDeployGateway {
  group: DeploymentGroupInfo | undefined = {
    applicationName: 'AppECS-prod-legacy',
    deploymentGroupName: 'DgpECS-prod-legacy',
  };
  created: Array<{ group: unknown; appSpec: string }> = [];
  statuses: DeploymentInfo[] = [];
  events: LifecycleEvent[][] = [];
  polls = 0;
  findDeploymentGroup() {
    return Promise.resolve(this.group);
  }
  createDeployment(group: unknown, appSpec: string) {
    this.created.push({ group, appSpec });
    return Promise.resolve('d-ABC123');
  }
  getDeployment() {
    return Promise.resolve(this.statuses[Math.min(this.polls, this.statuses.length - 1)]);
  }
  lifecycleEvents() {
    const events = this.events[Math.min(this.polls, this.events.length - 1)] ?? [];
    this.polls++;
    return Promise.resolve(events);
  }
}

describe('CodeDeploy deploys (deployment controller CODE_DEPLOY)', () => {
  it('the AppSpec names the new task definition and the load balancer container', () => {
    const spec = JSON.parse(
      buildAppSpec('arn:aws:ecs:us-east-1:123456789012:task-definition/legacy:7', service),
    ) as {
      Resources: Array<{ TargetService: { Type: string; Properties: Record<string, unknown> } }>;
    };
    assert.deepEqual(spec.Resources[0]?.TargetService, {
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/legacy:7',
        LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
      },
    });
    assert.throws(
      () => buildAppSpec('arn:td', { ...service, loadBalancers: [] }),
      /no load balancer with a container name and port/,
    );
  });

  it('creates the deployment in the group that manages the service, or says none does', async () => {
    const codeDeploy = new FakeCodeDeploy();
    const started = await startCodeDeploy(
      codeDeploy,
      'prod',
      service,
      'arn:td/legacy:7',
      new AbortController().signal,
    );
    assert.equal(started.deploymentId, 'd-ABC123');
    assert.deepEqual(codeDeploy.created[0]?.group, {
      applicationName: 'AppECS-prod-legacy',
      deploymentGroupName: 'DgpECS-prod-legacy',
    });
    codeDeploy.group = undefined;
    await assert.rejects(
      startCodeDeploy(codeDeploy, 'prod', service, 'arn:td/legacy:7', new AbortController().signal),
      /No CodeDeploy deployment group manages the service legacy/,
    );
  });

  it('follows the lifecycle events once each to Succeeded', async () => {
    const codeDeploy = new FakeCodeDeploy();
    codeDeploy.statuses = [{ status: 'InProgress' }, { status: 'InProgress' }, { status: 'Succeeded' }];
    codeDeploy.events = [
      [
        { lifecycleEventName: 'BeforeInstall', status: 'Succeeded' },
        { lifecycleEventName: 'Install', status: 'InProgress' },
      ],
      [
        { lifecycleEventName: 'BeforeInstall', status: 'Succeeded' },
        { lifecycleEventName: 'Install', status: 'Succeeded' },
      ],
      [{ lifecycleEventName: 'AllowTraffic', status: 'Succeeded' }],
    ];
    const result = await followCodeDeploy(
      'd-ABC123',
      3_600_000,
      { codeDeploy, clock: new VirtualClock() },
      new RecordingReporter(),
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(result.events, [
      'BeforeInstall: Succeeded',
      'Install: InProgress',
      'CodeDeploy deployment d-ABC123: InProgress',
      'Install: Succeeded',
      'AllowTraffic: Succeeded',
      'CodeDeploy deployment d-ABC123: Succeeded',
    ]);
  });

  it("a failed deployment reports CodeDeploy's error and its rollback", async () => {
    const codeDeploy = new FakeCodeDeploy();
    codeDeploy.statuses = [
      {
        status: 'Failed',
        errorInformation: {
          code: 'ECS_UPDATE_ERROR',
          message: 'The ECS service cannot reach a steady state',
        },
        rollbackInfo: {
          rollbackDeploymentId: 'd-ROLL1',
          rollbackMessage: 'Deployment rolled back to legacy:6',
        },
      },
    ];
    const result = await followCodeDeploy(
      'd-ABC123',
      3_600_000,
      { codeDeploy, clock: new VirtualClock() },
      new RecordingReporter(),
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'failed');
    assert.match(
      result.message,
      /failed: The ECS service cannot reach a steady state Rollback: Deployment rolled back to legacy:6/,
    );
  });
});
