/**
 * The generated task-definition schema at run time. `scripts/build-schema.js` writes it to
 * `dist/task-definition.schema.json`, beside the bundles (so `__dirname` finds it in the VSIX and for the
 * CLI); tests run from `out/`, where it is found in the repository's `dist/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SCHEMA_FILE_NAME = 'task-definition.schema.json';

const cache = new Map<string, object>();

/** Where the schema is, or undefined when it has not been built. */
export function findTaskDefinitionSchemaFile(from: string = __dirname): string | undefined {
  return candidates(from).find((file) => fs.existsSync(file));
}

/** The parsed schema, read once and shared (do not mutate it). `from`: where to look (tests). */
export function loadTaskDefinitionSchema(from: string = __dirname): object {
  const file = findTaskDefinitionSchemaFile(from);
  if (!file) {
    throw new Error(
      `The task definition schema has not been built: run npm run build (it writes dist/${SCHEMA_FILE_NAME}; looked in ${candidates(from).join(', ')}).`,
    );
  }
  let schema = cache.get(file);
  if (!schema) {
    schema = JSON.parse(fs.readFileSync(file, 'utf8')) as object;
    cache.set(file, schema);
  }
  return schema;
}

/** Beside the running file (bundled: dist/), then `dist/` in each folder up to the repository root. */
function candidates(from: string): string[] {
  const found = [path.join(from, SCHEMA_FILE_NAME)];
  for (let dir = from; ; dir = path.dirname(dir)) {
    found.push(path.join(dir, 'dist', SCHEMA_FILE_NAME));
    if (fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir) return found;
  }
}
