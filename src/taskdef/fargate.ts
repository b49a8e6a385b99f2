/**
 * The Fargate task sizes: which task-level `cpu` goes with which `memory`, and on which operating
 * system. Source: "Troubleshoot invalid CPU or memory" (task-cpu-memory-error.html) and the
 * RegisterTaskDefinition `cpu`/`memory` documentation. Used by the cpu/memory rules, their quick
 * fixes and the scaffold command (which offers only valid pairs).
 *
 * ECS takes `cpu` in CPU units ("1024") or vCPU ("1 vCPU", "1 vcpu"), and `memory` in MiB ("2048")
 * or GB ("2GB", "2 GB"), and converts them when the definition is registered.
 */

export type FargateOs = 'linux' | 'windows';

export interface FargateTaskSize {
  /** CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  /** The allowed task memory values in MiB, ascending. */
  readonly memory: readonly number[];
  /** Windows containers on Fargate take only 1, 2 and 4 vCPU. */
  readonly windows: boolean;
  /** 8 and 16 vCPU need Linux platform version 1.4.0 or later (LATEST is 1.4.0). */
  readonly minLinuxPlatformVersion?: '1.4.0';
}

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export const FARGATE_TASK_SIZES: readonly FargateTaskSize[] = [
  { cpu: 256, memory: [512, 1024, 2048], windows: false },
  { cpu: 512, memory: steps(1024, 4096, 1024), windows: false },
  { cpu: 1024, memory: steps(2048, 8192, 1024), windows: true },
  { cpu: 2048, memory: steps(4096, 16384, 1024), windows: true },
  { cpu: 4096, memory: steps(8192, 30720, 1024), windows: true },
  { cpu: 8192, memory: steps(16384, 61440, 4096), windows: false, minLinuxPlatformVersion: '1.4.0' },
  { cpu: 16384, memory: steps(32768, 122880, 8192), windows: false, minLinuxPlatformVersion: '1.4.0' },
];

/** The table row for a cpu value (in CPU units), whatever the operating system. */
export function fargateTaskSize(cpu: number): FargateTaskSize | undefined {
  return FARGATE_TASK_SIZES.find((s) => s.cpu === cpu);
}

/** The task cpu values Fargate accepts on an operating system, ascending. */
export function validFargateCpus(os: FargateOs = 'linux'): number[] {
  return FARGATE_TASK_SIZES.filter((s) => os === 'linux' || s.windows).map((s) => s.cpu);
}

/** The memory values (MiB) Fargate accepts with this task cpu; empty when the cpu itself is not valid. */
export function validFargateMemories(cpu: number, os: FargateOs = 'linux'): readonly number[] {
  const size = fargateTaskSize(cpu);
  if (!size || (os === 'windows' && !size.windows)) return [];
  return size.memory;
}

/** The cpu values that accept this memory, ascending. */
export function fargateCpusForMemory(memory: number, os: FargateOs = 'linux'): number[] {
  return FARGATE_TASK_SIZES.filter((s) => (os === 'linux' || s.windows) && s.memory.includes(memory)).map(
    (s) => s.cpu,
  );
}

export function isValidFargateSize(cpu: number, memory: number, os: FargateOs = 'linux'): boolean {
  return validFargateMemories(cpu, os).includes(memory);
}

/**
 * The valid memory values on either side of an invalid one for this cpu: the largest below and the
 * smallest above (either may be missing), and which of them is nearer (ties go up: more memory is
 * the safer guess for a container that was given too little).
 */
export function nearestFargateMemories(
  cpu: number,
  memory: number,
  os: FargateOs = 'linux',
): { below?: number; above?: number; nearest?: number } {
  const valid = validFargateMemories(cpu, os);
  let below: number | undefined;
  let above: number | undefined;
  for (const m of valid) {
    if (m < memory) below = m;
    else if (m > memory && above === undefined) above = m;
  }
  let nearest: number | undefined;
  if (below === undefined) nearest = above;
  else if (above === undefined) nearest = below;
  else nearest = memory - below < above - memory ? below : above;
  return { below, above, nearest };
}

const CPU_UNITS = /^\d+$/;
const VCPU = /^(\d+(?:\.\d+)?|\.\d+) ?vcpu$/i;
const MIB = /^\d+$/;
const GB = /^(\d+(?:\.\d+)?|\.\d+) ?gb$/i;

/**
 * Task cpu in CPU units: `"1024"`, `"1 vCPU"`, `"1vcpu"`, `".25 vCPU"` (and a JSON number, which the
 * schema reports separately because the API wants a string). Undefined when it is not one of these
 * forms or is not a whole number of units.
 */
export function parseCpu(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (CPU_UNITS.test(value)) return Number(value);
  const m = VCPU.exec(value);
  return m?.[1] !== undefined ? wholeOrUndefined(Number(m[1]) * 1024) : undefined;
}

/** Task memory in MiB: `"2048"`, `"2GB"`, `"2 GB"`, `"0.5GB"` (and a JSON number). */
export function parseMemory(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (MIB.test(value)) return Number(value);
  const m = GB.exec(value);
  return m?.[1] !== undefined ? wholeOrUndefined(Number(m[1]) * 1024) : undefined;
}

function wholeOrUndefined(n: number): number | undefined {
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** How a memory value was written, so a suggestion keeps the author's style. */
export type MemoryStyle = 'mib' | 'gb' | 'gb-spaced';

export function memoryStyle(value: unknown): MemoryStyle {
  if (typeof value !== 'string' || !/gb$/i.test(value)) return 'mib';
  return / gb$/i.test(value) ? 'gb-spaced' : 'gb';
}

/** Writes MiB in a style: GB styles fall back to MiB when the value is not a whole number of GB. */
export function formatMemory(mib: number, style: MemoryStyle = 'mib'): string {
  if (style === 'mib' || mib % 1024 !== 0) return String(mib);
  return style === 'gb' ? `${mib / 1024}GB` : `${mib / 1024} GB`;
}

/** `256` → `"0.25 vCPU"`, `4096` → `"4 vCPU"`. */
export function describeCpu(cpu: number): string {
  return `${cpu / 1024} vCPU`;
}

/** `512` → `"512 MiB"`, `3072` → `"3 GB"`. */
export function describeMemory(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024} GB` : `${mib} MiB`;
}
