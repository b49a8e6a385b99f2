/**
 * Deploys to services that do not roll (BLUE_GREEN, LINEAR, CANARY, a PAUSE hook, alarms,
 * EXTERNAL) against the fake AWS endpoint through the real SDK clients: the pipeline finds the
 * service deployment its UpdateService started and follows it on the fake clock.
 */
import * as assert from 'node:assert/strict';
import type { DeploymentConfiguration, LoadBalancer } from '@aws-sdk/client-ecs';
import { createServiceDeploymentsGateway } from '../../../src/aws/serviceDeploymentsGateway';
import { runDeploy } from '../../../src/workflows/deploy/deploy';
import type { DeployDeps, DeployRequest } from '../../../src/workflows/deploy/deployDeps';
import type { PlannedChange } from '../../../src/workflows/deploy/deployTypes';
import type { HookAwaiting } from '../../../src/workflows/deployments/followServiceDeployment';
import type { ManualClock } from '../../fakeAws/clock';
import type { FakeAws } from '../../fakeAws/server';
import { RecordingReporter } from '../../unit/workflows/deploy/deployTestSupport';
import { startDeployFixture, type DeployFixture } from '../support/deployFixture';
import { deployDeps, target, type AwsClients } from './deployHarness';

const ELB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
const LB: LoadBalancer = {
  targetGroupArn: `${ELB}:targetgroup/web-blue/0123456789abcdef`,
  containerName: 'app',
  containerPort: 8080,
  advancedConfiguration: {
    alternateTargetGroupArn: `${ELB}:targetgroup/web-green/fedcba9876543210`,
    productionListenerRule: `${ELB}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
    roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers',
  },
};

describe('Deploy through blue/green, linear and canary service deployments (fake AWS, real SDK clients)', function () {
  let fake: FakeAws;
  let manual: ManualClock;
  let clock: DeployFixture['clock'];
  let clients: AwsClients;
  let deps: DeployDeps;
  let workspace: { root: string; fileText: string };
  let fixture: DeployFixture;
  /** Awaited before each sleep: a test's steering call lands before the next poll. */
  let pending: Promise<unknown> = Promise.resolve();

  beforeEach(async () => {
    fixture = await startDeployFixture();
    ({ fake, manual, clock, clients, workspace } = fixture);
    pending = Promise.resolve();
    const steeredClock = {
      now: () => clock.now(),
      sleep: async (ms: number, signal: AbortSignal) => {
        await pending;
        return clock.sleep(ms, signal);
      },
    };
    deps = deployDeps(clients, fake.region, fixture.job, {
      clock: steeredClock,
      deployments: createServiceDeploymentsGateway(clients.ecs),
      settings: { timeoutMinutes: 15, preflight: false },
    });
  });
  afterEach(() => fixture.close());

  async function createService(
    deploymentConfiguration: DeploymentConfiguration,
    extra: { deploymentController?: { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' } } = {},
  ): Promise<void> {
    await fixture.createService({ loadBalancers: [LB], deploymentConfiguration, ...extra });
    manual.advance(120_000);
  }

  async function deploy(request: Partial<DeployRequest> = {}) {
    const reporter = new RecordingReporter();
    let planned: PlannedChange | undefined;
    const full: DeployRequest = {
      target: target(),
      workspaceRoot: workspace.root,
      confirm: (change) => {
        planned = change;
        return Promise.resolve(true);
      },
      ...request,
    };
    const result = await runDeploy(full, deps, reporter, new AbortController().signal);
    const stageLines = reporter.lines
      .filter((l) => /^ {2}\d\d:\d\d:\d\d {2}/.test(l))
      .map((l) => l.slice(12));
    return { result, reporter, planned, stageLines };
  }

  it('BLUE_GREEN: says the strategy and bake before, follows each stage once to SUCCESSFUL', async () => {
    await createService({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
    const { result, planned, stageLines } = await deploy();
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.match(planned?.strategy ?? '', /blue\/green, bake 5 min; bakes about 5 min/);
    assert.match(result.message, /web:2 is deployed: The service deployment is SUCCESSFUL \(BLUE_GREEN\)/);
    assert.ok(result.serviceDeploymentArn?.includes(':service-deployment/prod/web/'));
    assert.equal(
      new Set(stageLines).size,
      stageLines.length,
      `no duplicate stage lines: ${stageLines.join(' | ')}`,
    );
    for (const stage of ['scaling up the new revision', 'shifting test traffic', 'bake time', 'successful']) {
      assert.ok(
        stageLines.some((l) => l.startsWith(stage)),
        `${stage} in ${stageLines.join(' | ')}`,
      );
    }
    const describes = fake.stats.calls('DescribeServiceDeployments');
    assert.equal(describes, clock.sleeps.length + 1, 'one DescribeServiceDeployments per poll');
    assert.equal(fake.ecs.getService('prod', 'web')?.taskDefinitionArn?.endsWith('web:2'), true);
  });

  it('LINEAR: reports the production weights step by step', async () => {
    await createService({
      strategy: 'LINEAR',
      bakeTimeInMinutes: 1,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
    });
    const { result, stageLines, planned } = await deploy();
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.match(planned?.strategy ?? '', /linear 25 % every 2 min; bakes about 7 min/);
    const weights = stageLines
      .map((l) => /^shifting production traffic: new (\S+) %/.exec(l)?.[1])
      .filter((w): w is string => w !== undefined && w !== '0');
    assert.deepEqual(weights, ['25', '50', '75'], stageLines.join(' | '));
  });

  it('CANARY: moves the canary share, bakes, then the rest', async () => {
    await createService({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
    });
    const { result, stageLines } = await deploy();
    assert.equal(result.outcome, 'succeeded', result.message);
    assert.ok(
      stageLines.some((l) => /new 10 % \/ old 90 %/.test(l)),
      stageLines.join(' | '),
    );
  });

  it('a LINEAR deploy rolled back by an alarm fails naming the alarm', async () => {
    await createService({
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 2 },
      alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
    });
    clock.onSleep = () => {
      if (clock.sleeps.length === 4) fake.ecs.setAlarmState('web-5xx', 'ALARM');
    };
    const { result } = await deploy();
    assert.equal(result.outcome, 'failed', result.message);
    assert.equal(result.step, 'wait');
    assert.match(result.message, /ROLLBACK_/);
    assert.match(result.message, /web-5xx/);
  });

  for (const action of ['CONTINUE', 'ROLLBACK'] as const) {
    it(`a PAUSE hook: the deploy announces it once, and ${action} ${action === 'CONTINUE' ? 'lets it finish' : 'fails the deploy'}`, async () => {
      await createService({
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: 1,
        lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
      });
      const hooks: HookAwaiting[] = [];
      const gateway = createServiceDeploymentsGateway(clients.ecs);
      const { result, stageLines } = await deploy({
        onHookAwaiting: (hook) => {
          hooks.push(hook);
          pending = gateway.continueServiceDeployment(hook.serviceDeploymentArn, hook.hookId, action);
        },
      });
      assert.equal(hooks.length, 1);
      assert.equal(hooks[0]?.stage, 'POST_TEST_TRAFFIC_SHIFT');
      assert.ok(
        stageLines.some((l) => l.startsWith('paused')),
        stageLines.join(' | '),
      );
      if (action === 'CONTINUE') assert.equal(result.outcome, 'succeeded', result.message);
      else {
        assert.equal(result.outcome, 'failed', result.message);
        assert.match(result.message, /ROLLBACK_/);
      }
    });
  }

  it('Roll Back during a canary (StopServiceDeployment ROLLBACK) fails the deploy', async () => {
    await createService({
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
    });
    const gateway = createServiceDeploymentsGateway(clients.ecs);
    const reporter = new RecordingReporter();
    let stopped = false;
    const original = reporter.line.bind(reporter);
    reporter.line = (text: string) => {
      original(text);
      const arn = /Service deployment (\S+)/.exec(text)?.[1];
      if (arn) (reporter as unknown as { arn: string }).arn = arn;
      if (!stopped && /new 10 % \/ old 90 %/.test(text)) {
        stopped = true;
        pending = gateway.stopServiceDeployment((reporter as unknown as { arn: string }).arn, 'ROLLBACK');
      }
    };
    const result = await runDeploy(
      { target: target(), workspaceRoot: workspace.root },
      deps,
      reporter,
      new AbortController().signal,
    );
    assert.ok(stopped, reporter.text());
    assert.equal(result.outcome, 'failed', result.message);
    assert.match(result.message, /ROLLBACK_/);
  });

  it('EXTERNAL: refused before anything is built, saying why', async () => {
    await createService({}, { deploymentController: { type: 'EXTERNAL' } });
    const { result } = await deploy();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.step, 'preflight');
    assert.match(result.message, /deployment controller is EXTERNAL/);
    assert.equal(fixture.job.calls, 0, 'nothing was built');
  });
});
