import * as assert from 'node:assert/strict';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { ContextValues } from '../../../src/explorer/contextValues';
import { LiveUpdater, type Timers } from '../../../src/explorer/liveUpdates';
import { ClusterNode } from '../../../src/explorer/nodes/clusterNode';
import { DeploymentsNode } from '../../../src/explorer/nodes/deploymentsNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { ServiceDeploymentNode } from '../../../src/explorer/nodes/serviceDeploymentNode';
import { ServiceNode } from '../../../src/explorer/nodes/serviceNode';
import { silentLogger } from '../../../src/shared/logger';
import { aCluster, aService, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';
import { FakeServiceDeploymentsGateway } from '../../fakes/fakeServiceDeploymentsGateway';

const PREFIX = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/production/web/';
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000);

function setup() {
  const ecs = new FakeEcsGateway();
  const deployments = new FakeServiceDeploymentsGateway();
  deployments.revisions.push(
    {
      serviceRevisionArn: 'arn:rev/11',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:11',
    },
    {
      serviceRevisionArn: 'arn:rev/12',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:12',
    },
  );
  const ctx: ExplorerContext & { deployments: FakeServiceDeploymentsGateway } = {
    ecs,
    deployments,
    region: REGION,
    now: () => NOW,
  };
  const service = new ServiceNode(new ClusterNode(ctx, aCluster()), ctx, 'production', aService('web'));
  return { ecs, deployments, ctx, service };
}

const inProgress: ServiceDeployment = {
  status: 'IN_PROGRESS',
  createdAt: at(3),
  startedAt: at(3),
  lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
  sourceServiceRevisions: [{ arn: 'arn:rev/11', requestedProductionTrafficWeight: 60 }],
  targetServiceRevision: { arn: 'arn:rev/12', requestedProductionTrafficWeight: 40 },
};
const rolledBack: ServiceDeployment = {
  status: 'ROLLBACK_SUCCESSFUL',
  createdAt: at(60),
  startedAt: at(60),
  finishedAt: at(50),
  sourceServiceRevisions: [{ arn: 'arn:rev/11' }],
  targetServiceRevision: { arn: 'arn:rev/12' },
  rollback: { reason: 'Alarm web-5xx in ALARM', startedAt: at(52) },
  alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx'] },
};

