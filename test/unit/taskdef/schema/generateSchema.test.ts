import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ecs from '@aws-sdk/client-ecs';
import {
  findSdkTypesFile,
  generateTaskDefinitionSchema,
  sdkVersion,
  type JsonSchema,
} from '../../../../src/taskdef/schema/generateSchema';
import { definition, repoRoot, schema, sdkMembers, sdkOnlySchema, type SdkKind } from './schemaFixtures';

/**
 * Asserts that a schema property holds what the SDK declares, following `$ref`s into definitions and
 * checking those definitions' members too (each once).
 */
function assertKind(
  s: JsonSchema,
  property: JsonSchema,
  kind: SdkKind,
  where: string,
  seen: Set<string>,
): void {
  const resolved = property.$ref ? definition(s, property.$ref.replace('#/definitions/', '')) : property;
  switch (kind.kind) {
    case 'string':
    case 'boolean':
      assert.equal(resolved.type, kind.kind, where);
      assert.equal(resolved.enum, undefined, `${where}: a plain ${kind.kind}`);
      return;
    case 'number':
      // The overlay narrows numbers to integers (every number in the closure is a Smithy Integer).
      assert.ok(resolved.type === 'number' || resolved.type === 'integer', `${where}: ${resolved.type}`);
      return;
    case 'enum':
      // A one-value enum loses its alias name once `| undefined` is stripped: then only the values count.
      if (kind.name) assert.equal(property.$ref, `#/definitions/${kind.name}`, where);
      assert.deepEqual(resolved.enum, [...kind.values].sort(), where);
      return;
    case 'array':
      assert.equal(resolved.type, 'array', where);
      assertKind(s, resolved.items!, kind.items, `${where}[]`, seen);
      return;
    case 'map':
      assert.equal(resolved.type, 'object', where);
      assert.equal(typeof resolved.additionalProperties, 'object', `${where}: a map`);
      assertKind(s, resolved.additionalProperties as JsonSchema, kind.values, `${where}{}`, seen);
      return;
    case 'union':
      assert.equal(property.$ref, `#/definitions/${kind.name}`, where);
      assert.equal(resolved.maxProperties, 1, `${where}: exactly one member of a union`);
      assert.deepEqual(
        Object.keys(resolved.properties!),
        kind.members.map((m) => m.name),
        where,
      );
      for (const m of kind.members)
        assertKind(s, resolved.properties![m.name]!, m.type, `${where}.${m.name}`, seen);
      return;
    case 'object':
      assert.equal(property.$ref, `#/definitions/${kind.name}`, where);
      assertShape(s, kind.name, seen);
  }
}

/** Every member of the SDK interface is a property of its definition, with the right kind and optionality. */
function assertShape(s: JsonSchema, name: string, seen: Set<string>): void {
  if (seen.has(name)) return;
  seen.add(name);
  const def = definition(s, name);
  const members = sdkMembers(name);
  assert.deepEqual(
    Object.keys(def.properties ?? {}).filter((p) => members.some((m) => m.name === p)),
    members.map((m) => m.name),
    `${name}: the same members in the same order`,
  );
  for (const member of members) {
    assertKind(s, def.properties![member.name]!, member.type, `${name}.${member.name}`, seen);
    assert.equal(
      def.required?.includes(member.name) ?? false,
      !member.optional || isOverlayRequired(name, member.name),
      `${name}.${member.name} required`,
    );
  }
  assert.equal(def.additionalProperties, false, `${name}: closed`);
}

function isOverlayRequired(shape: string, member: string): boolean {
  return shape === 'ContainerDefinition' && ['name', 'image'].includes(member);
}

