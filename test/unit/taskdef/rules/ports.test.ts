import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, port, problemsOf, ruleCases, sidecar } from './helpers';

ruleCases('fargate-host-port', {
  pass: [
    ['hostPort omitted', doc()],
    ['hostPort equal to containerPort', doc((td) => (port(td).hostPort = 8080))],
    ['hostPort 0 (ECS fills in the containerPort)', doc((td) => (port(td).hostPort = 0))],
    [
      'EC2 bridge mode may map ports',
      doc(
        (td) => (
          (td.requiresCompatibilities = ['EC2']),
          (td.networkMode = 'bridge'),
          (port(td).hostPort = 80)
        ),
      ),
    ],
  ],
  fail: [
    ['hostPort 80 for containerPort 8080', doc((td) => (port(td).hostPort = 80)), '"hostPort": |80|'],
    [
      'also while networkMode still says bridge',
      doc((td) => ((td.networkMode = 'bridge'), (port(td).hostPort = 8000))),
      '"hostPort": |8000|',
    ],
  ],
});

ruleCases('port-conflict', {
  pass: [
    [
      'different ports',
      doc((td) => td.containerDefinitions.push(sidecar({ portMappings: [{ containerPort: 9090 }] }))),
    ],
  ],
  fail: [
    [
      'the same port in two containers',
      doc((td) => td.containerDefinitions.push(sidecar({ portMappings: [{ containerPort: 8080 }] }))),
      '"containerPort": |8080|',
      2,
    ],
  ],
});

describe('port quick fixes', () => {
  it('sets hostPort to containerPort (preferred) or removes it', () => {
    const text = doc((td) => (port(td).hostPort = 80));
    const [p] = problemsOf(text, 'fargate-host-port');
    assert.deepEqual(
      p!.fixes!.map((f) => [f.title, f.isPreferred ?? false]),
      [
        ['Set hostPort to 8080', true],
        ['Remove hostPort', false],
      ],
    );
    const [same, removed] = applyEveryFix(text, 'fargate-host-port');
    assert.match(same!, /"containerPort": 8080,\n\s+"protocol": "tcp",\n\s+"hostPort": 8080\n/);
    assert.doesNotMatch(removed!, /hostPort/);
  });
});
