// The extension is there and activates; how long a cold activation takes. The suite starts before
// anything activates the extension (index.ts opens the workspace without the files that match its
// activationEvents and copies them in afterwards), so the first activate() here is the cold start a
// user waits for after opening a folder with a task definition: loading dist/extension.js and
// running activate(). It fails, rather than passing without a figure, if the extension was active.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { extensionApi, extensionId, extensionPath, getExtension, manifest, metrics } from './helpers';

/** The extension's bundles Node has loaded (dist/*.js in require.cache), relative to the extension. */
function loadedBundles(): string[] {
  const dist = path.join(path.resolve(extensionPath()), 'dist') + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(dist))
    .map((file) => path.relative(path.dirname(dist), file).split(path.sep).join('/'))
    .sort();
}

describe('extension', () => {
  it('is installed in the extension host', () => {
    const ext = getExtension();
    const m = manifest();
    assert.equal(ext.id.toLowerCase(), extensionId().toLowerCase());
    assert.equal((ext.packageJSON as { version: string }).version, m.version);
  });

  it('activates (timed from a cold start)', async () => {
    const ext = getExtension();
    assert.equal(
      ext.isActive,
      false,
      'the extension was active before the suite started, so its cold activation cannot be measured: ' +
        'the test workspace must not match its activationEvents (see test/host/suite/index.ts)',
    );
    const t0 = performance.now();
    await ext.activate();
    const ms = Math.round(performance.now() - t0);
    assert.equal(ext.isActive, true);
    assert.ok(Number.isFinite(ms) && ms >= 0, `a figure for the activation: ${ms}`);
    console.log(`activation: ${ms} ms`);
    metrics.activationMs = ms;
  });

  // scripts/bundles.js: activation parses dist/extension.js only; the core, the SDK, ajv, dockerode
  // and the task-definition checks are chunks loaded on first use. Runs right after the cold
  // activation above (index.ts orders this file first), before any test uses a feature.
  it('loads no lazy chunk at activation (the core, the SDK, ajv, dockerode, the checks)', () => {
    assert.equal(getExtension().isActive, true);
    assert.deepEqual(loadedBundles(), ['dist/extension.js']);
  });

  // Whatever uses the extension first starts the core: here a view's first expansion, not a command.
  // The core then registers the real commands under the ids of the stand-ins, which must be retired
  // first (VS Code refuses an id registered twice: the tree would stay empty with "command … already
  // exists"). Afterwards a command runs its real handler.
  it("a view's first expansion starts the core, and the commands then run their real handlers", async () => {
    await (await extensionApi()).explorer.getChildren();
    assert.ok(loadedBundles().includes('dist/core.js'), `core not loaded: ${loadedBundles().join(', ')}`);
    await vscode.commands.executeCommand('ecsFargate.refresh');
  });
});
