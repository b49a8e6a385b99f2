import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, problemsOf, ruleCases, sidecar, web } from './helpers';

ruleCases('essential-container-required', {
  pass: [
    ['essential omitted (defaults to true)', doc((td) => delete web(td).essential)],
    ['one of two essential', doc((td) => td.containerDefinitions.push(sidecar()))],
  ],
  fail: [
    [
      'every container non-essential, at the containerDefinitions key',
      doc((td) => ((web(td).essential = false), td.containerDefinitions.push(sidecar()))),
      '"containerDefinitions"',
    ],
  ],
});

ruleCases('container-name-unique', {
  pass: [['different names', doc((td) => td.containerDefinitions.push(sidecar()))]],
  fail: [
    [
      'two containers named web, at the second name',
      doc((td) => td.containerDefinitions.push(sidecar({ name: 'web' }))),
      '"name": |"web"|',
      2,
    ],
  ],
});

ruleCases('depends-on-container', {
  pass: [
    [
      'names another container',
      doc(
        (td) => (
          (web(td).dependsOn = [{ containerName: 'sidecar', condition: 'START' }]),
          td.containerDefinitions.push(sidecar())
        ),
      ),
    ],
  ],
  fail: [
    [
      'unknown container',
      doc((td) => (web(td).dependsOn = [{ containerName: 'envoy', condition: 'START' }])),
      '"envoy"',
    ],
    [
      'itself',
      doc((td) => (web(td).dependsOn = [{ containerName: 'web', condition: 'START' }])),
      '"containerName": |"web"|',
    ],
  ],
});

ruleCases('depends-on-condition', {
  pass: [
    [
      'HEALTHY on a container with a health check',
      doc((td) => {
        web(td).dependsOn = [{ containerName: 'sidecar', condition: 'HEALTHY' }];
        td.containerDefinitions.push(sidecar({ healthCheck: { command: ['CMD', 'true'] } }));
      }),
    ],
    [
      'SUCCESS on a non-essential container',
      doc(
        (td) => (
          (web(td).dependsOn = [{ containerName: 'sidecar', condition: 'SUCCESS' }]),
          td.containerDefinitions.push(sidecar())
        ),
      ),
    ],
  ],
  fail: [
    [
      'HEALTHY without a health check',
      doc(
        (td) => (
          (web(td).dependsOn = [{ containerName: 'sidecar', condition: 'HEALTHY' }]),
          td.containerDefinitions.push(sidecar())
        ),
      ),
      '"HEALTHY"',
    ],
    [
      'COMPLETE on an essential container',
      doc((td) => {
        web(td).dependsOn = [{ containerName: 'sidecar', condition: 'COMPLETE' }];
        td.containerDefinitions.push(sidecar({ essential: true }));
      }),
      '"COMPLETE"',
    ],
  ],
});

describe('container quick fixes', () => {
  it('makes a container essential (one choice per container, the first preferred)', () => {
    const text = doc((td) => ((web(td).essential = false), td.containerDefinitions.push(sidecar())));
    const [p] = problemsOf(text, 'essential-container-required');
    assert.deepEqual(
      p!.fixes!.map((f) => [f.title, f.isPreferred]),
      [
        ['Make container "web" essential', true],
        ['Make container "sidecar" essential', false],
      ],
    );
    applyEveryFix(text, 'essential-container-required');
  });

  it('suggests the existing container names for an unknown dependsOn', () => {
    const text = doc((td) => {
      web(td).dependsOn = [{ containerName: 'side-car', condition: 'START' }];
      td.containerDefinitions.push(sidecar());
    });
    const [p] = problemsOf(text, 'depends-on-container');
    assert.equal(p!.message, 'No container is named "side-car": use one of "sidecar".');
    applyEveryFix(text, 'depends-on-container');
  });

  it('makes the awaited container non-essential for COMPLETE and SUCCESS', () => {
    const text = doc((td) => {
      web(td).dependsOn = [{ containerName: 'migrate', condition: 'SUCCESS' }];
      td.containerDefinitions.push({ name: 'migrate', image: 'public.ecr.aws/docker/library/busybox:1.36' });
    });
    const [fixed] = applyEveryFix(text, 'depends-on-condition');
    assert.match(fixed!, /"name": "migrate",\n\s+"image": "[^"]+",\n\s+"essential": false\n/);
  });
});
