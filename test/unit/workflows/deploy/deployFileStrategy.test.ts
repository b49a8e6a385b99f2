import * as assert from 'node:assert/strict';
import { DeployFileError, parseDeployFile } from '../../../../src/workflows/deploy/deployFile';
import { createServiceInput } from '../../../../src/workflows/deploy/serviceRollout';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef';

function file(deployment: object, loadBalancer: object = {}): string {
  return JSON.stringify(
    {
      version: 1,
      targets: [
        {
          name: 'web',
          dockerfile: 'Dockerfile',
          taskDefinitionFile: 'task-definition.json',
          container: 'app',
          repository: 'web',
          cluster: 'prod',
          service: 'web',
          network: { subnets: ['subnet-0123456789abcdef0'], securityGroups: [], assignPublicIp: true },
          createService: {
            desiredCount: 2,
            circuitBreaker: true,
            loadBalancer: { targetGroupArn: TG, containerName: 'app', containerPort: 8080, ...loadBalancer },
            deployment,
          },
        },
      ],
    },
    undefined,
    2,
  );
}

function problems(text: string): string[] {
  try {
    parseDeployFile(text);
    return [];
  } catch (error) {
    assert.ok(DeployFileError.is(error));
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('deploy file: the deployment strategy of a new service', () => {
  it('rejects impossible settings, naming the field and what to write', () => {
    const found = problems(file({ strategy: 'LINEAR', stepPercent: 1, stepBakeTimeInMinutes: 2000 }));
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(
      found[0] ?? '',
      /createService\.deployment\.stepPercent: stepPercent must be a number from 3 to 100/,
    );
    assert.match(found[1] ?? '', /stepBakeTimeInMinutes must be a whole number from 0 to 1440/);
    assert.match(
      found[2] ?? '',
      /loadBalancer: LINEAR needs "alternateTargetGroupArn", "productionListenerRule" and "roleArn"/,
    );
    assert.match(
      problems(file({ strategy: 'SLOW' }))[0] ?? '',
      /must be "ROLLING", "BLUE_GREEN", "LINEAR" or "CANARY"/,
    );
  });

  it('accepts a canary with its alternate target group, and CreateService gets it', () => {
    const text = file(
      {
        strategy: 'CANARY',
        canaryPercent: 10,
        canaryBakeTimeInMinutes: 5,
        bakeTimeInMinutes: 10,
        alarms: ['web-5xx'],
      },
      {
        alternateTargetGroupArn: TG.replace('web-blue', 'web-green'),
        productionListenerRule:
          'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3',
        roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers',
      },
    );
    assert.deepEqual(problems(text), []);
    const target = parseDeployFile(text).targets[0]!;
    const input = createServiceInput(target, 'arn:td/web:1');
    assert.equal(input.deploymentConfiguration?.strategy, 'CANARY');
    assert.deepEqual(input.deploymentConfiguration?.canaryConfiguration, {
      canaryPercent: 10,
      canaryBakeTimeInMinutes: 5,
    });
    assert.deepEqual(input.deploymentConfiguration?.deploymentCircuitBreaker, {
      enable: true,
      rollback: true,
    });
    assert.equal(
      input.loadBalancers?.[0]?.advancedConfiguration?.alternateTargetGroupArn,
      TG.replace('web-blue', 'web-green'),
    );
  });
});
