import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, problemsOf, ruleCases } from './helpers';

ruleCases('fargate-network-mode', {
  pass: [
    ['awsvpc', doc()],
    [
      'EC2 definitions may use bridge',
      doc((td) => ((td.requiresCompatibilities = ['EC2']), (td.networkMode = 'bridge'))),
    ],
  ],
  fail: [
    ['bridge', doc((td) => (td.networkMode = 'bridge')), '"bridge"'],
    ['host', doc((td) => (td.networkMode = 'host')), '"host"'],
    ['missing, at the opening brace', doc((td) => delete td.networkMode), '{'],
  ],
});

ruleCases('fargate-requires-compatibilities', {
  pass: [
    ['FARGATE', doc()],
    ['EC2 and FARGATE', doc((td) => (td.requiresCompatibilities = ['EC2', 'FARGATE']))],
    ['EC2 only is a choice, not a mistake', doc((td) => (td.requiresCompatibilities = ['EC2']))],
  ],
  fail: [
    ['missing', doc((td) => delete td.requiresCompatibilities), '{'],
    ['empty', doc((td) => (td.requiresCompatibilities = [])), '[]'],
  ],
});

describe('network quick fixes', () => {
  it('replaces a wrong networkMode and adds a missing one after the last property', () => {
    const [fixed] = applyEveryFix(
      doc((td) => (td.networkMode = 'bridge')),
      'fargate-network-mode',
    );
    assert.match(fixed!, /"networkMode": "awsvpc"/);
    const [added] = applyEveryFix(
      doc((td) => delete td.networkMode),
      'fargate-network-mode',
    );
    assert.match(added!, /\n {2}\],\n {2}"networkMode": "awsvpc"\n\}\n$/);
  });

  it('adds requiresCompatibilities on its own line at the indentation of its siblings', () => {
    const [fixed] = applyEveryFix(
      doc((td) => delete td.requiresCompatibilities),
      'fargate-requires-compatibilities',
    );
    assert.match(fixed!, /\n {2}"requiresCompatibilities": \["FARGATE"\]\n\}\n$/);
    applyEveryFix(
      doc((td) => (td.requiresCompatibilities = [])),
      'fargate-requires-compatibilities',
    );
  });

  it('adds inline in a one-line document', () => {
    const text = JSON.stringify({ ...JSON.parse(doc()), networkMode: undefined });
    const [fixed] = applyEveryFix(text, 'fargate-network-mode');
    assert.ok(fixed!.endsWith(', "networkMode": "awsvpc"}'));
    assert.equal(problemsOf(fixed!, 'fargate-network-mode').length, 0);
  });
});
