import * as assert from 'node:assert/strict';
import type { Service } from '@aws-sdk/client-ecs';
import { DeploySteps } from '../../../../src/workflows/deploy/deploySteps';
import type { DeployTarget } from '../../../../src/workflows/deploy/deployTarget';
import { startRollout } from '../../../../src/workflows/deploy/serviceRollout';
import { FakeEcsGateway } from '../../../fakes/fakeEcsGateway';
import { RecordingReporter, VirtualClock } from './deployTestSupport';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
const MAYBE = 'asked ECS to update service web (it may have started the deployment)';

const target: DeployTarget = {
  name: 'web',
  dockerfile: 'Dockerfile',
  taskDefinitionFile: 'task-definition.json',
  container: 'web',
  repository: 'web',
  cluster: 'prod',
  service: 'web',
};

function gatewayWithService(): { ecs: FakeEcsGateway; existing: Service } {
  const ecs = new FakeEcsGateway();
  const existing: Service = { serviceName: 'web', status: 'ACTIVE', taskDefinition: 'web:1' };
  ecs.services.set('prod', [existing]);
  return { ecs, existing };
}

function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

describe('deploy/serviceRollout cancellation', () => {
  it('hands the signal to UpdateService: an aborted deploy sends no update', async () => {
    const { ecs, existing } = gatewayWithService();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(startRollout(ecs, target, existing, ARN, controller.signal), { name: 'AbortError' });
    assert.deepEqual(ecs.callsTo('updateService'), []);
    assert.equal(existing.taskDefinition, 'web:1');
  });

  it('a cancel before UpdateService is sent changes nothing and claims nothing', async () => {
    const { ecs, existing } = gatewayWithService();
    const controller = new AbortController();
    const reporter = new RecordingReporter();
    reporter.onStart = () => controller.abort();
    const steps = new DeploySteps(reporter, new VirtualClock(), controller.signal);
    const error = await steps
      .run('rollout', 'web', async () => {
        const started = await steps.send(MAYBE, () =>
          startRollout(ecs, target, existing, ARN, controller.signal),
        );
        return { value: started, summary: 'updated' };
      })
      .catch((e: unknown) => e);
    const result = steps.fromError(error);
    assert.equal(result.outcome, 'cancelled');
    assert.deepEqual(ecs.callsTo('updateService'), []);
    assert.deepEqual(result.done, []);
    assert.match(result.message, /Nothing was changed/);
  });

  it('a cancel while UpdateService is in flight says ECS may have started the deployment', async () => {
    const { ecs, existing } = gatewayWithService();
    const controller = new AbortController();
    // The request went out; the answer is lost to the cancel (what the SDK does on abort).
    ecs.updateService = () => {
      controller.abort();
      return Promise.reject(abortError());
    };
    const steps = new DeploySteps(new RecordingReporter(), new VirtualClock(), controller.signal);
    const error = await steps
      .run('rollout', 'web', async () => ({
        value: await steps.send(MAYBE, () => startRollout(ecs, target, existing, ARN, controller.signal)),
        summary: 'updated',
      }))
      .catch((e: unknown) => e);
    const result = steps.fromError(error);
    assert.equal(result.outcome, 'cancelled');
    assert.deepEqual(result.done, [MAYBE]);
    assert.match(result.message, /may have started the deployment/);
    assert.doesNotMatch(result.message, /Nothing was changed/);
  });

  it('a failure that is not a cancel adds nothing to what was done', async () => {
    const { ecs, existing } = gatewayWithService();
    const denied = Object.assign(new Error('User is not authorized to perform: ecs:UpdateService'), {
      name: 'AccessDeniedException',
    });
    ecs.failNext('updateService', denied);
    const steps = new DeploySteps(new RecordingReporter(), new VirtualClock(), new AbortController().signal);
    const error = await steps
      .run('rollout', 'web', async () => ({
        value: await steps.send(MAYBE, () =>
          startRollout(ecs, target, existing, ARN, new AbortController().signal),
        ),
        summary: 'updated',
      }))
      .catch((e: unknown) => e);
    const result = steps.fromError(error);
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(result.done, []);
  });
});
