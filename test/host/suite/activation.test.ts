// The extension is there and activates; how long a cold activation takes. The suite starts before
// anything activates the extension (index.ts opens the workspace without the files that match its
// activationEvents and copies them in afterwards), so the first activate() here is the cold start a
// user waits for after opening a folder with a task definition: loading dist/extension.js and
// running activate(). It fails, rather than passing without a figure, if the extension was active.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { extensionId, getExtension, manifest, metrics } from './helpers';

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
});
