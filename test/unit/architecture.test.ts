// The seams docs/architecture.md describes, checked on the source: gateways are built only in
// src/services.ts (its parts in src/wiring/ are handed them), and src/commands holds no
// background loops (polling and timers belong in src/workflows, where the editor-free pipelines and
// their tests run them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The composition root: services.ts and the feature wiring it calls (one file a feature). */
const COMPOSITION_ROOT = [
  'src/services.ts',
  'src/wiring/localRunWiring.ts',
  'src/wiring/metricsWiring.ts',
  'src/wiring/sessionWiring.ts',
  'src/wiring/treeViewsWiring.ts',
];
/** The one file that builds gateways; the wiring files are handed theirs. */
const GATEWAY_ROOT = 'src/services.ts';
/** Activation and the core's entry: they wire, like the composition root. */
const WIRING = ['src/extension.ts', 'src/core.ts'];

/** Calls that build a gateway (or a per-connection / per-endpoint value). */
const GATEWAY_BUILDERS =
  /\b(create\w*Gateway|lazyDockerGateway|perConnection|perDockerEndpoint|connectDocker|dockerGatewayOf)\s*(?:<[^>]*>)?\s*\(/g;

/** A gateway module may compose its own parts (lazyDockerGateway connects on first use). */
const GATEWAY_MODULE = /^src\/(aws|docker)\/\w+Gateway\.ts$/;

/** Where `text` (the file at `file`, relative to the repo) builds a gateway outside services.ts. */
export function gatewaysBuiltOutsideRoot(file: string, text: string): string[] {
  if (file === GATEWAY_ROOT || GATEWAY_MODULE.test(file)) return [];
  const found: string[] = [];
  for (const m of text.matchAll(GATEWAY_BUILDERS)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 9), m.index);
    if (!/function\s+$/.test(before)) found.push(`${file}: ${m[1] ?? ''}(`); // not its definition
  }
  return found;
}

/** Timers, sleeps and the polling modules: a command asks, calls a workflow, shows the result. */
const BACKGROUND_LOOPS: ReadonlyArray<[RegExp, string]> = [
  [/\bset(Interval|Timeout)\s*\(/, 'a timer'],
  [/\bsleep\b/, 'a sleep'],
  [/\bwhile\s*\(/, 'a while loop'],
  [
    // (a type-only import is no loop)
    /import\s+(?!type\b)[^;]*?from '[^']*\/(followTasks|rolloutWatcher|taskWait|pollingFollower|liveTailFollower|serviceFollower|logFollower)'/,
    'a polling module',
  ],
];

export function backgroundLoops(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // comments may talk about them
  return BACKGROUND_LOOPS.filter(([pattern]) => pattern.test(code)).map(([, what]) => `${file}: ${what}`);
}

/** Only the wiring (extension.ts, core.ts, the composition root) may import from src/commands. */
export function upwardImports(file: string, text: string): string[] {
  if (file.startsWith('src/commands/') || WIRING.includes(file) || COMPOSITION_ROOT.includes(file)) return [];
  return [...text.matchAll(/from '((?:\.\.?\/)+commands\/[^']*)'/g)].map((m) => `${file}: ${m[1] ?? ''}`);
}

function scan(check: (file: string, text: string) => string[], under = src): string[] {
  return sourceFiles(under).flatMap((f) =>
    check(path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')),
  );
}

describe('architecture', () => {
  it('builds every gateway in src/services.ts only (the wiring files are handed theirs)', () => {
    assert.deepEqual(scan(gatewaysBuiltOutsideRoot), []);
    const gone = COMPOSITION_ROOT.filter((f) => !fs.existsSync(path.join(root, f)));
    assert.deepEqual(gone, [], 'the composition root list names files that are gone');
  });

  it('the gateway check catches a command or deps module that builds its own', () => {
    const deps = 'const iam = perConnection(connections, (c) => createIamGateway(c.iam()));';
    assert.deepEqual(gatewaysBuiltOutsideRoot('src/commands/deploy/deployCommandDeps.ts', deps), [
      'src/commands/deploy/deployCommandDeps.ts: perConnection(',
      'src/commands/deploy/deployCommandDeps.ts: createIamGateway(',
    ]);
    const docker = 'const connection = connectDocker(resolveDockerEndpoint());';
    assert.deepEqual(gatewaysBuiltOutsideRoot('src/commands/image/buildImage.ts', docker), [
      'src/commands/image/buildImage.ts: connectDocker(',
    ]);
    assert.deepEqual(gatewaysBuiltOutsideRoot(GATEWAY_ROOT, deps), []);
    for (const file of [...COMPOSITION_ROOT.filter((f) => f !== GATEWAY_ROOT), 'src/wiring/newWiring.ts'])
      assert.deepEqual(gatewaysBuiltOutsideRoot(file, deps).length, 2, file);
  });

  it('nothing but the wiring imports from src/commands (no upward imports)', () => {
    assert.deepEqual(scan(upwardImports), []);
    const upward = "import type { X } from '../commands/taskDefinition/taskDefinitionCommandDeps';";
    assert.deepEqual(upwardImports('src/taskDefinitions/revisionTarget.ts', upward), [
      'src/taskDefinitions/revisionTarget.ts: ../commands/taskDefinition/taskDefinitionCommandDeps',
    ]);
  });

  it('shows progress only through ui/progress.ts (one idiom for busy, cancellable and uncancellable)', () => {
    const raw = scan((file, text) =>
      file !== 'src/ui/progress.ts' && /\.withProgress\s*\(/.test(text) ? [file] : [],
    );
    assert.deepEqual(raw, []);
  });

  it('keeps src/commands free of background loops (timers, sleeps, polling)', () => {
    assert.deepEqual(scan(backgroundLoops, path.join(src, 'commands')), []);
  });

  it('the loop check catches polling in a command', () => {
    const polling = [
      "import { followTasks } from '../../workflows/runTask/followTasks';",
      'while (!stopped) await sleep(5000);',
      'const timer = setInterval(refresh, 1000);',
    ].join('\n');
    assert.deepEqual(backgroundLoops('src/commands/runTask/runTaskRun.ts', polling), [
      'src/commands/runTask/runTaskRun.ts: a timer',
      'src/commands/runTask/runTaskRun.ts: a sleep',
      'src/commands/runTask/runTaskRun.ts: a while loop',
      'src/commands/runTask/runTaskRun.ts: a polling module',
    ]);
    assert.deepEqual(backgroundLoops('x.ts', '// no setTimeout( here, only in a comment'), []);
  });
});
