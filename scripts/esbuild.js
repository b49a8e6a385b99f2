// Bundles the extension into dist/extension.js. `--production` minifies and drops source maps;
// `--watch` keeps rebuilding. `vscode` is provided by the host, and ssh2's optional native
// addons (cpu-features, sshcrypto.node) cannot be bundled: dockerode falls back to pure JS.
'use strict';
const esbuild = require('esbuild');
const { buildSchema } = require('./build-schema');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format of the esbuild problem matcher, so F5 shows them in Problems. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  // The task-definition JSON schema, generated from the installed SDK's types (jsonValidation, CLI).
  const schema = buildSchema({ minify: production });
  console.log(`dist/task-definition.schema.json: ${(schema.bytes / 1024).toFixed(0)} KiB in ${schema.ms.toFixed(0)} ms`);
  const ctx = await esbuild.context({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node20',
    outfile: 'dist/extension.js',
    external: ['vscode', 'cpu-features', '*.node'],
    logLevel: 'silent',
    metafile: true,
    plugins: [problemMatcher],
  });
  if (watch) {
    await ctx.watch();
    return;
  }
  const result = await ctx.rebuild();
  await ctx.dispose();
  if (result.errors.length > 0) process.exit(1);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`dist/extension.js: ${(bytes / 1024).toFixed(0)} KiB${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
