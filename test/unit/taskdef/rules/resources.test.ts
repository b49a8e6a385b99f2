import * as assert from 'node:assert/strict';
import { doc, problemsOf, ruleCases, sidecar, web } from './helpers';

ruleCases('container-cpu-sum', {
  pass: [
    [
      'equal to the task cpu',
      doc((td) => ((web(td).cpu = 128), td.containerDefinitions.push(sidecar({ cpu: 128 })))),
    ],
    ['no container cpu', doc()],
  ],
  fail: [
    [
      'more than the task cpu, at the task cpu',
      doc((td) => ((web(td).cpu = 256), td.containerDefinitions.push(sidecar({ cpu: 64 })))),
      '"256"',
    ],
  ],
});

ruleCases('container-memory-sum', {
  pass: [
    [
      'memory and memoryReservation within the task',
      doc(
        (td) => ((web(td).memory = 384), td.containerDefinitions.push(sidecar({ memoryReservation: 128 }))),
      ),
    ],
  ],
  fail: [
    [
      'memoryReservation counts when memory is not set',
      doc(
        (td) => ((web(td).memory = 384), td.containerDefinitions.push(sidecar({ memoryReservation: 256 }))),
      ),
      '"512"',
    ],
  ],
});

ruleCases('memory-reservation', {
  pass: [['below memory', doc((td) => ((web(td).memory = 512), (web(td).memoryReservation = 256)))]],
  fail: [
    [
      'equal to memory',
      doc((td) => ((web(td).memory = 256), (web(td).memoryReservation = 256))),
      '"memoryReservation": |256|',
    ],
    ['above memory', doc((td) => ((web(td).memory = 256), (web(td).memoryReservation = 384))), '384'],
  ],
});

ruleCases('container-memory-minimum', {
  pass: [['6 MiB', doc((td) => (web(td).memoryReservation = 6))]],
  fail: [['4 MiB', doc((td) => (web(td).memory = 4)), '"memory": |4|']],
});

describe('container resource messages', () => {
  it('names every container with its share', () => {
    const text = doc((td) => ((web(td).cpu = 256), td.containerDefinitions.push(sidecar({ cpu: 64 }))));
    assert.equal(
      problemsOf(text, 'container-cpu-sum')[0]!.message,
      `The containers reserve 320 CPU units (web 256, sidecar 64) but the task has 256: lower the containers' "cpu" or raise the task "cpu".`,
    );
  });
});
