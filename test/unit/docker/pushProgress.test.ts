import * as assert from 'node:assert/strict';
import { PushProgress } from '../../../src/docker/pushProgress';
import type { DockerStreamEvent } from '../../../src/docker/streamParser';

const status = (id: string, s: string, current?: number, total?: number): DockerStreamEvent => ({
  kind: 'status',
  status: s,
  id,
  ...(current !== undefined ? { progressDetail: { current, total } } : {}),
});

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const C = 'cccccccccccc';

describe('PushProgress', () => {
  it('aggregates per-layer bytes into one percentage and counts pushed vs already present', () => {
    const p = new PushProgress();
    for (const id of [A, B, C]) p.apply(status(id, 'Preparing'));
    p.apply(status(A, 'Layer already exists'));
    p.apply(status(B, 'Pushing', 500, 1000));
    p.apply(status(C, 'Pushing', 0, 1000));
    assert.equal(p.summary().percent, 50); // A (1000, done) + B 500 of 3000
    p.apply(status(B, 'Pushed'));
    p.apply(status(C, 'Pushing', 1000, 1000));
    p.apply(status(C, 'Pushed'));
    const s = p.summary();
    assert.equal(s.percent, 100);
    assert.equal(s.layers, 3);
    assert.equal(s.pushed, 2);
    assert.equal(s.alreadyPresent, 1);
    assert.equal(s.bytesPushed, 2000);
    assert.equal(s.bytesTotal, 2000);
  });

  it('counts "Mounted from" as already present, ignores non-layer ids, and never goes backwards', () => {
    const p = new PushProgress();
    assert.equal(p.apply(status('v1', 'The push refers to repository [x]')), false);
    p.apply(status(A, 'Pushing', 90, 100));
    p.apply(status(B, 'Waiting'));
    const before = p.summary().percent;
    // B turns out to be huge: the computed share drops, the reported one does not.
    p.apply(status(B, 'Pushing', 0, 1_000_000));
    assert.ok(p.summary().percent >= before);
    p.apply(status(C, 'Mounted from library/base'));
    assert.equal(p.summary().alreadyPresent, 1);
  });

  it('a push of nothing but existing layers is 100 %', () => {
    const p = new PushProgress();
    p.apply(status(A, 'Layer already exists'));
    p.apply(status(B, 'Layer already exists'));
    assert.equal(p.summary().percent, 100);
    assert.equal(p.summary().pushed, 0);
  });
});
