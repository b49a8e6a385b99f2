import * as assert from 'node:assert/strict';
import { validateTaskDefinition } from '../../../../src/taskdef/validateTaskDefinition';
import {
  applyEveryFix,
  applyFix,
  baseTaskDef,
  doc,
  parseDoc,
  parses,
  problemsOf,
  ruleCases,
} from './helpers';

const described = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
  ...baseTaskDef(),
  revision: 3,
  status: 'ACTIVE',
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
  compatibilities: ['EC2', 'FARGATE'],
  registeredAt: '2025-03-04T10:11:12.123000+00:00',
  registeredBy: 'arn:aws:sts::123456789012:assumed-role/deployer/ci',
};
const tags = [{ key: 'team', value: 'web' }];
/** What `aws ecs describe-task-definition --include TAGS` prints (4-space JSON). */
const describeOutput = `${JSON.stringify({ taskDefinition: described, tags }, null, 4)}\n`;

ruleCases('output-only-field', {
  pass: [['a registrable definition', doc()]],
  fail: [
    ['revision', doc((td) => (td.revision = 3)), '"revision"'],
    ['registeredAt', doc((td) => (td.registeredAt = '2025-01-01T00:00:00Z')), '"registeredAt"'],
  ],
});

ruleCases('describe-output-wrapper', {
  pass: [['a task definition', doc()]],
  fail: [['describe-task-definition output, at the taskDefinition key', describeOutput, '"taskDefinition"']],
});

describe('output-only quick fixes', () => {
  it('removes one field, or all of them at once, leaving valid JSON with the same indentation', () => {
    const text = `${JSON.stringify(described, null, 2)}\n`;
    const found = problemsOf(text, 'output-only-field');
    assert.equal(found.length, 7);
    for (const p of found) {
      assert.equal(p.fixes![0]!.isPreferred, true);
      applyFix(text, 'output-only-field', p.fixes![0]!);
    }
    const all = found[0]!.fixes!.find((f) => f.title === 'Remove all output-only fields')!;
    const fixed = applyFix(text, 'output-only-field', all);
    assert.equal(fixed, doc());
  });

  it('reports a pasted describe-task-definition output once, and nothing else', () => {
    const problems = validateTaskDefinition(describeOutput, { schema: false });
    assert.deepEqual(
      problems.map((p) => p.ruleId),
      ['describe-output-wrapper'],
    );
    assert.equal(
      problems[0]!.message,
      'This is describe-task-definition output, not a task definition: move the contents of "taskDefinition" to the top level, keeping "tags" at the top level and drop "taskDefinitionArn", "revision", "status" and 4 more.',
    );
  });

  it("unwraps it, keeping tags at the top level and the author's indentation; the preferred fix also drops output-only fields", () => {
    const [p] = problemsOf(describeOutput, 'describe-output-wrapper');
    assert.deepEqual(
      p!.fixes!.map((f) => [f.title, f.isPreferred]),
      [
        ['Unwrap "taskDefinition" and remove the output-only fields', true],
        ['Unwrap "taskDefinition"', false],
      ],
    );
    const [clean, unwrapped] = applyEveryFix(describeOutput, 'describe-output-wrapper');
    assert.equal(clean, `${JSON.stringify({ ...baseTaskDef(), tags }, null, 4)}\n`);
    assert.deepEqual(validateTaskDefinition(clean), []);
    assert.equal(unwrapped, `${JSON.stringify({ ...described, tags }, null, 4)}\n`);
    assert.equal(problemsOf(unwrapped, 'output-only-field').length, 7);
  });

  it('unwraps without tags when there are none, and a one-line paste too', () => {
    const noTags = `${JSON.stringify({ taskDefinition: baseTaskDef(), tags: [] }, null, 2)}\n`;
    const [fixed] = applyEveryFix(noTags, 'describe-output-wrapper');
    assert.equal(fixed, doc());
    const oneLine = JSON.stringify({ taskDefinition: { ...baseTaskDef(), revision: 1 }, tags });
    for (const f of problemsOf(oneLine, 'describe-output-wrapper')[0]!.fixes!) {
      const out = applyFix(oneLine, 'describe-output-wrapper', f);
      assert.ok(parses(out));
      assert.deepEqual(parseDoc(out).tags, tags);
    }
  });
});
