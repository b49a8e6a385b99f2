/**
 * Task-level cpu and memory on Fargate: both required, each in a form ECS understands, and the pair
 * one of the Fargate task sizes (fargate.ts). Quick fixes offer the nearest valid memory for the cpu
 * (as choices) and the smallest cpu that takes the memory.
 */
import type { Node } from 'jsonc-parser';
import {
  describeCpu,
  describeMemory,
  fargateCpusForMemory,
  formatMemory,
  memoryStyle,
  nearestFargateMemories,
  parseCpu,
  parseMemory,
  validFargateCpus,
  validFargateMemories,
  type FargateOs,
} from '../fargate';
import type { Fix } from '../problems';
import { DOCS } from './docs';
import {
  insertProperty,
  jsonString,
  missingAnchor,
  problem,
  replaceNode,
  valueNode,
  type Rule,
} from './ruleContext';

function rawValue(node: Node | undefined): unknown {
  return node?.type === 'string' || node?.type === 'number' ? node.value : undefined;
}

/** Writes a cpu the way the author wrote the other one: vCPU when they used vCPU. */
function formatCpu(cpu: number, like: unknown): string {
  return typeof like === 'string' && /vcpu$/i.test(like) ? describeCpu(cpu) : String(cpu);
}

function osLabel(os: FargateOs): string {
  return os === 'windows' ? 'Windows containers on Fargate' : 'Fargate';
}

export const taskSizeRequired: Rule = {
  id: 'fargate-task-size-required',
  severity: 'error',
  docsUrl: DOCS.taskSize,
  description: 'Fargate needs task-level cpu and memory.',
  check(ctx) {
    if (!ctx.fargate) return [];
    const cpuNode = valueNode(ctx.root, 'cpu');
    const memNode = valueNode(ctx.root, 'memory');
    if (cpuNode && memNode) return [];
    const at = missingAnchor(ctx.root);
    if (!cpuNode && !memNode) {
      return [
        problem(
          this,
          at,
          'Fargate needs task-level "cpu" and "memory": add a valid pair, e.g. "cpu": "256", "memory": "512" (0.25 vCPU, 512 MiB).',
        ),
      ];
    }
    if (!memNode) {
      const cpu = parseCpu(rawValue(cpuNode));
      const choices = cpu === undefined ? [] : validFargateMemories(cpu, ctx.os).slice(0, 3);
      const fixes: Fix[] = choices.map((m, i) => ({
        title: `Add "memory": "${m}" (${describeMemory(m)})`,
        edits: [insertProperty(ctx.text, ctx.root, 'memory', jsonString(String(m)))],
        isPreferred: i === 0,
      }));
      const hint = choices.length
        ? ` with cpu ${describeCpu(cpu!)}: one of ${validFargateMemories(cpu!, ctx.os).map(String).join(', ')} MiB`
        : '';
      return [problem(this, at, `Fargate needs a task-level "memory"${hint}.`, fixes)];
    }
    const memory = parseMemory(rawValue(memNode));
    const choices = memory === undefined ? [] : fargateCpusForMemory(memory, ctx.os);
    const fixes: Fix[] = choices.map((c, i) => ({
      title: `Add "cpu": "${c}" (${describeCpu(c)})`,
      edits: [insertProperty(ctx.text, ctx.root, 'cpu', jsonString(String(c)))],
      isPreferred: i === 0,
    }));
    const hint = choices.length
      ? ` that takes ${describeMemory(memory!)}: ${choices.map((c) => `"${c}"`).join(' or ')}`
      : '';
    return [problem(this, at, `Fargate needs a task-level "cpu"${hint}.`, fixes)];
  },
};

export const cpuValue: Rule = {
  id: 'fargate-cpu-value',
  severity: 'error',
  docsUrl: DOCS.cpuMemoryError,
  description: 'Task cpu must be a Fargate size (256, 512, 1024, 2048, 4096, 8192, 16384 or "N vCPU").',
  check(ctx) {
    if (!ctx.fargate) return [];
    const cpuNode = valueNode(ctx.root, 'cpu');
    if (!cpuNode || (cpuNode.type !== 'string' && cpuNode.type !== 'number')) return [];
    const cpu = parseCpu(cpuNode.value);
    const valid = validFargateCpus(ctx.os);
    const list = valid.join(', ');
    if (cpu === undefined) {
      return [
        problem(
          this,
          cpuNode,
          `"cpu" must be CPU units like "1024" or vCPU like "1 vCPU"; ${osLabel(ctx.os)} takes ${list}.`,
        ),
      ];
    }
    if (valid.includes(cpu)) return [];
    const memory = parseMemory(rawValue(valueNode(ctx.root, 'memory')));
    const candidates = memory === undefined ? [] : fargateCpusForMemory(memory, ctx.os);
    const fixes: Fix[] = candidates.slice(0, 3).map((c, i) => ({
      title: `Change cpu to "${formatCpu(c, cpuNode.value)}" (${describeCpu(c)})`,
      edits: [replaceNode(cpuNode, jsonString(formatCpu(c, cpuNode.value)))],
      isPreferred: i === 0,
    }));
    // Named as the author wrote it: "300" means 300 CPU units, which is 0.29296875 vCPU.
    const written = `"cpu": ${JSON.stringify(cpuNode.value)}`;
    const near = [valid.filter((c) => c < cpu).at(-1), valid.find((c) => c > cpu)].filter(
      (c): c is number => c !== undefined,
    );
    const nearText = near.map((c) => `"${formatCpu(c, cpuNode.value)}" (${describeCpu(c)})`).join(' and ');
    if (candidates.length === 0) {
      fixes.push(
        ...near.map((c) => ({
          title: `Change cpu to "${formatCpu(c, cpuNode.value)}" (${describeCpu(c)})`,
          edits: [replaceNode(cpuNode, jsonString(formatCpu(c, cpuNode.value)))],
        })),
      );
    }
    const why =
      ctx.os === 'windows' && validFargateCpus('linux').includes(cpu)
        ? `Windows containers on Fargate need 1, 2 or 4 vCPU, not ${written} (${describeCpu(cpu)})`
        : `${written} is not a Fargate task size: the nearest are ${nearText}`;
    const instead = candidates.length
      ? `; for ${describeMemory(memory!)} of memory use ${candidates.map((c) => `"${formatCpu(c, cpuNode.value)}"`).join(' or ')}`
      : ` (${osLabel(ctx.os)} takes ${list})`;
    return [problem(this, cpuNode, `${why}${instead}.`, fixes)];
  },
};

