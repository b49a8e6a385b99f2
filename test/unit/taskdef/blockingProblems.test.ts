import * as assert from 'node:assert/strict';
import {
  blockingProblems,
  PLACEHOLDER_RULE_ID,
  taskDefinitionProblems,
} from '../../../src/taskdef/blockingProblems';
import { ACCOUNT_ID_PLACEHOLDER } from '../../../src/taskdef/rules/executionRole';
import { validateFile } from '../../../src/workflows/deploy/deployPlan';

function taskDefinition(extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true }],
      ...extra,
    },
    null,
    2,
  );
}

describe('taskdef/blockingProblems', () => {
  it('a valid file has no blocking problems', () => {
    assert.deepEqual(blockingProblems(taskDefinition()), []);
  });

  it('refuses every account-id placeholder, where it is', () => {
    const text = taskDefinition({
      executionRoleArn: `arn:aws:iam::${ACCOUNT_ID_PLACEHOLDER}:role/ecsTaskExecutionRole`,
      taskRoleArn: `arn:aws:iam::${ACCOUNT_ID_PLACEHOLDER}:role/app`,
    });
    const placeholders = blockingProblems(text).filter((p) => p.ruleId === PLACEHOLDER_RULE_ID);
    assert.equal(placeholders.length, 2);
    for (const p of placeholders)
      assert.equal(text.slice(p.offset, p.offset + p.length), ACCOUNT_ID_PLACEHOLDER);
  });

  it('checks the schema (an unknown member is an error ECS would answer with)', () => {
    const problems = blockingProblems(taskDefinition({ famly: 'typo' }));
    assert.ok(
      problems.some((p) => p.ruleId === 'schema'),
      JSON.stringify(problems),
    );
  });

  it('keeps only errors, sorted by offset', () => {
    const text = taskDefinition({
      famly: 'typo',
      taskRoleArn: `arn:aws:iam::${ACCOUNT_ID_PLACEHOLDER}:role/a`,
    });
    const problems = blockingProblems(text);
    assert.ok(problems.length >= 2);
    assert.ok(problems.every((p) => p.severity === 'error'));
    const offsets = problems.map((p) => p.offset);
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => a - b),
    );
    assert.ok(taskDefinitionProblems(text).every((p) => p.ruleId !== PLACEHOLDER_RULE_ID));
  });

  it('the deploy refuses what the schema refuses, before anything is built', () => {
    assert.throws(
      () => validateFile('/w/task-definition.json', taskDefinition({ famly: 'typo' }), 'web'),
      /error/,
    );
  });

  it('the deploy accepts the placeholder in the image it replaces', () => {
    const text = taskDefinition({
      containerDefinitions: [
        {
          name: 'web',
          image: `${ACCOUNT_ID_PLACEHOLDER}.dkr.ecr.us-east-1.amazonaws.com/web:latest`,
          essential: true,
        },
      ],
    });
    assert.equal(validateFile('/w/task-definition.json', text, 'web').file, '/w/task-definition.json');
  });

  it('the deploy refuses the placeholder anywhere else (before the build, not at Register)', () => {
    const image = `${ACCOUNT_ID_PLACEHOLDER}.dkr.ecr.us-east-1.amazonaws.com/web:latest`;
    const withRole = taskDefinition({
      executionRoleArn: `arn:aws:iam::${ACCOUNT_ID_PLACEHOLDER}:role/ecsTaskExecutionRole`,
      containerDefinitions: [{ name: 'web', image, essential: true }],
    });
    assert.throws(() => validateFile('/w/task-definition.json', withRole, 'web'), /placeholder/);
    // The image of another container is not replaced by this deploy.
    const twoContainers = taskDefinition({
      containerDefinitions: [
        { name: 'web', image, essential: true },
        { name: 'sidecar', image, essential: false },
      ],
    });
    assert.throws(() => validateFile('/w/task-definition.json', twoContainers, 'web'), /placeholder/);
    assert.doesNotThrow(() =>
      validateFile(
        '/w/task-definition.json',
        twoContainers.replace(/"sidecar"[^}]*/, '"sidecar", "image": "busybox", "essential": false'),
        'web',
      ),
    );
  });
});
