/**
 * Deploys to a CODE_DEPLOY service against the fake AWS endpoint (real ECS and CodeDeploy SDK
 * clients): the pipeline registers the revision, finds the deployment group, creates a CodeDeploy
 * deployment with an AppSpec and follows its lifecycle events to success, or to failure with the
 * automatic rollback.
 */
import * as assert from 'node:assert/strict';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { createCodeDeployGateway } from '../../../src/aws/codeDeployGateway';
import { createServiceDeploymentsGateway } from '../../../src/aws/serviceDeploymentsGateway';
import { runDeploy } from '../../../src/workflows/deploy/deploy';
import type { DeployDeps } from '../../../src/workflows/deploy/deployDeps';
import type { FakeAws } from '../../fakeAws/server';
import { RecordingReporter } from '../../unit/workflows/deploy/deployTestSupport';
import { startDeployFixture, type DeployFixture } from '../support/deployFixture';
import { deployDeps, target } from './deployHarness';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef';

describe('Deploy to a CODE_DEPLOY service (fake AWS, real ECS and CodeDeploy clients)', function () {
  this.timeout(20_000);
  let fake: FakeAws;
  let codeDeployClient: CodeDeployClient;
  let deps: DeployDeps;
  let workspace: { root: string; fileText: string };
  let fixture: DeployFixture;

  beforeEach(async () => {
    fixture = await startDeployFixture();
    const { manual, clients } = fixture;
    ({ fake, workspace } = fixture);
    codeDeployClient = new CodeDeployClient({
      region: fake.region,
      endpoint: fake.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDDEPLOY', secretAccessKey: 'deploy-secret' },
    });
    deps = deployDeps(clients, fake.region, fixture.job, {
      clock: fixture.clock,
      deployments: createServiceDeploymentsGateway(clients.ecs),
      codeDeploy: createCodeDeployGateway(() => codeDeployClient),
      settings: { timeoutMinutes: 30, preflight: false },
    });
    await fixture.createService({
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [{ targetGroupArn: TG, containerName: 'app', containerPort: 8080 }],
    });
    manual.advance(60_000);
    fake.codeDeploy.createDeploymentGroup('AppECS-prod-web', 'DgpECS-prod-web', {
      cluster: 'prod',
      service: 'web',
    });
  });
  afterEach(async () => {
    codeDeployClient.destroy();
    await fixture.close();
  });

  it('registers the revision and deploys it through CodeDeploy to success, each lifecycle event once', async () => {
    const reporter = new RecordingReporter();
    const result = await runDeploy(
      { target: target(), workspaceRoot: workspace.root },
      deps,
      reporter,
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.match(result.message, /web:2 is deployed: CodeDeploy deployment d-\w+ succeeded/);
    assert.ok(result.codeDeployDeploymentId);
    assert.match(reporter.text(), /Deployment group AppECS-prod-web \/ DgpECS-prod-web/);
    const events = reporter.lines
      .filter((l) => /^ {2}\d\d:\d\d:\d\d {2}\w+: \w+$/.test(l))
      .map((l) => l.slice(12));
    assert.ok(
      events.some((e) => e.startsWith('AllowTraffic: Succeeded')),
      events.join(' | '),
    );
    assert.equal(new Set(events).size, events.length, 'each lifecycle event status once');
    assert.equal(fake.ecs.getService('prod', 'web')?.taskDefinitionArn?.endsWith('web:2'), true);
  });

  it("a failing lifecycle hook fails the deploy with CodeDeploy's error and the rollback", async () => {
    fake.codeDeploy.failLifecycleEvent('AfterAllowTestTraffic', 'smoke tests failed: 3 of 12');
    const result = await runDeploy(
      { target: target(), workspaceRoot: workspace.root },
      deps,
      new RecordingReporter(),
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'failed', result.message);
    assert.equal(result.step, 'wait');
    assert.match(result.message, /smoke tests failed: 3 of 12/);
    assert.equal(
      fake.ecs.getService('prod', 'web')?.taskDefinitionArn?.endsWith('web:1'),
      true,
      'rolled back',
    );
  });

  it('no deployment group for the service: the rollout step says so', async () => {
    fake.codeDeploy.reset();
    const result = await runDeploy(
      { target: target(), workspaceRoot: workspace.root },
      deps,
      new RecordingReporter(),
      new AbortController().signal,
    );
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'rollout');
    assert.match(result.message, /No CodeDeploy deployment group manages the service web/);
  });
});
