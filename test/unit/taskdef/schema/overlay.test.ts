import * as assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv';
import {
  OUTPUT_ONLY_FIELDS,
  TASK_CPU_PATTERN,
  TASK_MEMORY_PATTERN,
} from '../../../../src/taskdef/schema/overlay';
import { compileTaskDefinitionSchema } from '../../../../src/taskdef/schema/validateSchema';
import { definition, describeOutput, fargateTaskDefinition, schema, sdkMembers } from './schemaFixtures';

type TaskDefinition = Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] };

/** A copy of the realistic Fargate task definition, changed by `edit`. */
function taskDefinition(edit: (td: TaskDefinition) => void = () => {}): TaskDefinition {
  const td = structuredClone(fargateTaskDefinition) as unknown as TaskDefinition;
  edit(td);
  return td;
}

function container(td: TaskDefinition): Record<string, unknown> {
  return td.containerDefinitions[0]!;
}

describe('task definition schema overlay (ajv)', function () {
  this.timeout(60_000);
  let validate: ValidateFunction;

  before(() => {
    validate = compileTaskDefinitionSchema(schema());
  });

  function errors(value: unknown): string[] {
    return validate(value)
      ? []
      : validate
          .errors!.filter((e) => e.keyword !== 'if')
          .map((e) => `${e.instancePath || '/'} ${e.keyword}`);
  }

  it('accepts a realistic Fargate task definition with no errors', () => {
    assert.deepEqual(errors(taskDefinition()), []);
  });

  it('accepts a saved describe-task-definition output, and its inner task definition with output-only fields', () => {
    assert.deepEqual(errors(describeOutput), []);
    assert.deepEqual(errors(describeOutput.taskDefinition), []);
    assert.deepEqual(errors({ taskDefinition: describeOutput.taskDefinition, tags: [], extra: 1 }), [
      '/ additionalProperties',
    ]);
    assert.deepEqual(errors({ taskDefinition: { family: 'x' } }), ['/taskDefinition required']);
  });

  it('checks healthCheck ranges from the API reference (timeout 2–60, not 120)', () => {
    const withHealth = (healthCheck: Record<string, unknown>) =>
      taskDefinition((td) => {
        container(td).healthCheck = { command: ['CMD', 'true'], ...healthCheck };
      });
    assert.deepEqual(errors(withHealth({ timeout: 60 })), []);
    assert.deepEqual(errors(withHealth({ timeout: 61 })), [
      '/containerDefinitions/0/healthCheck/timeout maximum',
    ]);
    assert.deepEqual(errors(withHealth({ timeout: 1 })), [
      '/containerDefinitions/0/healthCheck/timeout minimum',
    ]);
    assert.deepEqual(errors(withHealth({ interval: 4, retries: 11, startPeriod: 301 })), [
      '/containerDefinitions/0/healthCheck/interval minimum',
      '/containerDefinitions/0/healthCheck/retries maximum',
      '/containerDefinitions/0/healthCheck/startPeriod maximum',
    ]);
    assert.deepEqual(errors(withHealth({ interval: 5, retries: 10, startPeriod: 0 })), []);
  });

  it('allows 1 to 10 containers', () => {
    const count = (n: number) =>
      taskDefinition((td) => {
        td.containerDefinitions = Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: 'nginx' }));
      });
    assert.deepEqual(errors(count(10)), []);
    assert.deepEqual(errors(count(11)), ['/containerDefinitions maxItems']);
    assert.deepEqual(errors(count(0)), ['/containerDefinitions minItems']);
  });

  it('requires a container name and image, and a family; names follow the documented pattern', () => {
    assert.deepEqual(errors(taskDefinition((td) => delete container(td).image)), [
      '/containerDefinitions/0 required',
    ]);
    assert.deepEqual(errors(taskDefinition((td) => delete container(td).name)), [
      '/containerDefinitions/0 required',
    ]);
    assert.deepEqual(errors(taskDefinition((td) => delete td.family)), ['/ required']);
    assert.deepEqual(errors(taskDefinition((td) => (td.family = 'orders api'))), ['/family pattern']);
    assert.deepEqual(errors(taskDefinition((td) => (td.family = 'a'.repeat(256)))), ['/family pattern']);
    assert.deepEqual(errors(taskDefinition((td) => (container(td).name = 'app.v2'))), [
      '/containerDefinitions/0/name pattern',
    ]);
    assert.deepEqual(errors(taskDefinition((td) => (container(td).name = 'App_2-x'))), []);
  });

  it('accepts task cpu and memory in every documented string form, and rejects numbers', () => {
    const cpu = new RegExp(TASK_CPU_PATTERN, 'u');
    for (const ok of ['256', '1024', '1 vCPU', '1vcpu', '0.25 vCPU', '.5 vcpu', '16 VCPU'])
      assert.ok(cpu.test(ok), ok);
    for (const bad of ['1 cpu', '1  vCPU', 'vCPU', '1,5 vCPU', ' 256', '256 units'])
      assert.ok(!cpu.test(bad), bad);
    const memory = new RegExp(TASK_MEMORY_PATTERN, 'u');
    for (const ok of ['512', '2048', '2GB', '2 GB', '0.5 GB', '8gb']) assert.ok(memory.test(ok), ok);
    for (const bad of ['2 GiB', '512MB', '2 G', 'GB']) assert.ok(!memory.test(bad), bad);

    assert.deepEqual(errors(taskDefinition((td) => (td.cpu = '0.25 vCPU'))), []);
    assert.deepEqual(errors(taskDefinition((td) => (td.cpu = 256))), ['/cpu type']);
    assert.deepEqual(errors(taskDefinition((td) => (td.memory = 512))), ['/memory type']);
    assert.deepEqual(errors(taskDefinition((td) => (td.memory = '2 GiB'))), ['/memory pattern']);
  });

  it('keeps tags to 50 with the key/value lengths and characters of the model, no aws: prefix', () => {
    const tags = (list: unknown[]) => taskDefinition((td) => (td.tags = list));
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    assert.deepEqual(errors(tags(many(50))), []);
    assert.deepEqual(errors(tags(many(51))), ['/tags maxItems']);
    assert.deepEqual(errors(tags([{ key: 'k'.repeat(129), value: 'v'.repeat(257) }])), [
      '/tags/0/key maxLength',
      '/tags/0/value maxLength',
    ]);
    assert.deepEqual(errors(tags([{ key: '', value: '' }])), ['/tags/0/key minLength']);
    assert.deepEqual(errors(tags([{ key: 'AWS:team', value: 'aws:x' }])), ['/tags/0/key pattern']);
    assert.deepEqual(errors(tags([{ key: 'team', value: 'a<b' }])), ['/tags/0/value pattern']);
    assert.deepEqual(errors(tags([{ key: 'équipe è', value: 'Zürich 1+1=2 @a/b:c' }])), []);
  });

  it('checks the other documented ranges: storage, ports, restart policy, swap', () => {
    const check = (edit: (td: TaskDefinition) => void) => errors(taskDefinition(edit));
    assert.deepEqual(
      check((td) => (td.ephemeralStorage = { sizeInGiB: 20 })),
      ['/ephemeralStorage/sizeInGiB minimum'],
    );
    assert.deepEqual(
      check((td) => (td.ephemeralStorage = { sizeInGiB: 200 })),
      [],
    );
    assert.deepEqual(
      check((td) => (container(td).portMappings = [{ containerPort: 0 }])),
      ['/containerDefinitions/0/portMappings/0/containerPort minimum'],
    );
    assert.deepEqual(
      check((td) => (container(td).portMappings = [{ containerPort: 80, hostPort: 0 }])),
      [],
    );
    assert.deepEqual(
      check((td) => (container(td).portMappings = [{ containerPort: 80, hostPort: 65536 }])),
      ['/containerDefinitions/0/portMappings/0/hostPort maximum'],
    );
    assert.deepEqual(
      check((td) => (container(td).portMappings = [{ containerPortRange: '8000-8010' }])),
      [],
    );
    assert.deepEqual(
      check((td) => (container(td).portMappings = [{ containerPort: 80, name: 'HTTP' }])),
      ['/containerDefinitions/0/portMappings/0/name pattern'],
    );
    assert.deepEqual(
      check((td) => (container(td).restartPolicy = { enabled: true, restartAttemptPeriod: 59 })),
      ['/containerDefinitions/0/restartPolicy/restartAttemptPeriod minimum'],
    );
    assert.deepEqual(
      check((td) => (container(td).restartPolicy = { enabled: true, ignoredExitCodes: Array(51).fill(1) })),
      ['/containerDefinitions/0/restartPolicy/ignoredExitCodes maxItems'],
    );
    assert.deepEqual(
      check((td) => (container(td).linuxParameters = { maxSwap: 0, swappiness: 101 })),
      ['/containerDefinitions/0/linuxParameters/swappiness maximum'],
    );
    // Fargate's 2–120 s is the Fargate rules' business; EC2 allows longer stop timeouts.
    assert.deepEqual(
      check((td) => (container(td).stopTimeout = 600)),
      [],
    );
    assert.deepEqual(
      check((td) => (container(td).stopTimeout = -1)),
      ['/containerDefinitions/0/stopTimeout minimum'],
    );
  });

  it('keeps enums strict and numbers whole', () => {
    const check = (edit: (td: TaskDefinition) => void) => errors(taskDefinition(edit));
    assert.deepEqual(
      check((td) => (td.networkMode = 'AWSVPC')),
      ['/networkMode enum'],
    );
    assert.deepEqual(
      check((td) => (td.requiresCompatibilities = ['FARGATE', 'MANAGED_INSTANCES'])),
      [],
    );
    assert.deepEqual(
      check((td) => (container(td).memoryReservation = 1.5)),
      ['/containerDefinitions/0/memoryReservation type'],
    );
    assert.deepEqual(
      check((td) => (container(td).essential = 'true')),
      ['/containerDefinitions/0/essential type'],
    );
    assert.deepEqual(
      check((td) => (container(td).resourceRequirements = [{ type: 'GPU', sharingStrategy: {} }])),
      ['/containerDefinitions/0/resourceRequirements/0/sharingStrategy minProperties'],
    );
  });

  it('lists as output-only exactly what TaskDefinition has beyond RegisterTaskDefinitionRequest in the installed SDK', () => {
    const request = new Set(sdkMembers('RegisterTaskDefinitionRequest').map((m) => m.name));
    const outputOnly = sdkMembers('TaskDefinition')
      .map((m) => m.name)
      .filter((name) => !request.has(name));
    assert.deepEqual([...OUTPUT_ONLY_FIELDS].sort(), outputOnly.sort());
    const root = definition(schema(), 'RegisterTaskDefinitionRequest').properties!;
    for (const field of OUTPUT_ONLY_FIELDS) {
      assert.match(root[field]!.deprecationMessage!, /^Output-only/, field);
      assert.equal(root[field]!.doNotSuggest, true, field);
      assert.equal(root[field]!.type, undefined, `${field}: any value, the rules module reports it`);
    }
    assert.match(
      root.taskDefinitionArn!.markdownDescription!,
      /^The full Amazon Resource Name \(ARN\) of the task definition\./,
    );
  });

  it('describes itself for VS Code: $id, title, root branches', () => {
    const s = schema();
    assert.equal(s.$id, 'urn:ecs-fargate:schema:task-definition');
    assert.equal(s.title, 'Amazon ECS task definition');
    assert.deepEqual(s.if, { required: ['taskDefinition'] });
    assert.deepEqual(s.else, { $ref: '#/definitions/RegisterTaskDefinitionRequest' });
  });
});