export const memoryValue: Rule = {
  id: 'fargate-memory-value',
  severity: 'error',
  docsUrl: DOCS.cpuMemoryError,
  description: 'Task memory must be MiB ("2048") or GB ("2 GB").',
  check(ctx) {
    if (!ctx.fargate) return [];
    const memNode = valueNode(ctx.root, 'memory');
    if (!memNode || (memNode.type !== 'string' && memNode.type !== 'number')) return [];
    if (parseMemory(memNode.value) !== undefined) return [];
    return [
      problem(
        this,
        memNode,
        `"memory" must be MiB like "2048" or GB like "2 GB" (a whole number of MiB), not ${JSON.stringify(memNode.value)}.`,
      ),
    ];
  },
};

export const cpuMemoryPair: Rule = {
  id: 'fargate-cpu-memory',
  severity: 'error',
  docsUrl: DOCS.cpuMemoryError,
  description: 'Task memory must be one of the values Fargate allows for the task cpu.',
  check(ctx) {
    if (!ctx.fargate) return [];
    const cpuNode = valueNode(ctx.root, 'cpu');
    const memNode = valueNode(ctx.root, 'memory');
    const cpu = parseCpu(rawValue(cpuNode));
    const memory = parseMemory(rawValue(memNode));
    if (cpu === undefined || memory === undefined || !memNode) return [];
    const valid = validFargateMemories(cpu, ctx.os);
    if (valid.length === 0 || valid.includes(memory)) return [];
    const style = memoryStyle(memNode.value);
    const { below, above, nearest } = nearestFargateMemories(cpu, memory, ctx.os);
    const fixes: Fix[] = [below, above]
      .filter((m): m is number => m !== undefined)
      .sort((a, b) => (a === nearest ? -1 : b === nearest ? 1 : 0))
      .map((m) => ({
        title: `Change memory to "${formatMemory(m, style)}" (nearest valid for ${describeCpu(cpu)})`,
        edits: [replaceNode(memNode, jsonString(formatMemory(m, style)))],
        isPreferred: m === nearest,
      }));
    const cpus = fargateCpusForMemory(memory, ctx.os);
    const biggerCpu = cpus.find((c) => c > cpu) ?? cpus[cpus.length - 1];
    if (cpuNode && biggerCpu !== undefined) {
      fixes.push({
        title: `Change cpu to "${formatCpu(biggerCpu, cpuNode.value)}" (${describeCpu(biggerCpu)} takes ${describeMemory(memory)})`,
        edits: [replaceNode(cpuNode, jsonString(formatCpu(biggerCpu, cpuNode.value)))],
      });
    }
    const range =
      valid.length > 3
        ? `${valid[0]}–${valid[valid.length - 1]} MiB in steps of ${valid[1]! - valid[0]!}`
        : `${valid.join(', ')} MiB`;
    return [
      problem(
        this,
        memNode,
        `${describeMemory(memory)} is not valid with ${describeCpu(cpu)} on ${osLabel(ctx.os)}: use ${range}` +
          (nearest !== undefined ? ` (nearest: "${formatMemory(nearest, style)}")` : '') +
          (cpus.length ? `, or a cpu of ${cpus.map((c) => `"${c}"`).join(' or ')}` : '') +
          '.',
        fixes,
      ),
    ];
  },
};

export const platformVersion: Rule = {
  id: 'fargate-platform-version',
  severity: 'info',
  docsUrl: DOCS.platformVersions,
  description: '8 and 16 vCPU tasks need Linux platform version 1.4.0 or later.',
  check(ctx) {
    if (!ctx.fargate || ctx.os !== 'linux') return [];
    const cpuNode = valueNode(ctx.root, 'cpu');
    const cpu = parseCpu(rawValue(cpuNode));
    if (!cpuNode || cpu === undefined || cpu < 8192 || !validFargateCpus('linux').includes(cpu)) return [];
    return [
      problem(
        this,
        cpuNode,
        `${describeCpu(cpu)} needs Fargate platform version 1.4.0 or later: run it with platformVersion "LATEST" (the default) or "1.4.0", not an older pinned version.`,
      ),
    ];
  },
};

export const cpuMemoryRules: readonly Rule[] = [
  taskSizeRequired,
  cpuValue,
  memoryValue,
  cpuMemoryPair,
  platformVersion,
];
