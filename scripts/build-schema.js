#!/usr/bin/env node
// Writes dist/task-definition.schema.json: the task-definition JSON Schema generated from the installed
// @aws-sdk/client-ecs type declarations plus the hand-written overlay (src/taskdef/schema/). The generator
// is TypeScript: esbuild bundles it in memory (typescript stays external) and it runs here, so this needs
// neither tsc nor out/. Deterministic: the same SDK and sources give the same bytes.
// Usage: node scripts/build-schema.js [--out FILE] [--minify]   (or require it: buildSchema({ minify }))
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'src/taskdef/schema/generateSchema.ts');
const defaultOut = path.join(root, 'dist/task-definition.schema.json');

/** Loads the generator module from the TypeScript source, bundled in memory. */
function loadGenerator() {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['typescript'],
    write: false,
    logLevel: 'silent',
  });
  const filename = path.join(path.dirname(entry), 'generateSchema.bundled.js');
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(path.dirname(filename));
  m._compile(result.outputFiles[0].text, filename);
  return m.exports;
}

/** Writes the schema file; returns what it did, for the build log. */
function buildSchema({ out = defaultOut, minify = false } = {}) {
  const started = process.hrtime.bigint();
  const schema = loadGenerator().generateTaskDefinitionSchema();
  const text = JSON.stringify(schema, null, minify ? 0 : 2) + '\n';
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { out, bytes: Buffer.byteLength(text), ms };
}

module.exports = { buildSchema };

if (require.main === module) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? path.resolve(args[outAt + 1]) : defaultOut;
  const minify = args.includes('--minify');
  try {
    const { bytes, ms } = buildSchema({ out, minify });
    console.log(`${path.relative(root, out)}: ${(bytes / 1024).toFixed(0)} KiB in ${ms.toFixed(0)} ms`);
  } catch (e) {
    console.error(`build-schema: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
