import * as assert from 'node:assert/strict';
import { consoleUrls } from '../../../src/explorer/consoleUrls';
import { ClusterNode } from '../../../src/explorer/nodes/clusterNode';
import { ServiceNode } from '../../../src/explorer/nodes/serviceNode';
import { TaskNode } from '../../../src/explorer/nodes/taskNode';
import { aCluster, aService, aTask, NOW } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

describe('AWS console links', () => {
  const ctx = { ecs: new FakeEcsGateway(), region: 'eu-west-3', now: () => NOW };
  const cluster = new ClusterNode(ctx, aCluster('prod cluster'));

  it('open the resource in its own region, whatever the console last used', () => {
    assert.equal(
      cluster.consoleUrl(),
      'https://eu-west-3.console.aws.amazon.com/ecs/v2/clusters/prod%20cluster/services?region=eu-west-3',
    );
    const service = new ServiceNode(cluster, ctx, 'prod cluster', aService('web'));
    assert.equal(
      service.consoleUrl(),
      'https://eu-west-3.console.aws.amazon.com/ecs/v2/clusters/prod%20cluster/services/web/health?region=eu-west-3',
    );
    const task = new TaskNode(service, ctx, 'prod cluster', aTask('0123456789abcdef0123456789abcdef'));
    assert.equal(
      task.consoleUrl(),
      'https://eu-west-3.console.aws.amazon.com/ecs/v2/clusters/prod%20cluster/tasks/0123456789abcdef0123456789abcdef/configuration?region=eu-west-3',
    );
  });

  it('link a task definition revision', () => {
    assert.equal(
      consoleUrls.taskDefinition('us-east-1', 'web', 7),
      'https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/7/containers?region=us-east-1',
    );
  });
});
