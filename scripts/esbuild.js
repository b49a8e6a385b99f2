// Bundles the extension into dist/: the activation bundle dist/extension.js and the chunks it loads
// on first use (scripts/bundles.js says which), plus the command-line linter. `--production` minifies
// and drops source maps; `--watch` rebuilds on every change of src/.
'use strict';
const esbuild = require('esbuild');
const path = require('path');
const { buildSchema } = require('./build-schema');
const { buildChunks, commonOptions, violations, root } = require('./bundles');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format of the esbuild problem matcher, so F5 shows them in Problems. */
function report(error) {
  for (const { text, location } of error.errors ?? [{ text: String(error) }]) {
    console.error(`✘ [ERROR] ${text}`);
    if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
  }
}

/** The command-line linter (package.json `bin`): same rules and schema, no editor, one file. */
function buildCli() {
  return esbuild.build({
    ...commonOptions(production),
    entryPoints: ['src/cli/taskdefLint.ts'],
    outfile: 'dist/ecs-taskdef-lint.js',
  });
}

async function buildAll() {
  const [{ outputs }, cli] = await Promise.all([buildChunks({ production }), buildCli()]);
  const size = (bytes) => `${(bytes / 1024).toFixed(0)} KiB${production ? ' (production)' : ''}`;
  for (const o of outputs) console.log(`${o.file}: ${size(o.bytes)}`);
  for (const [file, output] of Object.entries(cli.metafile.outputs))
    if (file.endsWith('.js')) console.log(`${file}: ${size(output.bytes)}`);
  const problems = violations(outputs);
  for (const p of problems) console.error(`✘ [ERROR] ${p}`);
  return problems.length === 0;
}

async function main() {
  // The task-definition JSON schema, generated from the installed SDK's types (jsonValidation, CLI).
  const schema = buildSchema({ minify: production });
  console.log(
    `dist/task-definition.schema.json: ${(schema.bytes / 1024).toFixed(0)} KiB in ${schema.ms.toFixed(0)} ms`,
  );
  if (!watch) {
    if (!(await buildAll())) process.exit(1);
    return;
  }
  // Watching: esbuild follows every file the bundles read; each change rebuilds all of them (a
  // change can move a module or a package between chunks). The `[watch]` lines are the problem
  // matcher's begin/end patterns.
  let running = Promise.resolve();
  const rebuild = () =>
    (running = running.then(async () => {
      console.log('[watch] build started');
      await buildAll().catch(report);
      console.log('[watch] build finished');
    }));
  const context = await esbuild.context({
    bundle: true,
    write: false,
    platform: 'node',
    logLevel: 'silent',
    absWorkingDir: root,
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    external: ['vscode', 'cpu-features', '*.node'],
    entryPoints: ['src/extension.ts', 'src/core.ts', 'src/cli/taskdefLint.ts'],
    outdir: path.join(root, 'out', 'watch'),
    plugins: [{ name: 'rebuild', setup: (build) => build.onEnd(() => void rebuild()) }],
  });
  await context.watch();
}

main().catch((e) => {
  report(e);
  process.exit(1);
});
