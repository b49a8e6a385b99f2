import { vscodeStub } from '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../src/shared/logger';
import { registerCommand } from '../../../src/ui/runCommand';

function throttled(): Error {
  const error = new Error('Rate exceeded');
  error.name = 'ThrottlingException';
  return error;
}

describe('registerCommand', () => {
  beforeEach(() => vscodeStub.reset());

  it('shows a failure of "Retry" like the first one instead of rejecting the command', async () => {
    let calls = 0;
    const registration = registerCommand(
      'ecsFargate.test',
      'Listing clusters',
      { logger: silentLogger, redact: (t) => t },
      () => {
        calls++;
        return Promise.reject(throttled());
      },
    );
    try {
      vscodeStub.errorAnswers.push('Retry', undefined); // retry once, then dismiss
      const command = vscodeStub.commands.get('ecsFargate.test')!;
      await assert.doesNotReject(Promise.resolve(command()));
      assert.equal(calls, 2, 'the retry ran');
      assert.equal(vscodeStub.errorMessages.length, 2, 'the second failure was shown too');
      assert.match(vscodeStub.errorMessages[1]!.message, /^Listing clusters/);
    } finally {
      registration.dispose();
    }
  });
});
