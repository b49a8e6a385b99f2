import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './schemaFixtures';

interface JsonValidation {
  fileMatch: string | string[];
  url: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const SCHEMA_URL = './dist/task-definition.schema.json';
/** The file patterns the issue lists. */
const REQUIRED_PATTERNS = ['*task-definition*.json', '*taskdef*.json', '*task-def*.json', '.aws/*.json'];

/** VS Code's JSON service matches a fileMatch pattern as `**\/` + pattern against the path (`*` stays in one folder). */
function matches(pattern: string, file: string): boolean {
  const glob = `**/${pattern.replace(/^\//, '')}`;
  const source = glob
    .split(/(\*\*\/|\*)/)
    .map((part) =>
      part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`).test(`/${file}`);
}

function taskDefinitionPatterns(): string[] {
  const entry = (manifest.contributes?.jsonValidation as JsonValidation[] | undefined)?.find(
    (v) => v.url === SCHEMA_URL,
  );
  assert.ok(entry, `contributes.jsonValidation has no entry with url ${SCHEMA_URL}`);
  return ([] as string[]).concat(entry.fileMatch);
}

describe('task definition schema in the manifest', () => {
  it('is contributed through jsonValidation for the usual file names, from the bundled file (no network)', () => {
    const patterns = taskDefinitionPatterns();
    for (const p of REQUIRED_PATTERNS) assert.ok(patterns.includes(p), `fileMatch lacks ${p}`);
    const matched = (file: string) => patterns.some((p) => !p.startsWith('!') && matches(p, file));
    for (const file of [
      'task-definition.json',
      'deploy/prod-task-definition.json',
      'taskdef.json',
      'ecs/api.taskdef.json',
      'infra/my-task-def.json',
      '.aws/task-definition.json',
      'service/.aws/web.json',
    ]) {
      assert.ok(matched(file), `${file} gets no schema`);
    }
    for (const file of ['package.json', 'tsconfig.json', '.aws/sso/cache/token.json', 'tasks.json']) {
      assert.ok(!matched(file), `${file} should not get the task definition schema`);
    }
  });

  it('ships the schema in the VSIX (the .vscodeignore allow-list) and has built it', () => {
    const ignore = fs
      .readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    assert.ok(
      ignore.includes('!dist/task-definition.schema.json'),
      '.vscodeignore must allow dist/task-definition.schema.json',
    );
    assert.ok(
      fs.existsSync(path.join(repoRoot, SCHEMA_URL)),
      `${SCHEMA_URL} is not built: node scripts/build-schema.js`,
    );
  });

  it('declares ecsFargate.taskDefinitionFiles for more globs', () => {
    const setting = manifest.contributes?.configuration?.properties?.['ecsFargate.taskDefinitionFiles'];
    assert.ok(setting, 'contributes.configuration lacks ecsFargate.taskDefinitionFiles');
    assert.equal(setting.type, 'array');
    assert.deepEqual(setting.items, { type: 'string' });
    assert.deepEqual(setting.default, []);
  });
});
