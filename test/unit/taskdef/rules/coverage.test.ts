/** Every registered rule has a passing and a failing case in this folder (see ruleCases in helpers.ts). */
import * as assert from 'node:assert/strict';
import { ALL_RULES, ruleById } from '../../../../src/taskdef/rules/index';
import { exercisedRules } from './helpers';
// Loaded here too so the check holds when this file runs alone (mocha's require cache keeps one copy).
import './awslogs.test';
import './containers.test';
import './cpuMemory.test';
import './duplicateKeys.test';
import './executionRole.test';
import './healthCheck.test';
import './network.test';
import './outputOnly.test';
import './platform.test';
import './ports.test';
import './resources.test';
import './secrets.test';
import './unsupported.test';

describe('rule registry', () => {
  it('has a pass and a fail case for every rule', () => {
    const ids = ALL_RULES.map((r) => r.id);
    assert.deepEqual(
      ids.filter((id) => !exercisedRules.has(id)),
      [],
    );
  });

  it('has unique ids, AWS documentation links and descriptions', () => {
    const ids = ALL_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ruleById('fargate-cpu-memory')?.severity, 'error');
    for (const r of ALL_RULES) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.match(r.docsUrl, /^https:\/\/docs\.aws\.amazon\.com\//);
      assert.ok(r.description.length > 10, r.id);
    }
  });
});
