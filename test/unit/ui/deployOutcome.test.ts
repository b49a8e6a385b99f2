import '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import { resultMessage } from '../../../src/commands/deploy/deployOutcome';
import type { DeployTarget } from '../../../src/workflows/deploy/deployTarget';
import type { DeployResult } from '../../../src/workflows/deploy/deployTypes';

const TARGET: DeployTarget = {
  name: 'web',
  dockerfile: 'Dockerfile',
  taskDefinitionFile: 'task-definition.json',
  container: 'web',
  repository: 'web',
  cluster: 'prod',
  service: 'web',
};

function result(over: Partial<DeployResult>): DeployResult {
  return { outcome: 'succeeded', message: '', done: [], timings: [{ step: 'wait', ms: 102_000 }], ...over };
}

describe('deploy result message', () => {
  it('success names the image, the service, COMPLETED and the time', () => {
    const text = resultMessage(TARGET, result({ imageUri: 'r/web@sha256:abc' }));
    assert.equal(text, 'Deployed r/web@sha256:abc to web: COMPLETED in 1m 42s');
  });

  it('a failure names the step once, then the reason', () => {
    const text = resultMessage(
      TARGET,
      result({
        outcome: 'failed',
        step: 'validate',
        message: 'Validate the task definition failed: 1 error in the task definition',
      }),
    );
    assert.equal(
      text,
      'Deploy of web failed at step "Validate the task definition": 1 error in the task definition',
    );
  });

  it('a cancel lists what was done and says nothing was rolled back', () => {
    const text = resultMessage(
      TARGET,
      result({ outcome: 'cancelled', step: 'wait', done: ['pushed r/web@sha256:abc', 'registered web:3'] }),
    );
    assert.match(
      text,
      /cancelled at "Wait for the rollout"\. Done before the stop: pushed .*; registered web:3\./,
    );
    assert.match(text, /Nothing was rolled back\.$/);
  });
});