describe('Deployments node', () => {
  it('the service says how it deploys: strategy in the description (not for plain rolling), facts in the tooltip', () => {
    const { ctx } = setup();
    const cluster = new ClusterNode(ctx, aCluster());
    const linear = new ServiceNode(cluster, ctx, 'production', {
      ...aService('web'),
      deploymentConfiguration: {
        strategy: 'LINEAR',
        linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 5 },
        alarms: { alarmNames: ['web-5xx'], enable: true, rollback: true },
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    }).view();
    assert.match(linear.description ?? '', / · linear 20 % every 5 min/);
    assert.match(linear.tooltip ?? '', /\*\*Alarms:\*\* web\\-5xx \\\(roll back when one fires\\\)/);
    assert.match(linear.tooltip ?? '', /\*\*Circuit breaker:\*\* on, rolls back/);
    const rolling = new ServiceNode(cluster, ctx, 'production', aService('api')).view();
    assert.doesNotMatch(rolling.description ?? '', /rolling/);
    assert.match(rolling.tooltip ?? '', /\*\*Deploys:\*\* rolling/);
    const codeDeploy = new ServiceNode(cluster, ctx, 'production', {
      ...aService('legacy'),
      deploymentController: { type: 'CODE_DEPLOY' },
    }).view();
    assert.match(codeDeploy.description ?? '', /CodeDeploy/);
  });

  it('lists the service deployments newest first, with revisions, stage and why one rolled back', async () => {
    const { deployments, service } = setup();
    deployments.script(`${PREFIX}old`, rolledBack).script(`${PREFIX}new`, inProgress);
    const children = await service.getChildren();
    const node = children.at(-1) as DeploymentsNode;
    assert.equal(node.view().label, 'Deployments');
    const rows = await node.getChildren();
    assert.deepEqual(
      rows.map((r) => [r.view().label, r.view().description, r.view().contextValue]),
      [
        [
          'web:11 → web:12',
          'shifting production traffic: new 40 % / old 60 % · 3m ago',
          ContextValues.deploymentInProgress,
        ],
        ['web:11 → web:12', 'rolled back · 1h ago · Alarm web-5xx in ALARM', ContextValues.deployment],
      ],
    );
    assert.equal(deployments.callsTo('describeServiceDeployments').length, 1, 'one describe for the page');
    assert.equal(
      deployments.callsTo('describeServiceRevisions').length,
      1,
      'one revisions lookup for the page',
    );
    assert.deepEqual(deployments.callsTo('listServiceDeployments')[0]?.[2], { maxResults: 20 });
  });

  it('pages: an "Older deployments" row expands to the next page', async () => {
    const { deployments, service, ctx } = setup();
    deployments
      .script(`${PREFIX}a`, rolledBack)
      .script(`${PREFIX}b`, { ...rolledBack, status: 'SUCCESSFUL' });
    deployments.pages.set('', { items: [{ serviceDeploymentArn: `${PREFIX}a` }], nextToken: 'page-2' });
    deployments.pages.set('page-2', { items: [{ serviceDeploymentArn: `${PREFIX}b` }] });
    const node = new DeploymentsNode(service, ctx, 'production', 'web');
    const first = await node.getChildren();
    assert.deepEqual(
      first.map((n) => n.view().label),
      ['web:11 → web:12', 'Older deployments'],
    );
    const older = await (first[1] as DeploymentsNode).getChildren();
    assert.deepEqual(
      older.map((n) => n.view().description?.split(' · ')[0]),
      ['successful'],
    );
    assert.deepEqual(deployments.callsTo('listServiceDeployments')[1]?.[2], {
      maxResults: 20,
      nextToken: 'page-2',
    });
  });

  it('a paused hook offers Continue (its own context value)', async () => {
    const { deployments, service } = setup();
    deployments.script(`${PREFIX}p`, {
      ...inProgress,
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      lifecycleHookDetails: [{ hookId: 'h1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
    });
    const node = (await service.getChildren()).at(-1) as DeploymentsNode;
    const [row] = await node.getChildren();
    assert.equal(row?.view().contextValue, ContextValues.deploymentAwaiting);
    assert.equal(row?.view().icon?.id, 'debug-pause');
  });

  it('the live updater re-describes deployments in progress until they end, then refreshes the service', async () => {
    const { deployments, ecs, service, ctx } = setup();
    deployments.script(`${PREFIX}n`, inProgress, { ...inProgress, status: 'SUCCESSFUL', finishedAt: at(0) });
    const timers: Timers & { fns: Array<() => void> } = {
      fns: [],
      setTimeout(fn) {
        this.fns.push(fn);
        return fn;
      },
      clearTimeout() {},
    };
    const changed: ExplorerNode[][] = [];
    const updater = new LiveUpdater({
      ecs: () => ecs,
      deployments: () => deployments,
      onChanged: (n) => changed.push(n),
      logger: silentLogger,
      timers,
    });
    const node = new ServiceDeploymentNode(service, ctx, 'production', 'web', inProgress, new Map());
    node.update({ ...inProgress, serviceDeploymentArn: `${PREFIX}n` });
    updater.track(node);
    assert.equal(updater.size, 1);
    await updater.tick(); // IN_PROGRESS again
    await updater.tick(); // SUCCESSFUL
    assert.equal(node.deployment.status, 'SUCCESSFUL');
    assert.equal(updater.size, 0, 'no longer followed');
    assert.ok(changed.at(-1)?.includes(service), 'the service row refreshes when its deployment ends');
    assert.equal(deployments.callsTo('describeServiceDeployments').length, 2);
  });
});
