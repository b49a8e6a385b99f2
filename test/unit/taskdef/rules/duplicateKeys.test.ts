import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, ruleCases } from './helpers';

const twice = doc().replace('"cpu": "256",', '"cpu": "1024",\n  "cpu": "256",');

ruleCases('json-duplicate-key', {
  pass: [['no repeated key', doc()]],
  fail: [
    ['cpu twice: the first (ignored) one is reported', twice, '"cpu"'],
    [
      'in a nested object',
      doc().replace('"essential": true,', '"essential": false,\n      "essential": true,'),
      '"essential"',
    ],
  ],
});

describe('duplicate key quick fix', () => {
  it('removes the ignored occurrence, which does not change what ECS reads', () => {
    const [fixed] = applyEveryFix(twice, 'json-duplicate-key');
    assert.equal(fixed, doc());
  });
});