describe('task definition schema generation', function () {
  this.timeout(60_000);

  it('covers every member of RegisterTaskDefinitionRequest in the installed SDK, with its type', () => {
    const members = sdkMembers('RegisterTaskDefinitionRequest');
    assert.ok(members.length >= 18, `only ${members.length} members`);
    const root = definition(schema(), 'RegisterTaskDefinitionRequest');
    for (const m of members) assert.ok(root.properties?.[m.name], `missing ${m.name}`);
    assertShape(sdkOnlySchema(), 'RegisterTaskDefinitionRequest', new Set(['ContainerDefinition']));
  });

  it('covers every member of ContainerDefinition in the installed SDK, with its type', () => {
    const members = sdkMembers('ContainerDefinition');
    assert.ok(members.length >= 42, `only ${members.length} members`);
    const container = definition(schema(), 'ContainerDefinition');
    for (const m of members) assert.ok(container.properties?.[m.name], `missing ${m.name}`);
    assertShape(schema(), 'ContainerDefinition', new Set());
  });

  it('mirrors every shape the request reaches, and nothing else', () => {
    const seen = new Set<string>();
    assertShape(schema(), 'RegisterTaskDefinitionRequest', seen);
    const generated = Object.entries(sdkOnlySchema().definitions!)
      .filter(([, d]) => d.type === 'object' && d.maxProperties === undefined)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(generated, [...seen].sort());
  });

  it('marks required what the SDK marks required', () => {
    const s = sdkOnlySchema();
    assert.deepEqual(definition(s, 'RegisterTaskDefinitionRequest').required, [
      'family',
      'containerDefinitions',
    ]);
    assert.equal(definition(s, 'ContainerDefinition').required, undefined, 'the model requires nothing here');
    assert.deepEqual(definition(s, 'HealthCheck').required, ['command']);
    assert.deepEqual(definition(s, 'LogConfiguration').required, ['logDriver']);
    assert.deepEqual(definition(s, 'Secret').required, ['name', 'valueFrom']);
    assert.deepEqual(definition(s, 'Ulimit').required, ['name', 'softLimit', 'hardLimit']);
  });

  it("holds the SDK's enum values exactly (compared with the runtime enum objects)", () => {
    const s = schema();
    const runtime = ecs as unknown as Record<string, unknown>;
    const checked: string[] = [];
    for (const [name, def] of Object.entries(s.definitions!)) {
      if (!def.enum) continue;
      const values = runtime[name];
      assert.ok(values && typeof values === 'object', `@aws-sdk/client-ecs has no runtime enum ${name}`);
      assert.deepEqual(def.enum, Object.values(values).sort(), name);
      checked.push(name);
    }
    for (const name of ['NetworkMode', 'Compatibility', 'LogDriver', 'CPUArchitecture', 'OSFamily']) {
      assert.ok(checked.includes(name), name);
    }
    assert.ok(definition(s, 'Compatibility').enum!.includes('FARGATE'));
    assert.deepEqual(
      definition(s, 'RegisterTaskDefinitionRequest').properties!.requiresCompatibilities!.items,
      {
        $ref: '#/definitions/Compatibility',
      },
    );
    assert.deepEqual(
      definition(s, 'RuntimePlatform').properties!.cpuArchitecture!.$ref,
      '#/definitions/CPUArchitecture',
    );
  });

  it('carries the documentation: Markdown for hovers, plain text, and @deprecated', () => {
    const root = definition(schema(), 'RegisterTaskDefinitionRequest').properties!;
    assert.match(root.memory!.markdownDescription!, /as a string using GB \(for example, `1GB` or `1 GB`\)/);
    assert.match(
      root.memory!.markdownDescription!,
      /\n- 512 \(0\.5 GB\), 1024 \(1 GB\), 2048 \(2 GB\) - Available `cpu` values: 256/,
    );
    assert.match(root.memory!.description!, /for example, 1GB or 1 GB/);
    assert.doesNotMatch(root.memory!.description!, /<|`/);
    assert.match(
      root.taskRoleArn!.markdownDescription!,
      /\[IAM Roles for Tasks\]\(https:\/\/docs\.aws\.amazon\.com\/AmazonECS\/latest\/developerguide\/task-iam-roles\.html\)/,
    );
    assert.match(root.inferenceAccelerators!.deprecationMessage!, /^Deprecated \(since 2023-04-15\): /);
    const withoutDocs = Object.entries(definition(schema(), 'ContainerDefinition').properties!).filter(
      ([, p]) => !p.markdownDescription,
    );
    assert.deepEqual(withoutDocs, [], 'every container member has a hover');
  });

  it('writes every reference to an existing definition and only valid keywords', () => {
    const text = JSON.stringify(schema());
    for (const [, name] of text.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) definition(schema(), name!);
    assert.equal(schema().$schema, 'http://json-schema.org/draft-07/schema#');
    assert.match(schema().$comment!, new RegExp(`@aws-sdk/client-ecs ${sdkVersion().replace(/\./g, '\\.')}`));
  });

  it('finds the declaration file of the installed SDK, and reports one that lacks the request', () => {
    assert.match(path.basename(findSdkTypesFile()), /^models_\d+\.d\.ts$/);
    const enums = path.join(path.dirname(findSdkTypesFile()), 'enums.d.ts');
    assert.throws(
      () => generateTaskDefinitionSchema({ typesFile: enums }),
      /does not declare interface RegisterTaskDefinitionRequest/,
    );
  });

  it('is deterministic, and dist/task-definition.schema.json is the current generation (npm run build)', () => {
    const file = path.join(repoRoot, 'dist', 'task-definition.schema.json');
    assert.ok(fs.existsSync(file), `${file} is missing: run node scripts/build-schema.js`);
    // Compared as compact text: key order counts, indentation does not (production builds minify).
    assert.equal(
      JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))),
      JSON.stringify(schema()),
      'stale: run node scripts/build-schema.js',
    );
  });
});
