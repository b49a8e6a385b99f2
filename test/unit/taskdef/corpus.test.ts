/**
 * The fixture corpus: realistic valid Fargate definitions that must give no error, and definitions
 * with one defect each that must give exactly that error on the line in expectations.json. Every
 * quick fix offered on the defective ones must leave valid JSON without that problem.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { positionAt } from '../../../src/taskdef/problems';
import { findTaskDefinitionSchemaFile } from '../../../src/taskdef/schema/loadSchema';
import { isCi } from '../../support/ci';
import { INTERNAL_ERROR_RULE_ID, validateTaskDefinition } from '../../../src/taskdef/validateTaskDefinition';
import { applyFix } from './rules/helpers';

const root = path.resolve(__dirname, '../../../../test/fixtures/taskdefs');
const read = (dir: string, file: string) => fs.readFileSync(path.join(root, dir, file), 'utf8');
const list = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
const expectations = JSON.parse(fs.readFileSync(path.join(root, 'expectations.json'), 'utf8')) as Record<
  string,
  { ruleId: string; line: number }
>;
const withSchema = findTaskDefinitionSchemaFile() !== undefined;

describe('task definition corpus', () => {
  before(function () {
    if (!withSchema && isCi())
      assert.fail('dist/task-definition.schema.json is missing: run npm run build first');
  });

  it('has at least 25 valid and 25 invalid definitions, each invalid one with an expectation', () => {
    assert.ok(list('valid').length >= 25, `${list('valid').length} valid`);
    assert.ok(list('invalid').length >= 25, `${list('invalid').length} invalid`);
    assert.deepEqual(list('invalid'), Object.keys(expectations).sort());
  });

  describe('valid', () => {
    for (const file of list('valid')) {
      it(`${file}: no error`, () => {
        const problems = validateTaskDefinition(read('valid', file), { schema: withSchema });
        assert.deepEqual(
          problems
            .filter((p) => p.severity === 'error' || p.ruleId === INTERNAL_ERROR_RULE_ID)
            .map((p) => `${p.ruleId}: ${p.message}`),
          [],
        );
      });
    }
  });

  describe('invalid', () => {
    for (const file of list('invalid')) {
      const expected = expectations[file]!;
      it(`${file}: ${expected.ruleId} on line ${expected.line}, and nothing else`, () => {
        const text = read('invalid', file);
        const errors = validateTaskDefinition(text, { schema: withSchema })
          .filter((p) => p.severity === 'error')
          .map((p) => ({ ruleId: p.ruleId, line: positionAt(text, p.offset).line + 1 }));
        assert.deepEqual(errors, [expected]);
      });
    }
  });

  it('every quick fix on the invalid corpus removes its problem and leaves valid JSON', () => {
    let applied = 0;
    for (const file of list('invalid')) {
      const text = read('invalid', file);
      for (const p of validateTaskDefinition(text)) {
        for (const fix of p.fixes ?? []) {
          applyFix(text, p.ruleId, fix);
          applied++;
        }
      }
    }
    assert.ok(applied >= 20, `${applied} fixes applied`);
  });
});
