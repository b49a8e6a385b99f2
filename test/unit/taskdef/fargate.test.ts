import * as assert from 'node:assert/strict';
import {
  FARGATE_TASK_SIZES,
  describeCpu,
  fargateCpusForMemory,
  formatMemory,
  isValidFargateSize,
  memoryStyle,
  nearestFargateMemories,
  parseCpu,
  parseMemory,
  validFargateCpus,
  validFargateMemories,
} from '../../../src/taskdef/fargate';

describe('Fargate task sizes', () => {
  it('has the table of the AWS documentation', () => {
    const rows = FARGATE_TASK_SIZES.map((s) => [
      s.cpu,
      s.memory[0],
      s.memory[s.memory.length - 1],
      s.memory.length,
    ]);
    assert.deepEqual(rows, [
      [256, 512, 2048, 3],
      [512, 1024, 4096, 4],
      [1024, 2048, 8192, 7],
      [2048, 4096, 16384, 13],
      [4096, 8192, 30720, 23],
      [8192, 16384, 61440, 12],
      [16384, 32768, 122880, 12],
    ]);
    assert.deepEqual(validFargateMemories(256), [512, 1024, 2048]);
    assert.deepEqual(validFargateMemories(8192).slice(0, 3), [16384, 20480, 24576]);
    assert.deepEqual(validFargateMemories(16384).slice(0, 3), [32768, 40960, 49152]);
    assert.deepEqual(validFargateMemories(300), []);
  });

  it('limits Windows to 1, 2 and 4 vCPU', () => {
    assert.deepEqual(validFargateCpus('windows'), [1024, 2048, 4096]);
    assert.deepEqual(validFargateCpus(), [256, 512, 1024, 2048, 4096, 8192, 16384]);
    assert.deepEqual(validFargateMemories(512, 'windows'), []);
    assert.ok(isValidFargateSize(1024, 2048, 'windows'));
    assert.ok(!isValidFargateSize(8192, 16384, 'windows'));
    assert.ok(
      FARGATE_TASK_SIZES.filter((s) => s.minLinuxPlatformVersion === '1.4.0').every((s) => s.cpu >= 8192),
    );
  });

  it('parses cpu in units and vCPU, and memory in MiB and GB', () => {
    const cpus: Array<[unknown, number | undefined]> = [
      ['256', 256],
      ['1 vCPU', 1024],
      ['1 vcpu', 1024],
      ['2vCPU', 2048],
      ['.25 vCPU', 256],
      ['0.5 vCPU', 512],
      [1024, 1024],
      ['1.1 vCPU', undefined],
      ['1 core', undefined],
      ['', undefined],
      [' 256', undefined],
      [-1, undefined],
      [null, undefined],
    ];
    for (const [input, expected] of cpus) assert.equal(parseCpu(input), expected, String(input));
    const memories: Array<[unknown, number | undefined]> = [
      ['512', 512],
      ['2GB', 2048],
      ['2 GB', 2048],
      ['2 gb', 2048],
      ['0.5GB', 512],
      ['120 GB', 122880],
      [4096, 4096],
      ['512MB', undefined],
      ['2 GiB', undefined],
      ['0.0001GB', undefined],
    ];
    for (const [input, expected] of memories) assert.equal(parseMemory(input), expected, String(input));
  });

  it('finds the nearest valid memory on both sides (ties go up)', () => {
    assert.deepEqual(nearestFargateMemories(1024, 2500), { below: 2048, above: 3072, nearest: 2048 });
    assert.deepEqual(nearestFargateMemories(1024, 2560), { below: 2048, above: 3072, nearest: 3072 });
    assert.deepEqual(nearestFargateMemories(256, 4096), { below: 2048, above: undefined, nearest: 2048 });
    assert.deepEqual(nearestFargateMemories(4096, 1024), { below: undefined, above: 8192, nearest: 8192 });
    assert.deepEqual(fargateCpusForMemory(2048), [256, 512, 1024]);
    assert.deepEqual(fargateCpusForMemory(2048, 'windows'), [1024]);
  });

  it('writes values in the style the author used', () => {
    assert.equal(memoryStyle('2 GB'), 'gb-spaced');
    assert.equal(memoryStyle('2gb'), 'gb');
    assert.equal(memoryStyle('2048'), 'mib');
    assert.equal(formatMemory(2048, 'gb-spaced'), '2 GB');
    assert.equal(formatMemory(2048, 'gb'), '2GB');
    assert.equal(formatMemory(512, 'gb'), '512');
    assert.equal(describeCpu(256), '0.25 vCPU');
  });
});
