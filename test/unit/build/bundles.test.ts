// The bundle split (scripts/bundles.js, docs/performance.md §1), built in memory: the activation
// bundle holds nothing that must load on first use, and every module of ours is in exactly one file
// (so a class, an emitter or a cache exists once: instanceof and shared state hold across chunks).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface Output {
  readonly file: string;
  readonly bytes: number;
  readonly inputs: readonly string[];
}
interface Bundles {
  buildChunks(options: { production?: boolean; write?: boolean }): Promise<{ outputs: Output[] }>;
  violations(outputs: readonly Output[]): string[];
  SOURCE_CHUNKS: readonly { name: string; entry: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundles = require(path.resolve(__dirname, '../../../../scripts/bundles.js')) as Bundles;

describe('bundles (scripts/bundles.js)', function () {
  this.timeout(120_000);
  let outputs: Output[];
  before(async () => {
    ({ outputs } = await bundles.buildChunks({ production: true, write: false }));
  });

  const output = (name: string): Output => {
    const found = outputs.find((o) => o.file.endsWith(`dist/${name}.js`));
    assert.ok(found, `dist/${name}.js was built`);
    return found;
  };

  it('keeps the SDK, ajv, dockerode, the schema and every feature out of dist/extension.js', () => {
    assert.deepEqual(bundles.violations(outputs), []);
    const activation = output('extension').inputs;
    for (const lazy of ['@aws-sdk', '@smithy', 'node_modules/ajv', 'dockerode', 'schema.json'])
      assert.equal(
        activation.find((i) => i.includes(lazy) && !i.startsWith('chunk-proxy:')),
        undefined,
        `${lazy} is in dist/extension.js`,
      );
    // The core is a separate file, loaded by `require('./core.js')` when first used.
    assert.ok(!activation.includes('src/core.ts') && !activation.includes('src/services.ts'));
    assert.ok(output('core').inputs.includes('src/services.ts'));
    assert.ok(output('sdk').inputs.some((i) => i.includes('@aws-sdk/client-ecs/')));
    assert.ok(output('ajv').inputs.some((i) => i.includes('node_modules/ajv/')));
    assert.ok(output('docker').inputs.some((i) => i.includes('node_modules/dockerode/')));
  });

  it('puts each of our modules in exactly one bundle', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const o of outputs.filter((x) => !x.file.endsWith('ecs-taskdef-lint.js'))) {
      for (const input of o.inputs.filter((i) => i.startsWith('src/'))) {
        const first = seen.get(input);
        if (first) twice.push(`${input}: ${first} and ${o.file}`);
        seen.set(input, o.file);
      }
    }
    assert.deepEqual(twice, []);
    // The connection is activation's: the core reaches the same module, not a copy of it.
    assert.equal(seen.get('src/aws/connectionManager.ts'), 'dist/extension.js');
    assert.equal(seen.get('src/explorer/nodes/serviceNode.ts'), 'dist/core.js');
  });

  it('the check catches a lazy package or a feature in the activation bundle', () => {
    const bad: Output = {
      file: 'dist/extension.js',
      bytes: 0,
      inputs: [
        'node_modules/@aws-sdk/client-ecs/dist-cjs/index.js',
        'node_modules/ajv/dist/ajv.js',
        'src/commands/scaling/scaleService.ts',
        'dist/task-definition.schema.json',
        'src/activation/boot.ts',
      ],
    };
    assert.equal(bundles.violations([bad]).length, 4);
  });
});
