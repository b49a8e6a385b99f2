import * as assert from 'node:assert/strict';
import { MAX_DESIRED_COUNT, validateDesiredCount } from '../../../src/commands/scaling/scaleServiceInput';

describe('the desired count a user types', () => {
  it('accepts whole numbers from 0 to the per-service quota', () => {
    for (const ok of ['0', '1', ' 12 ', String(MAX_DESIRED_COUNT)])
      assert.equal(validateDesiredCount(ok), undefined, ok);
  });

  it('refuses anything else, saying what to type', () => {
    assert.match(validateDesiredCount('')!, /whole number/);
    assert.match(validateDesiredCount('-1')!, /whole number/);
    assert.match(validateDesiredCount('2.5')!, /whole number/);
    assert.match(validateDesiredCount('three')!, /whole number/);
    assert.match(validateDesiredCount(String(MAX_DESIRED_COUNT + 1))!, /at most 5000/);
  });
});
