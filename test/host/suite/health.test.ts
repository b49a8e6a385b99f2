// Runs last (see index.ts): nothing the whole run did made the extension log an error.
import * as assert from 'node:assert/strict';
import { capturedErrors, loggedErrors, sleep } from './helpers';

describe('health', () => {
  it('the extension logged no error (console.error and the host’s log files)', async () => {
    await sleep(500); // log files are written asynchronously
    const errors = [...capturedErrors.map((e) => `console.error: ${e}`), ...loggedErrors()];
    if (errors.length > 0) assert.fail(`errors logged:\n${errors.join('\n')}`);
  });
});
