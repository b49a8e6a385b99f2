import * as assert from 'node:assert/strict';
import { BuildError } from '../../../../src/docker/dockerErrors';
import { DeploySteps, withoutStepLead } from '../../../../src/workflows/deploy/deploySteps';
import { RecordingReporter, VirtualClock } from './deployTestSupport';

describe('a failed deploy step is named once', () => {
  it('a build failure says "Build the image failed" once, in the result and in the channel', async () => {
    const reporter = new RecordingReporter();
    const steps = new DeploySteps(reporter, new VirtualClock(), new AbortController().signal);
    let result;
    try {
      await steps.run('build', undefined, () =>
        Promise.reject(
          new BuildError('pull access denied for nope, repository does not exist', undefined, '', 'no base'),
        ),
      );
    } catch (error) {
      result = steps.fromError(error);
    }
    assert.ok(result);
    assert.equal(result.outcome, 'failed');
    assert.equal((result.message.match(/Build the image failed/g) ?? []).length, 1, result.message);
    assert.match(
      result.message,
      /^Build the image failed: The image build failed — no base: pull access denied/,
    );
    assert.equal(reporter.lines.filter((l) => /Build the image failed: Build the image/.test(l)).length, 0);
  });

  it('strips only a lead that repeats the step', () => {
    assert.equal(withoutStepLead('Push the image failed — no network: x', 'Push the image'), 'no network: x');
    assert.equal(withoutStepLead('Register failed: x', 'Build the image'), 'Register failed: x');
  });
});
