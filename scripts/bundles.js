// What goes in which file of dist/ (docs/performance.md §1). A CommonJS bundle cannot be split by
// esbuild, so the extension is built as several bundles that `require` each other at first use:
//
//   SOURCE_CHUNKS  our own modules. Each src/ file is in exactly ONE of them: the first chunk (in
//                  this order) whose entry reaches it owns it; a later chunk reaches it through the
//                  owner's `__modules` table (`require('./extension.js').__modules[...]`), so a class,
//                  an emitter or a cache exists once (instanceof and shared state hold across chunks).
//                  A source file that IS another chunk's entry is a boundary: `require('./core')` in
//                  src/ becomes `require('./core.js')`, evaluated when that line runs.
//   PACKAGE_CHUNKS npm packages too big to parse at activation. Every import of a matching package,
//                  from any source chunk, becomes `require('./sdk.js')('<package>')`: the package is
//                  in that one file (once, with the dependencies its packages share) and evaluated
//                  the first time a module that imports it is.
//
// The activation bundle (dist/extension.js) may hold only what activate() needs; LAZY_* below say
// what it must never hold (test/unit/bundles.test.ts and npm run bench:activation check it).
'use strict';
const esbuild = require('esbuild');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** Our modules, in ownership order. `extension` is what VS Code loads (package.json `main`). */
const SOURCE_CHUNKS = [
  // activate(): registers the views, commands, status bar and document listeners; nothing else runs.
  { name: 'extension', entry: 'src/extension.ts' },
  // The task-definition checks (rules, jsonc-parser), loaded by the first task-definition document.
  { name: 'taskdef', entry: 'src/taskdef/taskdefChunk.ts' },
  // Every feature: services, tree nodes, commands, workflows. Loaded by the first command, the first
  // expansion of a view, the first quick fix.
  { name: 'core', entry: 'src/core.ts' },
];

/** npm packages in chunks of their own; the first match wins. */
const PACKAGE_CHUNKS = [
  // EC2 alone is 1.4 MiB minified and only Run Task's and Deploy's network questions need it.
  { name: 'sdk-ec2', test: (p) => p === '@aws-sdk/client-ec2' },
  // CodeDeploy (1.2 MiB): only services whose deployment controller is CODE_DEPLOY need it.
  { name: 'sdk-codedeploy', test: (p) => p === '@aws-sdk/client-codedeploy' },
  // CloudTrail: only the Deployments node's "Triggered by" (one LookupEvents per page) needs it.
  { name: 'sdk-cloudtrail', test: (p) => p === '@aws-sdk/client-cloudtrail' },
  // Every other AWS SDK client, the credential providers and smithy, sharing one copy of their core,
  // and the proxy agent of their HTTP handler.
  { name: 'sdk', test: (p) => /^@(aws-sdk|smithy)\//.test(p) || p === 'https-proxy-agent' },
  { name: 'ajv', test: (p) => p === 'ajv' || p.startsWith('ajv/') },
  { name: 'docker', test: (p) => p === 'dockerode' },
];

/** Packages (or files) that must never be in the activation bundle. */
const LAZY_PACKAGES = [
  '@aws-sdk/',
  '@smithy/',
  'ajv',
  'dockerode',
  'ssh2',
  'docker-modem',
  'ws',
  'https-proxy-agent',
  '@balena/dockerignore',
];
/** Our folders whose code is a feature (loads on first use), never activation. */
const LAZY_SOURCES = [
  'src/commands/',
  'src/workflows/',
  'src/docker/',
  'src/logs/',
  'src/metrics/',
  'src/scaling/',
  'src/explorer/nodes/',
  'src/taskDefinitions/nodes/',
  'src/repositories/nodes/',
  'src/taskdef/rules/',
  'src/taskdef/schema/',
  'src/services.ts',
  'src/wiring/',
];

/** The files VS Code may load at activation (relative to the repository). */
const ACTIVATION_FILES = ['dist/extension.js'];

const chunkFile = (name) => `./${name}.js`;
const relative = (file) => path.relative(root, file).split(path.sep).join('/');

/** Options every bundle shares. jsonc-parser's UMD entry cannot be bundled: use its ESM build. */
function commonOptions(production) {
  return {
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    metafile: true,
    absWorkingDir: root,
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // `vscode` is the host's; ssh2's optional native addons cannot be bundled (dockerode falls back).
    external: ['vscode', 'cpu-features', '*.node'],
  };
}

/** The package chunk a bare import belongs to, if any. */
function packageChunkOf(specifier) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return undefined;
  return PACKAGE_CHUNKS.find((c) => c.test(specifier));
}

