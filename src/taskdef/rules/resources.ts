/**
 * Container-level cpu and memory against the task's: the containers' totals must fit in the task,
 * and a container's soft limit (`memoryReservation`) must be below its hard limit (`memory`).
 */
import { describeMemory, parseCpu, parseMemory } from '../fargate';
import type { Problem } from '../problems';
import { DOCS } from './docs';
import { numberValue, problem, valueNode, type Rule } from './ruleContext';

/** Docker 20.10+ refuses containers with less than 6 MiB. */
const MIN_CONTAINER_MEMORY = 6;

function taskValue(node: ReturnType<typeof valueNode>): unknown {
  return node?.type === 'string' || node?.type === 'number' ? node.value : undefined;
}

export const containerCpuSum: Rule = {
  id: 'container-cpu-sum',
  severity: 'error',
  docsUrl: DOCS.containerDefinition,
  description: "The containers' cpu must add up to no more than the task cpu.",
  check(ctx) {
    const taskCpuNode = valueNode(ctx.root, 'cpu');
    const taskCpu = parseCpu(taskValue(taskCpuNode));
    if (!taskCpuNode || taskCpu === undefined) return [];
    const parts = ctx.containers
      .map((c) => ({ c, cpu: numberValue(valueNode(c.node, 'cpu')) ?? 0 }))
      .filter((p) => p.cpu > 0);
    const total = parts.reduce((sum, p) => sum + p.cpu, 0);
    if (total <= taskCpu) return [];
    const detail = parts.map((p) => `${p.c.name ?? `#${p.c.index + 1}`} ${p.cpu}`).join(', ');
    return [
      problem(
        this,
        taskCpuNode,
        `The containers reserve ${total} CPU units (${detail}) but the task has ${taskCpu}: lower the containers' "cpu" or raise the task "cpu".`,
      ),
    ];
  },
};

export const containerMemorySum: Rule = {
  id: 'container-memory-sum',
  severity: 'error',
  docsUrl: DOCS.containerDefinition,
  description: "The containers' memory (or memoryReservation) must add up to no more than the task memory.",
  check(ctx) {
    const taskMemNode = valueNode(ctx.root, 'memory');
    const taskMemory = parseMemory(taskValue(taskMemNode));
    if (!taskMemNode || taskMemory === undefined) return [];
    const parts = ctx.containers
      .map((c) => ({
        c,
        mib:
          numberValue(valueNode(c.node, 'memory')) ??
          numberValue(valueNode(c.node, 'memoryReservation')) ??
          0,
      }))
      .filter((p) => p.mib > 0);
    const total = parts.reduce((sum, p) => sum + p.mib, 0);
    if (total <= taskMemory) return [];
    const detail = parts.map((p) => `${p.c.name ?? `#${p.c.index + 1}`} ${p.mib}`).join(', ');
    return [
      problem(
        this,
        taskMemNode,
        `The containers need ${total} MiB (${detail}) but the task has ${taskMemory} MiB (${describeMemory(taskMemory)}): lower the containers' "memory" or raise the task "memory".`,
      ),
    ];
  },
};

export const memoryReservation: Rule = {
  id: 'memory-reservation',
  severity: 'error',
  docsUrl: DOCS.containerDefinition,
  description: "A container's memoryReservation must be lower than its memory.",
  check(ctx) {
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      const memNode = valueNode(c.node, 'memory');
      const resNode = valueNode(c.node, 'memoryReservation');
      const memory = numberValue(memNode);
      const reservation = numberValue(resNode);
      if (!resNode || memory === undefined || reservation === undefined || reservation < memory) continue;
      out.push(
        problem(
          this,
          resNode,
          `${c.label}: "memoryReservation" (${reservation} MiB, the soft limit) must be lower than "memory" (${memory} MiB, the hard limit): lower it or remove "memory".`,
        ),
      );
    }
    return out;
  },
};

export const containerMemoryMinimum: Rule = {
  id: 'container-memory-minimum',
  severity: 'warning',
  docsUrl: DOCS.containerDefinition,
  description: 'Docker does not start containers with less than 6 MiB of memory.',
  check(ctx) {
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      for (const key of ['memory', 'memoryReservation']) {
        const node = valueNode(c.node, key);
        const mib = numberValue(node);
        if (node && mib !== undefined && mib < MIN_CONTAINER_MEMORY) {
          out.push(
            problem(
              this,
              node,
              `${c.label}: "${key}" is ${mib} MiB; Docker needs at least ${MIN_CONTAINER_MEMORY} MiB.`,
            ),
          );
        }
      }
    }
    return out;
  },
};

export const resourceRules: readonly Rule[] = [
  containerCpuSum,
  containerMemorySum,
  memoryReservation,
  containerMemoryMinimum,
];
