import * as assert from 'node:assert/strict';
import type { Node } from 'jsonc-parser';
import { applyEdits, positionAt, type Problem } from '../../../src/taskdef/problems';
import type { Rule } from '../../../src/taskdef/rules/ruleContext';
import { findTaskDefinitionSchemaFile } from '../../../src/taskdef/schema/loadSchema';
import { isCi } from '../../support/ci';
import { looksLikeTaskDefinition, validateTaskDefinition } from '../../../src/taskdef/validateTaskDefinition';
import { doc, parses, web } from './rules/helpers';

function at(text: string, p: Problem): string {
  const { line, character } = positionAt(text, p.offset);
  return `${line + 1}:${character + 1}`;
}

describe('validateTaskDefinition', () => {
  it('finds nothing in a valid Fargate definition', () => {
    assert.deepEqual(validateTaskDefinition(doc()), []);
  });

  it('reports a trailing comma at the comma, with a fix', () => {
    const text = '{\n  "family": "web",\n  "cpu": "256",\n}\n';
    const problems = validateTaskDefinition(text).filter((p) => p.ruleId === 'json-syntax');
    assert.equal(problems.length, 1);
    assert.equal(at(text, problems[0]!), '3:15');
    assert.match(problems[0]!.message, /Trailing comma/);
    assert.ok(parses(applyEdits(text, problems[0]!.fixes![0]!.edits)));
  });

  it('reports a missing comma, a comment and an unterminated string where they are', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['{\n  "family": "web"\n  "cpu": "256"\n}', '3:3', /Expected ","/],
      ['{\n  // the web app\n  "family": "web"\n}', '2:3', /Comments are not allowed/],
      ['{\n  "family": "web\n}', '2:13', /Unterminated string|Invalid character/],
      ['', '1:1', /empty/],
    ];
    for (const [text, position, message] of cases) {
      const first = validateTaskDefinition(text).find((p) => p.ruleId === 'json-syntax')!;
      assert.ok(first, text);
      assert.equal(at(text, first), position, text);
      assert.match(first.message, message);
    }
  });

  it('still runs the rules when the root is an object, and stops when it is not', () => {
    const text = doc((td) => (td.networkMode = 'bridge')).replace('"family": "web",', '"family": "web",,');
    const ids = validateTaskDefinition(text).map((p) => p.ruleId);
    assert.ok(ids.includes('json-syntax') && ids.includes('fargate-network-mode'), ids.join());
    assert.deepEqual(
      validateTaskDefinition('[{"family": "web"}]').map((p) => [p.ruleId, p.offset]),
      [['json-not-object', 0]],
    );
    assert.deepEqual(
      validateTaskDefinition('"web"').map((p) => p.ruleId),
      ['json-not-object'],
    );
  });

  it('sorts problems by offset, errors first at the same offset', () => {
    const text = doc((td) => {
      td.revision = 1;
      td.networkMode = 'host';
      web(td).privileged = true;
      delete td.requiresCompatibilities;
    });
    const problems = validateTaskDefinition(text);
    const offsets = problems.map((p) => p.offset);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
    );
    assert.ok(problems.length >= 4);
  });

  it('runs an injected schema step with the tree and the value, keeping the rule message where both report', () => {
    const text = doc((td) => (td.ephemeralStorage = { sizeInGiB: 10 }));
    let seen: { root: Node; value: unknown } | undefined;
    const problems = validateTaskDefinition(text, {
      schemaValidator: (t, root, value) => {
        seen = { root, value };
        const node = text.indexOf('10');
        return [
          {
            ruleId: 'schema',
            severity: 'error',
            message: 'sizeInGiB must be between 21 and 200',
            offset: node,
            length: 2,
          },
          {
            ruleId: 'schema',
            severity: 'error',
            message: 'unknown property',
            offset: t.indexOf('"family"'),
            length: 8,
          },
        ];
      },
    });
    assert.equal(seen!.root.type, 'object');
    assert.equal((seen!.value as { family: string }).family, 'web');
    assert.deepEqual(
      problems.map((p) => p.ruleId),
      ['schema', 'ephemeral-storage-range'],
    );
  });

  it('turns a failing rule into a warning instead of failing validation', () => {
    const broken: Rule = {
      id: 'broken',
      severity: 'error',
      docsUrl: 'https://docs.aws.amazon.com/',
      description: 'throws',
      check: () => {
        throw new Error('boom');
      },
    };
    assert.deepEqual(
      validateTaskDefinition(doc(), { rules: [broken] }).map((p) => [p.ruleId, p.severity, p.message]),
      [['internal-error', 'warning', 'Rule broken failed: boom']],
    );
  });

  it('checks the JSON schema too with schema: true', function () {
    if (!findTaskDefinitionSchemaFile()) {
      if (isCi()) assert.fail('dist/task-definition.schema.json is missing: run npm run build first');
      this.skip();
    }
    const text = doc((td) => ((td.famly = 'x'), (td.cpu = 256)));
    const problems = validateTaskDefinition(text, { schema: true });
    const schema = problems.filter((p) => p.ruleId === 'schema');
    assert.ok(
      schema.some((p) => text.slice(p.offset, p.offset + p.length) === '"famly"'),
      JSON.stringify(schema),
    );
    assert.ok(
      schema.some((p) => text.slice(p.offset, p.offset + p.length) === '256'),
      JSON.stringify(schema),
    );
    assert.deepEqual(validateTaskDefinition(doc(), { schema: true }), []);
  });
});

describe('looksLikeTaskDefinition', () => {
  it('recognises the usual file names', () => {
    for (const name of [
      '/repo/task-definition.json',
      '/repo/deploy/web-task-definition.prod.json',
      'C:\\repo\\ecs\\taskdef.json',
      '/repo/api-taskdef.json',
      '/repo/infra/Task-Def-Staging.json',
      '/repo/.aws/web.json',
    ]) {
      assert.ok(looksLikeTaskDefinition(name, '{}'), name);
    }
    for (const name of [
      '/repo/package.json',
      '/repo/.aws/nested/web.json',
      '/repo/task-definition.yaml',
      '/repo/tsconfig.json',
    ]) {
      assert.ok(!looksLikeTaskDefinition(name, '{"name": "x"}'), name);
    }
  });

  it('recognises a top-level containerDefinitions, also inside a describe output, but not deeper', () => {
    assert.ok(looksLikeTaskDefinition('/repo/web.json', '{"family": "web", "containerDefinitions": []}'));
    assert.ok(looksLikeTaskDefinition('/repo/web.json', '{"taskDefinition": {"containerDefinitions": []}}'));
    assert.ok(!looksLikeTaskDefinition('/repo/web.json', '{"x": {"containerDefinitions": []}}'));
    assert.ok(!looksLikeTaskDefinition('/repo/web.json', '["containerDefinitions"]'));
    assert.ok(!looksLikeTaskDefinition('/repo/web.json', '{"a": ["b", "containerDefinitions"]}'));
  });

  it('takes extra globs in VS Code syntax', () => {
    assert.ok(looksLikeTaskDefinition('/repo/deploy/web.json', '{}', ['**/deploy/*.json']));
    assert.ok(looksLikeTaskDefinition('/repo/web.ecs.json', '{}', ['*.ecs.json']));
    assert.ok(looksLikeTaskDefinition('/repo/ecs/prod/api.json', '{}', ['ecs/**/*.{json,jsonc}']));
    assert.ok(!looksLikeTaskDefinition('/repo/deploy/web.json', '{}', ['**/ecs/*.json']));
  });
});
