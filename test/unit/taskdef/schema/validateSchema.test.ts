import * as assert from 'node:assert/strict';
import { parse, parseTree } from 'jsonc-parser';
import type { Problem } from '../../../../src/taskdef/problems';
import { validateAgainstSchema } from '../../../../src/taskdef/schema/validateSchema';
import { describeOutput, fargateTaskDefinition } from './schemaFixtures';

/** Validates `text` as the CLI and the validator do (jsonc-parser tree + value). */
function check(text: string): Problem[] {
  return validateAgainstSchema(text, parseTree(text), parse(text));
}

/** What each problem marks in the text, with its message. */
function marked(text: string): Array<[string, string]> {
  return check(text).map((p) => [text.slice(p.offset, p.offset + p.length), p.message]);
}

const TEXT = `{
  "family": "web",
  "networkMode": "AWSVPC",
  "requiresCompatibilities": ["FARGATE", "fargate"],
  "cpu": 256,
  "memory": "2 GiB",
  "containerDefinitions": [
    {
      "name": "web",
      "imag": "nginx",
      "healthCheck": { "command": ["CMD", "true"], "timeout": 61 },
      "portMappings": [{ "containerPort": 80, "hostPort": 70000 }],
      "dockerLabels": { "team": 1 }
    },
    { "image": "busybox", "command": ["sh", 2] }
  ],
  "foo": true
}`;

describe('validateAgainstSchema', function () {
  this.timeout(30_000);

  it('reports nothing for a realistic Fargate task definition or a describe-task-definition output', () => {
    assert.deepEqual(check(JSON.stringify(fargateTaskDefinition, null, 2)), []);
    assert.deepEqual(check(JSON.stringify(describeOutput, null, 2)), []);
  });

  it('marks the exact text of each problem, with a message that says what to write', () => {
    assert.deepEqual(marked(TEXT), [
      [
        '"AWSVPC"',
        '`networkMode` must be one of `awsvpc`, `bridge`, `host`, `none` (did you mean `awsvpc`?)',
      ],
      [
        '"fargate"',
        '`requiresCompatibilities[1]` must be one of `EC2`, `EXTERNAL`, `FARGATE`, `MANAGED_INSTANCES` (did you mean `FARGATE`?)',
      ],
      ['256', '`cpu` must be a string such as "256" or "1 vCPU"'],
      ['"2 GiB"', '`memory` must be MiB such as "512" or "2048", or GB such as "2 GB" or "2GB"'],
      ['{', 'missing required property `image` in container definition `web`'],
      ['"imag"', 'unknown property `imag` in container definition `web` (did you mean `image`?)'],
      ['61', '`timeout` in a health check must be between 2 and 60 (it is 61)'],
      ['70000', '`hostPort` in a port mapping must be between 0 and 65535 (it is 70000)'],
      ['1', '`team` in `dockerLabels` must be a string'],
      ['{', 'missing required property `name` in a container definition'],
      ['2', '`command[1]` in a container definition must be a string'],
      ['"foo"', 'unknown property `foo` in the task definition'],
    ]);
  });

  it('gives every problem the schema rule id, error severity and an offset into the text', () => {
    const problems = check(TEXT);
    assert.ok(problems.length > 0);
    for (const p of problems) {
      assert.equal(p.ruleId, 'schema');
      assert.equal(p.severity, 'error');
      assert.ok(p.offset >= 0 && p.offset + p.length <= TEXT.length);
      assert.match(
        p.docsUrl!,
        /^https:\/\/docs\.aws\.amazon\.com\/AmazonECS\/latest\/APIReference\/API_\w+\.html$/,
      );
    }
    const missingImage = problems.find((p) => p.message.startsWith('missing required property `image`'))!;
    assert.equal(missingImage.offset, TEXT.indexOf('{\n      "name": "web"'));
    assert.equal(
      missingImage.docsUrl,
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html',
    );
  });

  it('puts a missing member on the key of the object that lacks it', () => {
    const text =
      '{ "family": "x", "containerDefinitions": [{ "name": "a", "image": "b", "healthCheck": { "interval": 10 } }] }';
    const [problem] = check(text);
    assert.equal(problem?.message, 'missing required property `command` in a health check');
    assert.equal(text.slice(problem.offset, problem.offset + problem.length), '"healthCheck"');
  });

  it('marks the first character of a document that misses family and containerDefinitions', () => {
    assert.deepEqual(marked('  {}'), [
      ['{', 'missing required property `family` in the task definition'],
      ['{', 'missing required property `containerDefinitions` in the task definition'],
    ]);
  });

  it('marks an array by its key (too many containers) and a scalar by its value', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: 'x' }));
    const text = JSON.stringify({ family: 'x', containerDefinitions: eleven, runtimePlatform: 'LINUX' });
    assert.deepEqual(marked(text), [
      ['"containerDefinitions"', '`containerDefinitions` must have at most 10 items (it has 11)'],
      ['"LINUX"', '`runtimePlatform` must be an object'],
    ]);
  });

  it('reports the wrong type once, not the enum or pattern of the same value too', () => {
    assert.deepEqual(
      marked('{ "family": 7, "networkMode": 1, "containerDefinitions": [{ "name": "a", "image": "b" }] }'),
      [
        ['7', '`family` must be a string'],
        ['1', '`networkMode` must be a string'],
      ],
    );
  });

  it('uses the last of repeated keys (what the parsed value holds), and decodes escaped keys', () => {
    const text =
      '{ "family": "x", "containerDefinitions": [{ "name": "a", "image": "b" }], "cpu": 1, "cpu": "1 vCPU", "fo\\u006f": 1 }';
    assert.deepEqual(marked(text), [['"fo\\u006f"', 'unknown property `foo` in the task definition']]);
  });

  it('checks the task definition inside a describe-task-definition output', () => {
    const text = JSON.stringify(
      { taskDefinition: { ...describeOutput.taskDefinition, cpu: 256 }, tags: [] },
      null,
      1,
    );
    assert.deepEqual(marked(text), [['256', '`cpu` must be a string such as "256" or "1 vCPU"']]);
  });

  it('does not throw without a syntax tree (unparseable text), nor for a document that is not an object', () => {
    assert.deepEqual(
      validateAgainstSchema('', undefined, undefined).map((p) => [p.offset, p.length]),
      [[0, 0]],
    );
    assert.deepEqual(marked('[1]'), [['[', 'the task definition must be an object']]);
  });
});