/**
 * The plugin of a source chunk: package imports to their chunk, other chunks' entries to their file,
 * modules owned by an earlier chunk to its `__modules` table. Records the packages used per chunk.
 */
function chunkPlugin(chunk, { owners, entries, packagesUsed }) {
  return {
    name: 'chunks',
    setup(build) {
      build.onResolve({ filter: /^__chunk__\// }, (args) => ({
        path: chunkFile(args.path.slice('__chunk__/'.length)),
        external: true,
      }));
      // Every `import * as vscode from 'vscode'` of an external would become its own
      // `__toESM(require("vscode"))`, a copy of the whole API object per module (a tenth of
      // activation's CPU, docs/performance.md §1): each chunk copies it once, in one ESM module
      // that re-exports it, and every module of the chunk imports that.
      build.onResolve({ filter: /^vscode$/ }, (args) =>
        args.namespace === 'vscode-api'
          ? { path: 'vscode', external: true }
          : { path: 'vscode', namespace: 'vscode-api' },
      );
      build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
        contents: "export * from 'vscode';",
        loader: 'js',
        resolveDir: root,
      }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving' || args.namespace === 'chunk-proxy') return undefined;
        if (args.kind === 'entry-point') return undefined;
        const target = packageChunkOf(args.path);
        if (target) {
          const used = packagesUsed.get(target.name) ?? new Set();
          used.add(args.path);
          packagesUsed.set(target.name, used);
          return { path: `${target.name}:${args.path}`, namespace: 'chunk-proxy' };
        }
        if (!args.path.startsWith('.') || !args.resolveDir.startsWith(path.join(root, 'src')))
          return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: 'resolving',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const file = relative(resolved.path);
        const entryOf = entries.get(file);
        if (entryOf && entryOf !== chunk.name) return { path: chunkFile(entryOf), external: true };
        const owner = owners.get(file);
        if (owner && owner !== chunk.name) return { path: `${owner}#${file}`, namespace: 'chunk-proxy' };
        return { path: resolved.path };
      });
      build.onLoad({ filter: /.*/, namespace: 'chunk-proxy' }, (args) => {
        const hash = args.path.indexOf('#');
        const contents =
          hash >= 0
            ? `module.exports = require("__chunk__/${args.path.slice(0, hash)}").__modules[${JSON.stringify(args.path.slice(hash + 1))}]();`
            : `module.exports = require("__chunk__/${args.path.slice(0, args.path.indexOf(':'))}")(${JSON.stringify(args.path.slice(args.path.indexOf(':') + 1))});`;
        return { contents, loader: 'js', resolveDir: root };
      });
    },
  };
}

/** The entry of a source chunk: its module's exports plus `__modules`, the table later chunks use. */
function chunkEntry(chunk, owned) {
  const entry = path.join(root, chunk.entry);
  const table = owned
    .filter((file) => file !== chunk.entry)
    .map((file) => `  ${JSON.stringify(file)}: () => require(${JSON.stringify(path.join(root, file))}),`);
  return `export * from ${JSON.stringify(entry)};\nexport const __modules = {\n${table.join('\n')}\n};\n`;
}

