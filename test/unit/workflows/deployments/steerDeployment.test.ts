import * as assert from 'node:assert/strict';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { planSteer, steer } from '../../../../src/workflows/deployments/steerDeployment';
import { FakeServiceDeploymentsGateway } from '../../../fakes/fakeServiceDeploymentsGateway';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/AbC';
const running: ServiceDeployment = {
  serviceDeploymentArn: ARN,
  status: 'IN_PROGRESS',
  lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
};
const paused: ServiceDeployment = {
  ...running,
  lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
  lifecycleHookDetails: [{ hookId: 'hook-1', targetType: 'PAUSE', status: 'AWAITING_ACTION' }],
};

async function run(d: ServiceDeployment, action: 'rollBack' | 'continue') {
  const gateway = new FakeServiceDeploymentsGateway();
  const planned = planSteer(d, action);
  if ('refusal' in planned) return { refusal: planned.refusal, calls: gateway.calls };
  await steer(gateway, d, planned.plan);
  return { calls: gateway.calls };
}

describe('steering a service deployment', () => {
  it('rolls back a deployment in progress with StopServiceDeployment ROLLBACK', async () => {
    const { calls } = await run(running, 'rollBack');
    assert.deepEqual(calls, [{ method: 'stopServiceDeployment', args: [ARN, 'ROLLBACK'] }]);
  });

  it('at a paused hook, Roll Back and Continue answer the hook by its id', async () => {
    assert.deepEqual((await run(paused, 'rollBack')).calls, [
      { method: 'continueServiceDeployment', args: [ARN, 'hook-1', 'ROLLBACK'] },
    ]);
    assert.deepEqual((await run(paused, 'continue')).calls, [
      { method: 'continueServiceDeployment', args: [ARN, 'hook-1', 'CONTINUE'] },
    ]);
  });

  it('refuses what the state does not allow, before any call', async () => {
    const notPaused = await run(running, 'continue');
    assert.match(notPaused.refusal ?? '', /not paused at a lifecycle hook/);
    assert.deepEqual(notPaused.calls, []);
    const done = await run({ ...running, status: 'SUCCESSFUL' }, 'rollBack');
    assert.match(done.refusal ?? '', /is SUCCESSFUL: only a deployment in progress/);
  });
});
