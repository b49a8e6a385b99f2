/**
 * The demo's CloudTrail history for the releases cluster (demoReleases.ts): who started each service
 * deployment. checkout: the deploy-bot role through CodePipeline; catalog: maria in the console;
 * search: the jenkins IAM user with the AWS CLI (its rollback was ECS's own, after an alarm: no event);
 * storefront: alice from this extension.
 */
import type { FakeEcs } from '../ecs/fakeEcs';
import type { ServiceDeploymentRecord } from '../ecs/types';
import { assumedRole, type FakeCloudTrail, iamUser } from './fakeCloudTrail';

export type DemoCaller = 'checkout' | 'catalog' | 'search' | 'storefront';

export function recordDemoDeployment(
  trail: FakeCloudTrail | undefined,
  ecs: FakeEcs,
  caller: DemoCaller,
  deployment: ServiceDeploymentRecord | undefined,
): void {
  if (!trail || !deployment) return;
  const account = ecs.accountId;
  const service = `arn:aws:ecs:${ecs.region}:${account}:service/${deployment.cluster}/${deployment.service}`;
  const callers = {
    checkout: {
      identity: assumedRole(
        account,
        'deploy-bot',
        'codepipeline-checkout-7f3a',
        'codepipeline.amazonaws.com',
      ),
      userAgent: 'codepipeline.amazonaws.com',
      sourceIPAddress: 'codepipeline.amazonaws.com',
    },
    catalog: {
      identity: iamUser(account, 'maria'),
      userAgent: 'console.amazonaws.com',
      sourceIPAddress: '198.51.100.23',
    },
    search: {
      identity: iamUser(account, 'jenkins'),
      userAgent: 'aws-cli/2.17.4 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.9',
      sourceIPAddress: '203.0.113.40',
    },
    storefront: {
      identity: iamUser(account, 'alice'),
      userAgent:
        'aws-sdk-js/3.1164.0 ua/2.1 os/darwin#24.1.0 lang/js md/nodejs#20.18.0 api/ecs#3.1164.0 ecs-fargate-vscode',
      sourceIPAddress: '192.0.2.15',
    },
  }[caller];
  trail.record({
    eventName: 'UpdateService',
    at: deployment.createdAt,
    ...callers,
    requestParameters: {
      cluster: deployment.cluster,
      service: deployment.service,
      taskDefinition: deployment.targetRevisionArn,
      forceNewDeployment: false,
    },
    resources: [{ ResourceType: 'AWS::ECS::Service', ResourceName: service }],
  });
}