/** The entry of a package chunk: a function from a package name to the package, evaluated on demand. */
function packageEntry(chunk, specifiers) {
  const table = [...specifiers]
    .sort()
    .map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`);
  return (
    `const packages = {\n${table.join('\n')}\n};\n` +
    `module.exports = (name) => {\n` +
    `  const load = packages[name];\n` +
    `  if (!load) throw new Error("dist/${chunk.name}.js does not hold " + name + ": rebuild (node scripts/esbuild.js)");\n` +
    `  return load();\n};\n`
  );
}

const srcInputs = (metafile) =>
  Object.keys(metafile.inputs).filter((file) => file.startsWith('src/') && /\.ts$/.test(file));

/**
 * Builds every chunk. `write: false` keeps them in memory (tests). Returns {outputs: [{file, bytes,
 * inputs}], owners: Map(src file → chunk)}.
 */
async function buildChunks({ production = false, write = true, outdir = path.join(root, 'dist') } = {}) {
  const entries = new Map(SOURCE_CHUNKS.map((c) => [c.entry, c.name]));
  const owners = new Map();
  const packagesUsed = new Map();
  const outputs = [];
  for (const chunk of SOURCE_CHUNKS) {
    const options = (stdin) => ({
      ...commonOptions(production),
      stdin: { contents: stdin, resolveDir: root, sourcefile: `${chunk.name}-entry.js`, loader: 'ts' },
      outfile: path.join(outdir, `${chunk.name}.js`),
      plugins: [chunkPlugin(chunk, { owners, entries, packagesUsed })],
    });
    // Pass 1 finds the modules this chunk owns; pass 2 emits it with their table.
    const probe = await esbuild.build({
      ...options(`export * from ${JSON.stringify(path.join(root, chunk.entry))};`),
      write: false,
      sourcemap: false,
    });
    const owned = srcInputs(probe.metafile).filter((file) => !owners.has(file));
    const result = await esbuild.build({ ...options(chunkEntry(chunk, owned)), write });
    for (const file of owned) owners.set(file, chunk.name);
    outputs.push(...describeOutputs(result.metafile));
  }
  for (const chunk of PACKAGE_CHUNKS) {
    const used = packagesUsed.get(chunk.name);
    if (!used) continue;
    const result = await esbuild.build({
      ...commonOptions(production),
      stdin: { contents: packageEntry(chunk, used), resolveDir: root, sourcefile: `${chunk.name}-entry.js` },
      outfile: path.join(outdir, `${chunk.name}.js`),
      write,
    });
    outputs.push(...describeOutputs(result.metafile));
  }
  return { outputs, owners };
}

function describeOutputs(metafile) {
  return Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => ({ file, bytes: output.bytes, inputs: Object.keys(output.inputs) }));
}

/** What the activation bundle holds that it must not: [] when all is well. */
function violations(outputs) {
  const activation = outputs.find((o) => o.file.endsWith('dist/extension.js'));
  if (!activation) return ['no dist/extension.js was built'];
  const problems = [];
  for (const input of activation.inputs) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    if (pkg && LAZY_PACKAGES.some((lazy) => (lazy.endsWith('/') ? pkg.startsWith(lazy) : pkg === lazy)))
      problems.push(`dist/extension.js holds ${input} (package ${pkg} must load on first use)`);
    if (LAZY_SOURCES.some((lazy) => input.startsWith(lazy)))
      problems.push(`dist/extension.js holds ${input} (a feature: it must load on first use)`);
    if (input.endsWith('.schema.json'))
      problems.push(`dist/extension.js holds ${input} (the schema loads on first use)`);
  }
  return problems;
}

/** Builds in memory and lists what the activation bundle holds that it must not. */
async function activationViolations(production = true) {
  const { outputs } = await buildChunks({ production, write: false });
  return violations(outputs);
}

module.exports = {
  SOURCE_CHUNKS,
  PACKAGE_CHUNKS,
  LAZY_PACKAGES,
  LAZY_SOURCES,
  ACTIVATION_FILES,
  buildChunks,
  commonOptions,
  violations,
  activationViolations,
  root,
};
