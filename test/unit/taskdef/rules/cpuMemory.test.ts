import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, expectOne, problemsOf, ruleCases } from './helpers';

const windows = { cpuArchitecture: 'X86_64', operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' };

ruleCases('fargate-task-size-required', {
  pass: [
    ['cpu and memory set', doc()],
    [
      'EC2-only definitions may leave them out',
      doc((td) => ((td.requiresCompatibilities = ['EC2']), delete td.cpu, delete td.memory)),
    ],
  ],
  fail: [
    ['both missing, at the opening brace', doc((td) => (delete td.cpu, delete td.memory)), '{'],
    ['memory missing', doc((td) => delete td.memory), '{'],
  ],
});

ruleCases('fargate-cpu-value', {
  pass: [
    ['vCPU form', doc((td) => ((td.cpu = '1 vCPU'), (td.memory = '2048')))],
    ['fractional vCPU', doc((td) => ((td.cpu = '0.25 vcpu'), (td.memory = '512')))],
    [
      'Windows with 1 vCPU',
      doc((td) => ((td.cpu = '1024'), (td.memory = '2048'), (td.runtimePlatform = windows))),
    ],
  ],
  fail: [
    ['3 vCPU', doc((td) => ((td.cpu = '3 vCPU'), (td.memory = '8192'))), '"3 vCPU"'],
    ['not a number', doc((td) => (td.cpu = 'two cores')), '"two cores"'],
    [
      'Windows with 0.5 vCPU',
      doc((td) => ((td.cpu = '512'), (td.memory = '1024'), (td.runtimePlatform = windows))),
      '"512"',
    ],
    [
      'Windows with 16 vCPU',
      doc((td) => ((td.cpu = '16384'), (td.memory = '32768'), (td.runtimePlatform = windows))),
      '"16384"',
    ],
  ],
});

ruleCases('fargate-memory-value', {
  pass: [
    ['GB with a space', doc((td) => (td.memory = '0.5 GB'))],
    ['GB without a space', doc((td) => ((td.cpu = '512'), (td.memory = '4GB')))],
  ],
  fail: [
    ['MB is not a unit ECS takes', doc((td) => (td.memory = '512MB')), '"512MB"'],
    ['half a MiB', doc((td) => (td.memory = '0.0001GB')), '"0.0001GB"'],
  ],
});

ruleCases('fargate-cpu-memory', {
  pass: [
    ['every pair of the table', doc((td) => ((td.cpu = '4096'), (td.memory = '30720')))],
    ['8 vCPU in 4 GB steps', doc((td) => ((td.cpu = '8 vCPU'), (td.memory = '20 GB')))],
    ['16 vCPU in 8 GB steps', doc((td) => ((td.cpu = '16384'), (td.memory = '122880')))],
    [
      'EC2 definitions are not checked',
      doc((td) => ((td.requiresCompatibilities = ['EC2']), (td.memory = '3000'))),
    ],
  ],
  fail: [
    ['0.25 vCPU with 4 GB', doc((td) => (td.memory = '4096')), '"4096"'],
    ['8 vCPU off the 4 GB step', doc((td) => ((td.cpu = '8192'), (td.memory = '18432'))), '"18432"'],
    [
      'a JSON number is still checked',
      doc((td) => ((td.cpu = 1024), (td.memory = 1024))),
      '"memory": |1024|',
    ],
  ],
});

ruleCases('fargate-platform-version', {
  pass: [['4 vCPU', doc((td) => ((td.cpu = '4096'), (td.memory = '8192')))]],
  fail: [['8 vCPU', doc((td) => ((td.cpu = '8192'), (td.memory = '16384'))), '"8192"']],
});

describe('cpu/memory quick fixes', () => {
  it('offers the nearest valid memory values for the cpu, nearest first and preferred', () => {
    const text = doc((td) => ((td.cpu = '1024'), (td.memory = '2500')));
    const [p] = problemsOf(text, 'fargate-cpu-memory');
    assert.deepEqual(
      p!.fixes!.map((f) => [f.title, f.isPreferred ?? false]),
      [
        ['Change memory to "2048" (nearest valid for 1 vCPU)', true],
        ['Change memory to "3072" (nearest valid for 1 vCPU)', false],
      ],
    );
    for (const fixed of applyEveryFix(text, 'fargate-cpu-memory'))
      assert.equal(problemsOf(fixed, 'fargate-cpu-value').length, 0);
  });

  it('keeps the GB style of the author and offers a bigger cpu when the memory is above the range', () => {
    const text = doc((td) => (td.memory = '3 GB'));
    const p = expectOne(text, 'fargate-cpu-memory', '"3 GB"');
    assert.match(p.message, /use 512, 1024, 2048 MiB \(nearest: "2 GB"\), or a cpu of "512" or "1024"/);
    assert.deepEqual(
      p.fixes!.map((f) => f.title),
      ['Change memory to "2 GB" (nearest valid for 0.25 vCPU)', 'Change cpu to "512" (0.5 vCPU takes 3 GB)'],
    );
    applyEveryFix(text, 'fargate-cpu-memory');
  });

  it('adds the memory (smallest valid first) or the cpu when one of them is missing', () => {
    const noMemory = doc((td) => delete td.memory);
    const [m] = problemsOf(noMemory, 'fargate-task-size-required');
    assert.match(m!.message, /with cpu 0\.25 vCPU: one of 512, 1024, 2048 MiB/);
    assert.deepEqual(
      m!.fixes!.map((f) => f.title),
      ['Add "memory": "512" (512 MiB)', 'Add "memory": "1024" (1 GB)', 'Add "memory": "2048" (2 GB)'],
    );
    applyEveryFix(noMemory, 'fargate-task-size-required');
    const noCpu = doc((td) => ((td.memory = '4096'), delete td.cpu));
    const [c] = problemsOf(noCpu, 'fargate-task-size-required');
    assert.deepEqual(
      c!.fixes!.map((f) => f.title),
      ['Add "cpu": "512" (0.5 vCPU)', 'Add "cpu": "1024" (1 vCPU)', 'Add "cpu": "2048" (2 vCPU)'],
    );
    applyEveryFix(noCpu, 'fargate-task-size-required');
  });

  it('names the cpu as the author wrote it and the valid sizes near it', () => {
    const [p] = problemsOf(
      doc((td) => ((td.cpu = '300'), (td.memory = '512'))),
      'fargate-cpu-value',
    );
    assert.equal(
      p!.message,
      '"cpu": "300" is not a Fargate task size: the nearest are "256" (0.25 vCPU) and "512" (0.5 vCPU); ' +
        'for 512 MiB of memory use "256".',
    );
    assert.doesNotMatch(p!.message, /0\.29/);
    const noMemory = doc((td) => ((td.cpu = '300'), delete td.memory));
    const [q] = problemsOf(noMemory, 'fargate-cpu-value');
    assert.match(
      q!.message,
      /^"cpu": "300" is not a Fargate task size: the nearest are "256" .* \(Fargate takes 256, 512/,
    );
    assert.deepEqual(
      q!.fixes!.map((f) => f.title),
      ['Change cpu to "256" (0.25 vCPU)', 'Change cpu to "512" (0.5 vCPU)'],
    );
  });

  it('changes an invalid cpu to one that takes the memory, in the same vCPU style', () => {
    const text = doc((td) => ((td.cpu = '3 vCPU'), (td.memory = '8192')));
    const [p] = problemsOf(text, 'fargate-cpu-value');
    assert.deepEqual(
      p!.fixes!.map((f) => f.title),
      [
        'Change cpu to "1 vCPU" (1 vCPU)',
        'Change cpu to "2 vCPU" (2 vCPU)',
        'Change cpu to "4 vCPU" (4 vCPU)',
      ],
    );
    applyEveryFix(text, 'fargate-cpu-value');
  });
});
