/**
 * What a Dockerfile tells the task-definition scaffold: the final stage's EXPOSEd ports, base image,
 * `--platform` (and so the ECS cpuArchitecture) and HEALTHCHECK as an ECS health check. Uses the
 * same instruction reader as the build (dockerfile.ts). Editor-free.
 */
import { readInstructions } from './dockerfile';

export type CpuArchitecture = 'X86_64' | 'ARM64';
export type PortProtocol = 'tcp' | 'udp';

export interface ExposedPort {
  readonly port: number;
  readonly protocol: PortProtocol;
}

/** An ECS container health check (ranges: interval 5–300 s, timeout 2–60 s, retries 1–10, startPeriod 0–300 s). */
export interface HealthCheckSpec {
  /** `["CMD-SHELL", "…"]` or `["CMD", "exe", "arg"…]`. */
  readonly command: readonly string[];
  readonly interval?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly startPeriod?: number;
}

/** Docker's `os/arch[/variant]` → the ECS cpuArchitecture, when ECS has one for it. */
export function architectureOfPlatform(platform: string): CpuArchitecture | undefined {
  const arch = platform.toLowerCase().split('/')[1];
  if (arch === 'amd64' || arch === 'x86_64' || arch === 'x86-64') return 'X86_64';
  if (arch === 'arm64' || arch === 'aarch64') return 'ARM64';
  return undefined;
}

/** Node's `process.arch` → the cpuArchitecture an image built on this machine has by default. */
export function architectureOfHost(arch: string): CpuArchitecture {
  return arch === 'arm64' ? 'ARM64' : 'X86_64';
}

export interface DockerfileFacts {
  /** The final stage's EXPOSEd ports (with those of the stages it builds on), in order, once each. */
  readonly ports: readonly ExposedPort[];
  /** EXPOSE arguments not turned into ports: `$PORT`/`${PORT}` (left alone), ranges, sctp. */
  readonly otherPorts: readonly string[];
  /** The final stage's base image, followed through `FROM <earlier stage>`; may contain `${ARG}`. */
  readonly baseImage?: string;
  /** A literal `--platform=` of the final stage (or a stage it builds on), e.g. `linux/arm64`. */
  readonly platform?: string;
  /** The ECS architecture of that platform. */
  readonly architecture?: CpuArchitecture;
  /**
   * The final stage's HEALTHCHECK (or an inherited one) as an ECS health check: exec form →
   * `CMD`, shell form → `CMD-SHELL`; Docker's defaults made explicit (timeout 30 s), durations in
   * whole seconds within ECS's ranges. Undefined for none or `HEALTHCHECK NONE`.
   */
  readonly healthCheck?: HealthCheckSpec;
}

interface Stage {
  readonly name?: string;
  readonly from: string;
  readonly platform?: string;
  readonly parent?: Stage;
  readonly ports: ExposedPort[];
  readonly otherPorts: string[];
  /** 'none' for HEALTHCHECK NONE (it switches off an inherited check). */
  healthCheck?: HealthCheckSpec | 'none';
}

function parseFrom(args: string, stages: readonly Stage[]): Stage | undefined {
  const tokens = args.split(/\s+/).filter(Boolean);
  let platform: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const flag = /^--platform(?:=(.*))?$/i.exec(token);
    if (flag) {
      platform = flag[1] ?? tokens[++i];
      continue;
    }
    if (token.startsWith('--')) continue;
    rest.push(token);
  }
  const from = rest[0];
  if (!from) return undefined;
  const name = rest[1]?.toLowerCase() === 'as' ? rest[2] : undefined;
  const parent = [...stages]
    .reverse()
    .find((s) => s.name !== undefined && s.name.toLowerCase() === from.toLowerCase());
  return {
    ...(name ? { name } : {}),
    from,
    ...(platform && !platform.includes('$') ? { platform } : {}),
    ...(parent ? { parent } : {}),
    ports: [],
    otherPorts: [],
  };
}

