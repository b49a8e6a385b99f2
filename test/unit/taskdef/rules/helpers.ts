/**
 * Helpers for the task-definition rule tests: a valid Fargate definition to start from, documents
 * with one change, the exact range a problem covers, and applying its quick fixes.
 */
import * as assert from 'node:assert/strict';
import { parseTree, type ParseError } from 'jsonc-parser';
import { applyEdits, type Fix, type Problem } from '../../../../src/taskdef/problems';
import { validateTaskDefinition } from '../../../../src/taskdef/validateTaskDefinition';

/** The parts of a task definition the tests reach into; everything else through the index signature. */
export interface LogConfiguration {
  logDriver?: string;
  options?: Record<string, string>;
  secretOptions?: Array<{ name: string; valueFrom: string }>;
}
export interface Container {
  [key: string]: unknown;
  name?: string;
  image?: string;
  portMappings?: Array<{ containerPort?: number; hostPort?: number; protocol?: string }>;
  logConfiguration?: LogConfiguration;
  healthCheck?: { command?: string[]; [key: string]: unknown };
  linuxParameters?: { capabilities?: { add?: string[]; drop?: string[] }; [key: string]: unknown };
  resourceRequirements?: Array<{ type: string; value: string }>;
  secrets?: Array<{ name: string; valueFrom: string }>;
}
export interface TaskDef {
  [key: string]: unknown;
  containerDefinitions: Container[];
}
export type Json = TaskDef;

/** Parses a document the tests produced. */
export function parseDoc(text: string): TaskDef {
  return JSON.parse(text) as TaskDef;
}

/** A small valid Fargate task definition: one web container with awslogs and an ECR image. */
export function baseTaskDef(): TaskDef {
  return {
    family: 'web',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0',
        essential: true,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/web',
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'ecs',
          },
        },
      },
    ],
  };
}

/** The base definition after `change`, as 2-space JSON text. */
export function doc(change: (td: Json) => void = () => {}): string {
  const td = baseTaskDef();
  change(td);
  return `${JSON.stringify(td, null, 2)}\n`;
}

/** The first container of a definition. */
export function web(td: TaskDef): Container {
  return td.containerDefinitions[0]!;
}

/** The first port mapping of the first container. */
export function port(td: TaskDef): { containerPort?: number; hostPort?: number; protocol?: string } {
  return web(td).portMappings![0]!;
}

/** A second container (not essential unless said otherwise). */
export function sidecar(extra: Container = {}): Container {
  return { name: 'sidecar', image: 'public.ecr.aws/docker/library/busybox:1.36', essential: false, ...extra };
}

export function problemsOf(text: string, ruleId: string): Problem[] {
  return validateTaskDefinition(text).filter((p) => p.ruleId === ruleId);
}

/**
 * Where a snippet is: the n-th (1-based) occurrence. A snippet may give context around the range in
 * bars, `"memory": |4|`: then the range is the part between the bars.
 */
export function locate(text: string, snippet: string, occurrence = 1): { offset: number; target: string } {
  const [before, target, after] = snippet.includes('|') ? snippet.split('|') : ['', snippet, ''];
  const context = `${before}${target}${after ?? ''}`;
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(context, at + 1);
    assert.notEqual(at, -1, `snippet ${context} (occurrence ${occurrence}) not in the document`);
  }
  return { offset: at + before!.length, target: target! };
}

export function offsetOf(text: string, snippet: string, occurrence = 1): number {
  return locate(text, snippet, occurrence).offset;
}

/**
 * Asserts the document has exactly one problem of the rule, covering exactly `snippet` (its n-th
 * occurrence), and returns it.
 */
export function expectOne(text: string, ruleId: string, snippet: string, occurrence = 1): Problem {
  const found = problemsOf(text, ruleId);
  assert.equal(found.length, 1, `expected one ${ruleId}, got ${JSON.stringify(found.map((p) => p.message))}`);
  const p = found[0]!;
  const { offset, target } = locate(text, snippet, occurrence);
  assert.equal(text.slice(p.offset, p.offset + p.length), target);
  assert.equal(p.offset, offset);
  assert.ok(p.docsUrl?.startsWith('https://docs.aws.amazon.com/'), `${ruleId} links to the AWS docs`);
  assert.ok(p.message.length > 20, 'the message says what to write instead');
  return p;
}

export function expectNone(text: string, ruleId: string): void {
  assert.deepEqual(
    problemsOf(text, ruleId).map((p) => p.message),
    [],
  );
}

export function parses(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true });
  return errors.length === 0;
}

/** Applies a fix and checks the result still parses and has fewer problems of the rule. */
export function applyFix(text: string, ruleId: string, fix: Fix): string {
  const fixed = applyEdits(text, fix.edits);
  assert.ok(parses(fixed), `"${fix.title}" left invalid JSON:\n${fixed}`);
  const before = problemsOf(text, ruleId).length;
  const after = problemsOf(fixed, ruleId).length;
  assert.ok(after < before, `"${fix.title}" did not remove the ${ruleId} problem:\n${fixed}`);
  return fixed;
}

/** Applies every fix of every problem of the rule (each on the original text); returns the results. */
export function applyEveryFix(text: string, ruleId: string): string[] {
  const results: string[] = [];
  const found = problemsOf(text, ruleId);
  assert.ok(found.length > 0, `no ${ruleId} problem to fix`);
  for (const p of found) {
    assert.ok(p.fixes && p.fixes.length > 0, `${ruleId} has no fix`);
    for (const fix of p.fixes) results.push(applyFix(text, ruleId, fix));
  }
  return results;
}

/** The rule ids that a test has shown to fire (checked against the registry in coverage.test.ts). */
export const exercisedRules = new Set<string>();

/** Standard pass/fail cases of one rule: the passing documents give no problem of it, the failing one exactly one, at `snippet`. */
export function ruleCases(
  ruleId: string,
  cases: {
    pass: ReadonlyArray<readonly [title: string, text: string]>;
    fail: ReadonlyArray<readonly [title: string, text: string, snippet: string, occurrence?: number]>;
  },
): void {
  exercisedRules.add(ruleId);
  describe(ruleId, () => {
    for (const [title, text] of cases.pass) it(`passes: ${title}`, () => expectNone(text, ruleId));
    for (const [title, text, snippet, occurrence] of cases.fail) {
      it(`fails: ${title}`, () => {
        expectOne(text, ruleId, snippet, occurrence);
      });
    }
  });
}
