import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  findTaskDefinitionSchemaFile,
  loadTaskDefinitionSchema,
  SCHEMA_FILE_NAME,
} from '../../../../src/taskdef/schema/loadSchema';
import { repoRoot } from './schemaFixtures';

describe('loadTaskDefinitionSchema', () => {
  it("finds the repository's dist/ schema when running from out/, and reads it once", () => {
    assert.equal(findTaskDefinitionSchemaFile(), path.join(repoRoot, 'dist', SCHEMA_FILE_NAME));
    const schema = loadTaskDefinitionSchema() as { title?: string };
    assert.equal(schema.title, 'Amazon ECS task definition');
    assert.equal(loadTaskDefinitionSchema(), schema, 'cached');
  });

  it('prefers the file beside the running bundle (dist/ in the VSIX)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
    try {
      fs.writeFileSync(path.join(dir, SCHEMA_FILE_NAME), '{"title":"beside"}');
      assert.deepEqual(loadTaskDefinitionSchema(dir), { title: 'beside' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says to run the build when the schema has not been built', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{}'); // stop the search here
      assert.equal(findTaskDefinitionSchemaFile(dir), undefined);
      assert.throws(() => loadTaskDefinitionSchema(dir), /has not been built: run npm run build/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
