// Bundles the extension into dist/extension.js. `--production` minifies and drops source maps;
// `--watch` keeps rebuilding. `vscode` is provided by the host, and ssh2's optional native
// addons (cpu-features, sshcrypto.node) cannot be bundled: dockerode falls back to pure JS.
'use strict';
const esbuild = require('esbuild');
const { buildSchema } = require('./build-schema');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Prints errors in the format of the esbuild problem matcher, so F5 shows them in Problems. The
 * `[watch]` lines are the matcher's begin/end patterns: printed only when watching (once per rebuild
 * of the extension bundle, not once per bundle).
 */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    const announce = watch && build.initialOptions.outfile === 'dist/extension.js';
    if (announce) build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (announce) console.log('[watch] build finished');
    });
  },
};

/**
 * SDK clients too big to parse at every activation, for a feature few activations use: each goes into
 * its own file next to the bundle, loaded when src/aws/sdkModules.ts first requires it (EC2 alone is
 * 1 MiB minified; only Run Task's and Deploy's network questions need it).
 */
const SPLIT_PACKAGES = {
  '@aws-sdk/client-ec2': 'sdk-ec2',
  // Only services deployed by CodeDeploy need it.
  '@aws-sdk/client-codedeploy': 'sdk-codedeploy',
};

const splitPackages = {
  name: 'split-packages',
  setup(build) {
    const names = Object.keys(SPLIT_PACKAGES).map((n) => n.replace(/[/\\-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({
      path: `./${SPLIT_PACKAGES[args.path]}.js`,
      external: true,
    }));
  },
};

/** Options both bundles share. jsonc-parser's UMD entry cannot be bundled: use its ESM build. */
const common = {
  bundle: true,
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
  metafile: true,
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [problemMatcher],
};

async function main() {
  // The task-definition JSON schema, generated from the installed SDK's types (jsonValidation, CLI).
  const schema = buildSchema({ minify: production });
  console.log(
    `dist/task-definition.schema.json: ${(schema.bytes / 1024).toFixed(0)} KiB in ${schema.ms.toFixed(0)} ms`,
  );
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      external: ['vscode', 'cpu-features', '*.node'],
      plugins: [...common.plugins, splitPackages],
    }),
    // The split packages, each a CommonJS module of its own (dist/sdk-ec2.js …).
    ...Object.entries(SPLIT_PACKAGES).map(([name, file]) =>
      esbuild.context({
        ...common,
        entryPoints: [require.resolve(name)],
        outfile: `dist/${file}.js`,
      }),
    ),
    // The command-line linter (package.json `bin`): same rules and schema, no editor.
    esbuild.context({
      ...common,
      entryPoints: ['src/cli/taskdefLint.ts'],
      outfile: 'dist/ecs-taskdef-lint.js',
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.errors.length > 0)) process.exit(1);
  for (const result of results) {
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js'))
        console.log(`${file}: ${(output.bytes / 1024).toFixed(0)} KiB${production ? ' (production)' : ''}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
