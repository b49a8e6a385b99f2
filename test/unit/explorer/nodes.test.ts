import * as assert from 'node:assert/strict';
import { ContextValues } from '../../../src/explorer/contextValues';
import { ClusterNode, listClusterNodes } from '../../../src/explorer/nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { MessageNode } from '../../../src/explorer/nodes/messageNode';
import { ServiceNode } from '../../../src/explorer/nodes/serviceNode';
import { TaskGroupNode } from '../../../src/explorer/nodes/taskGroupNode';
import { TaskNode } from '../../../src/explorer/nodes/taskNode';
import { aCluster, aContainer, aService, aStoppedTask, aTask, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

function setup() {
  const ecs = new FakeEcsGateway();
  const ctx: ExplorerContext = { ecs, region: REGION, now: () => NOW };
  return { ecs, ctx };
}

const labels = (nodes: ExplorerNode[]) => nodes.map((n) => n.view().label);

describe('explorer nodes', () => {
  describe('clusters', () => {
    it('lists clusters by name with services, task counts and Container Insights', async () => {
      const { ecs, ctx } = setup();
      ecs.clusters = [
        aCluster('staging', {
          activeServicesCount: 1,
          runningTasksCount: 2,
          settings: [{ name: 'containerInsights', value: 'disabled' }],
        }),
        aCluster('production', { pendingTasksCount: 2 }),
      ];
      const nodes = await listClusterNodes(ctx);
      assert.deepEqual(labels(nodes), ['production', 'staging']);
      assert.equal(nodes[0]!.view().description, '3 services · 7 running · 2 pending · Insights on');
      assert.equal(nodes[1]!.view().description, '1 service · 2 running · Insights off');
      assert.equal(nodes[0]!.view().contextValue, ContextValues.cluster);
      assert.match(nodes[0]!.view().tooltip!, /arn:aws:ecs:us-east-1:123456789012:cluster\/production/);
    });

    it('returns no nodes for an empty region, so the welcome view shows', async () => {
      const { ctx } = setup();
      assert.deepEqual(await listClusterNodes(ctx), []);
    });

    it('shows describe failures instead of dropping them', async () => {
      const { ecs, ctx } = setup();
      ecs.clusters = [aCluster('production')];
      ecs.failures = [{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/gone', reason: 'MISSING' }];
      const nodes = await listClusterNodes(ctx);
      const warning = nodes[1] as MessageNode;
      assert.ok(warning instanceof MessageNode);
      assert.equal(warning.view().label, '1 cluster could not be described');
      assert.match(warning.view().tooltip!, /gone: MISSING/);
    });

    it('has services sorted by name, then the standalone and stopped task groups', async () => {
      const { ecs, ctx } = setup();
      ecs.services.set('production', [
        aService('orders-api'),
        aService('email-sender'),
        aService('web-frontend'),
      ]);
      const children = await new ClusterNode(ctx, aCluster('production')).getChildren();
      assert.deepEqual(labels(children), [
        'email-sender',
        'orders-api',
        'web-frontend',
        'Standalone tasks',
        'Stopped tasks',
      ]);
      assert.ok(children[3] instanceof TaskGroupNode && children[4] instanceof TaskGroupNode);
    });

    it('gives every node a unique, stable id', async () => {
      const { ecs, ctx } = setup();
      ecs.services.set('production', [aService('a'), aService('b')]);
      const cluster = new ClusterNode(ctx, aCluster('production'));
      const first = (await cluster.getChildren()).map((n) => n.id);
      const second = (await cluster.getChildren()).map((n) => n.id);
      assert.deepEqual(first, second);
      assert.equal(new Set(first).size, first.length);
    });
  });

  describe('service decorations (utilization, auto scaling)', () => {
    it('asks once per cluster for all its services and shows what comes back', async () => {
      const { ecs, ctx } = setup();
      ecs.services.set('production', [aService('web'), aService('api'), aService('jobs')]);
      const asked: string[][] = [];
      const decorated: ExplorerContext = {
        ...ctx,
        decorateServices: (_cluster, services) => {
          asked.push(services.map((s) => s.serviceName ?? ''));
          return Promise.resolve(
            new Map([
              [
                'web',
                { cpuPercent: 23.4, memoryPercent: 41, scaling: { min: 2, max: 10, policies: ['CPU 60%'] } },
              ],
              ['api', { metricsNote: 'no data (Container Insights is off)' }],
            ]),
          );
        },
      };
      const children = await new ClusterNode(decorated, aCluster('production')).getChildren();
      assert.deepEqual(asked, [['api', 'jobs', 'web']]);
      const byLabel = new Map(children.map((c) => [c.view().label, c.view()]));
      assert.match(byLabel.get('web')!.description!, / · CPU 23% · mem 41%$/);
      assert.match(byLabel.get('web')!.tooltip!, /\*\*Auto scaling:\*\* 2–10 tasks \(CPU 60%\)/);
      assert.match(byLabel.get('api')!.description!, / · no metrics$/);
      assert.match(byLabel.get('api')!.tooltip!, /\*\*Utilization:\*\* no data/);
      assert.doesNotMatch(byLabel.get('jobs')!.tooltip!, /Utilization|Auto scaling/);
    });
  });

  describe('services', () => {
    const cluster = () => new ClusterNode(setup().ctx, aCluster());

    it('reads running/desired, pending, launch type and rollout state', () => {
      const { ctx } = setup();
      const service = aService('orders-api', {
        desiredCount: 3,
        runningCount: 2,
        pendingCount: 1,
        deployments: [
          {
            status: 'PRIMARY',
            rolloutState: 'IN_PROGRESS',
            rolloutStateReason: 'ECS deployment ecs-svc/1 in progress.',
          },
        ],
      });
      const view = new ServiceNode(cluster(), ctx, 'production', service).view();
      assert.equal(view.description, '2/3 · 1 pending · FARGATE · IN_PROGRESS');
      assert.equal(view.icon?.id, 'sync~spin');
      assert.match(view.tooltip!, /ECS deployment ecs\\-svc\/1 in progress/);
    });

    it('warns when a rollout failed or tasks are missing', () => {
      const { ctx } = setup();
      const failed = aService('email-sender', {
        desiredCount: 1,
        runningCount: 0,
        deployments: [
          { status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' },
        ],
      });
      const short = aService('payments', { desiredCount: 2, runningCount: 1 });
      const failedView = new ServiceNode(cluster(), ctx, 'production', failed).view();
      assert.equal(failedView.icon?.id, 'warning');
      assert.equal(failedView.icon?.color, 'list.errorForeground');
      assert.equal(failedView.description, '0/1 · FARGATE · FAILED');
      assert.equal(
        new ServiceNode(cluster(), ctx, 'production', short).view().icon?.color,
        'list.warningForeground',
      );
      assert.equal(new ServiceNode(cluster(), ctx, 'production', aService('ok')).view().icon?.id, 'pass');
    });

    it('names capacity providers when there is no launch type', () => {
      const { ctx } = setup();
      const spot = aService('batch', {
        launchType: undefined,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      });
      assert.match(new ServiceNode(cluster(), ctx, 'production', spot).view().description!, /FARGATE_SPOT/);
    });

    it('lists its running tasks newest first, then its stopped tasks group', async () => {
      const { ecs, ctx } = setup();
      ecs.tasks.set('production', [
        aTask('aaaaaaaa000000000000000000000000', { startedAt: new Date(NOW - 3600_000) }),
        aTask('bbbbbbbb000000000000000000000000', { startedAt: new Date(NOW - 60_000) }),
        aTask('cccccccc000000000000000000000000', { group: 'service:other' }),
      ]);
      const node = new ServiceNode(cluster(), ctx, 'production', aService('web-frontend'));
      const children = await node.getChildren();
      assert.deepEqual(labels(children), ['bbbbbbbb', 'aaaaaaaa', 'Stopped tasks']);
      assert.deepEqual(ecs.callsTo('listTasks')[0], ['production', { serviceName: 'web-frontend' }]);
    });
  });

  describe('tasks and containers', () => {
    it('shows short id, status, health, task definition and age', () => {
      const { ctx } = setup();
      const view = new TaskNode(new ClusterNode(ctx, aCluster()), ctx, 'production', aTask()).view();
      assert.equal(view.label, '01234567');
      assert.equal(view.description, 'RUNNING · HEALTHY · web-frontend:7 · 15m');
      assert.equal(view.contextValue, ContextValues.taskRunning);
      assert.equal(view.collapsible, 'collapsed');
      assert.match(view.tooltip!, /\*\*CPU \/ memory:\*\* 256 units \/ 512 MiB/);
    });

    it('says why a stopped task stopped, and how long ago', () => {
      const { ctx } = setup();
      const task = aStoppedTask('dddddddd000000000000000000000000', {
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      });
      const view = new TaskNode(new ClusterNode(ctx, aCluster()), ctx, 'production', task).view();
      assert.equal(
        view.description,
        'STOPPED · CannotPullContainerError: pull image manifest has been retried 5 time(s) · 12m ago',
      );
      assert.equal(view.contextValue, ContextValues.taskStopped);
      assert.equal(view.icon?.id, 'error');
      assert.match(view.tooltip!, /\*\*Stop code:\*\* TaskFailedToStart/);
    });

    it('marks a task being stopped as transitional', () => {
      const { ctx } = setup();
      const node = new TaskNode(
        new ClusterNode(ctx, aCluster()),
        ctx,
        'production',
        aTask(undefined, { desiredStatus: 'STOPPED' }),
      );
      assert.equal(node.isTransitional(), true);
      assert.match(node.view().description!, /RUNNING · stopping/);
      node.update(aStoppedTask('0123456789abcdef0123456789abcdef'));
      assert.equal(node.isTransitional(), false);
    });

    it('shows each container with status, exit code and reason', async () => {
      const { ctx } = setup();
      const task = aStoppedTask('eeeeeeee000000000000000000000000', {
        containers: [
          aContainer('web', {
            lastStatus: 'STOPPED',
            exitCode: 137,
            reason: 'OutOfMemoryError: Container killed due to memory usage',
            healthStatus: 'UNKNOWN',
          }),
          aContainer('sidecar', { lastStatus: 'STOPPED', exitCode: 0, healthStatus: 'UNKNOWN' }),
        ],
      });
      const children = await new TaskNode(
        new ClusterNode(ctx, aCluster()),
        ctx,
        'production',
        task,
      ).getChildren();
      assert.deepEqual(
        children.map((c) => [c.view().label, c.view().description, c.view().icon?.id]),
        [
          ['web', 'STOPPED · exit 137 · OutOfMemoryError: Container killed due to memory usage', 'error'],
          ['sidecar', 'STOPPED · exit 0', 'circle-slash'],
        ],
      );
    });

    it('standalone tasks group keeps only tasks no service started', async () => {
      const { ecs, ctx } = setup();
      ecs.tasks.set('production', [
        aTask('11111111000000000000000000000000'),
        aTask('22222222000000000000000000000000', { group: 'family:db-migrate', startedBy: 'vscode' }),
      ]);
      const group = new TaskGroupNode(new ClusterNode(ctx, aCluster()), ctx, 'production', 'standalone');
      assert.deepEqual(labels(await group.getChildren()), ['22222222']);
    });

    it('stopped tasks group asks ECS for STOPPED tasks and says when there are none', async () => {
      const { ecs, ctx } = setup();
      const group = new TaskGroupNode(new ClusterNode(ctx, aCluster()), ctx, 'production', 'stopped');
      assert.deepEqual(labels(await group.getChildren()), ['No tasks stopped in the last hour']);
      assert.deepEqual(ecs.callsTo('listTasks')[0], [
        'production',
        { serviceName: undefined, desiredStatus: 'STOPPED' },
      ]);
    });
  });

  it('escapes Markdown in names and AWS messages', () => {
    const { ctx } = setup();
    const task = aStoppedTask('ffffffff000000000000000000000000', {
      stoppedReason: 'bad *image* [x](http://evil)',
    });
    const tip = new TaskNode(new ClusterNode(ctx, aCluster()), ctx, 'production', task).view().tooltip!;
    assert.ok(tip.includes('bad \\*image\\* \\[x\\]\\(http://evil\\)'), tip);
  });
});