/** Go durations as Docker takes them (`30s`, `1m30s`, `500ms`) → whole seconds, rounded up. */
export function durationSeconds(text: string): number | undefined {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  if (!/^(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    seconds += Number(m[1]) * (units[m[2] ?? 's'] ?? 1);
  }
  return Math.ceil(seconds - 1e-9);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function parseHealthCheck(args: string): HealthCheckSpec | 'none' | undefined {
  const m = /^((?:--[a-z-]+=\S+\s+)*)(cmd|none)\b\s*(.*)$/is.exec(args.trim());
  if (!m) return undefined;
  if (m[2]?.toLowerCase() === 'none') return 'none';
  const body = (m[3] ?? '').trim();
  if (body === '') return undefined;
  let command: string[] = ['CMD-SHELL', body];
  if (body.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((a) => typeof a === 'string')) {
        command = ['CMD', ...parsed];
      }
    } catch {
      // Not valid JSON: Docker runs it as a shell command too.
    }
  }
  const option = (name: string): number | undefined => {
    const value = new RegExp(`--${name}=(\\S+)`, 'i').exec(m[1] ?? '')?.[1];
    if (value === undefined) return undefined;
    return name === 'retries' ? (/^\d+$/.test(value) ? Number(value) : undefined) : durationSeconds(value);
  };
  const interval = option('interval');
  const timeout = option('timeout');
  const startPeriod = option('start-period');
  const retries = option('retries');
  return {
    command,
    interval: clamp(interval ?? 30, 5, 300),
    // Docker's default timeout is 30 s (ECS's is 5 s): keep what the image was written for.
    timeout: clamp(timeout ?? 30, 2, 60),
    retries: clamp(retries ?? 3, 1, 10),
    ...(startPeriod !== undefined ? { startPeriod: clamp(startPeriod, 0, 300) } : {}),
  };
}

function addExpose(stage: Stage, args: string): void {
  for (const token of args.split(/\s+/).filter(Boolean)) {
    const m = /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(token);
    const port = m ? Number(m[1]) : NaN;
    if (!m || port < 1 || port > 65535) {
      stage.otherPorts.push(token);
      continue;
    }
    const protocol = (m[2]?.toLowerCase() ?? 'tcp') as PortProtocol;
    if (!stage.ports.some((p) => p.port === port && p.protocol === protocol))
      stage.ports.push({ port, protocol });
  }
}

/** What a Dockerfile says that a task definition needs. Never throws; unknown forms are skipped. */
export function dockerfileFacts(text: string): DockerfileFacts {
  const stages: Stage[] = [];
  for (const ins of readInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const stage = parseFrom(ins.args, stages);
      if (stage) stages.push(stage);
    } else if (ins.keyword === 'EXPOSE') {
      const stage = stages[stages.length - 1];
      if (stage) addExpose(stage, ins.args);
    } else if (ins.keyword === 'HEALTHCHECK') {
      const stage = stages[stages.length - 1];
      const check = parseHealthCheck(ins.args);
      if (stage && check) stage.healthCheck = check;
    }
  }
  const last = stages[stages.length - 1];
  if (!last) return { ports: [], otherPorts: [] };
  const chain: Stage[] = [];
  for (let s: Stage | undefined = last; s && !chain.includes(s); s = s.parent) chain.push(s);
  const ports: ExposedPort[] = [];
  const otherPorts: string[] = [];
  // Inherited ports first, as the image lists them.
  for (const s of [...chain].reverse()) {
    for (const p of s.ports) {
      if (!ports.some((q) => q.port === p.port && q.protocol === p.protocol)) ports.push(p);
    }
    for (const o of s.otherPorts) if (!otherPorts.includes(o)) otherPorts.push(o);
  }
  const root = chain[chain.length - 1] ?? last;
  const platform = chain.find((s) => s.platform !== undefined)?.platform;
  const architecture = platform ? architectureOfPlatform(platform) : undefined;
  const check = chain.find((s) => s.healthCheck !== undefined)?.healthCheck;
  return {
    ports,
    otherPorts,
    baseImage: root.from,
    ...(platform ? { platform } : {}),
    ...(architecture ? { architecture } : {}),
    ...(check && check !== 'none' ? { healthCheck: check } : {}),
  };
}
