/**
 * A new Fargate task definition from a few answers, and the defaults for those answers: what a
 * Dockerfile says (EXPOSE ports, the final stage's base image, `--platform`), a family name from a
 * folder name, a file name that is not taken yet. Pure: the command asks the questions and writes
 * the file. The output passes validateTaskDefinition for every Fargate size and both architectures.
 */
import { EXECUTION_ROLE_PLACEHOLDER_ARN, ACCOUNT_ID_PLACEHOLDER } from './rules/executionRole';

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

export interface ScaffoldAnswers {
  readonly family: string;
  readonly containerName: string;
  readonly image: string;
  /** The container ports to map (the first one gets the health check); may be empty. */
  readonly ports: readonly ExposedPort[];
  /** Task cpu in CPU units and memory in MiB: a valid Fargate pair (see fargate.ts). */
  readonly cpu: number;
  readonly memory: number;
  readonly architecture: CpuArchitecture;
  /** The Region of the awslogs log group. */
  readonly region: string;
  /** Defaults to the placeholder ARN the execution-role rule uses. */
  readonly executionRoleArn?: string;
  /**
   * `true`: an HTTP check with curl on the first TCP port (the image needs curl); a spec: that check
   * (e.g. the Dockerfile's HEALTHCHECK, see dockerfileFacts); absent or false: none.
   */
  readonly healthCheck?: boolean | HealthCheckSpec;
  /** Environment variables; defaults to PORT = the first port, when there is one. */
  readonly environment?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** The ECS family (and container name) pattern. */
export const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

export const LOG_STREAM_PREFIX = 'ecs';

export function logGroupFor(family: string): string {
  return `/ecs/${family}`;
}

/** `name-8080-tcp`, lowercase, as the ECS console names port mappings (≤ 64 of a-z 0-9 _ -). */
function portMappingName(container: string, port: ExposedPort): string | undefined {
  const suffix = `-${port.port}-${port.protocol}`;
  const base = container
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 64 - suffix.length);
  const name = `${base}${suffix}`;
  return /^[a-z0-9_-]{1,64}$/.test(name) && base !== '' ? name : undefined;
}

/** The check to write, with ECS's defaults spelled out so the file shows what will happen. */
function healthCheckOf(
  answer: boolean | HealthCheckSpec | undefined,
  ports: readonly ExposedPort[],
): Record<string, unknown> | undefined {
  if (!answer) return undefined;
  let spec: HealthCheckSpec;
  if (answer === true) {
    const httpPort = ports.find((p) => p.protocol === 'tcp');
    if (!httpPort) return undefined;
    spec = {
      command: ['CMD-SHELL', `curl -f http://localhost:${httpPort.port}/ || exit 1`],
      startPeriod: 10,
    };
  } else {
    spec = answer;
  }
  return {
    command: [...spec.command],
    interval: spec.interval ?? 30,
    timeout: spec.timeout ?? 5,
    retries: spec.retries ?? 3,
    ...(spec.startPeriod !== undefined ? { startPeriod: spec.startPeriod } : {}),
  };
}

/** The task definition, as the object to write (normalize.ts formatJson gives the file text). */
export function scaffoldTaskDefinition(answers: ScaffoldAnswers): Record<string, unknown> {
  const ports = answers.ports;
  const first = ports[0];
  const environment = answers.environment ?? (first ? [{ name: 'PORT', value: String(first.port) }] : []);
  const healthCheck = healthCheckOf(answers.healthCheck, ports);
  const container: Record<string, unknown> = {
    name: answers.containerName,
    image: answers.image,
    essential: true,
    ...(ports.length > 0
      ? {
          portMappings: ports.map((p) => {
            const name = portMappingName(answers.containerName, p);
            return { ...(name ? { name } : {}), containerPort: p.port, protocol: p.protocol };
          }),
        }
      : {}),
    environment: environment.map((e) => ({ name: e.name, value: e.value })),
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': logGroupFor(answers.family),
        'awslogs-region': answers.region,
        'awslogs-stream-prefix': LOG_STREAM_PREFIX,
        'awslogs-create-group': 'true',
      },
    },
    ...(healthCheck ? { healthCheck } : {}),
  };
  return {
    family: answers.family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: String(answers.cpu),
    memory: String(answers.memory),
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: answers.architecture },
    executionRoleArn: answers.executionRoleArn ?? EXECUTION_ROLE_PLACEHOLDER_ARN,
    containerDefinitions: [container],
  };
}

// ---- defaults ------------------------------------------------------------------------------------

/**
 * A family name from a folder name: lowercase, runs of anything outside `A-Za-z0-9_-` become one
 * `-`, accents are dropped, at most 255 characters; `app` when nothing is left.
 */
export function defaultFamily(folderName: string): string {
  const cleaned = folderName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 255)
    .replace(/-+$/, '');
  return cleaned === '' ? 'app' : cleaned;
}

/** An ECR repository name for a family: lowercase, separators only between letters and digits. */
export function ecrRepositoryName(family: string): string {
  const name = family
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 256);
  return name === '' ? 'app' : name;
}

/**
 * The image the definition starts with until something was pushed: the ECR repository named after
 * the family, tag `latest`; `<account-id>` when the account is unknown.
 */
export function defaultEcrImage(accountId: string | undefined, region: string, family: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${accountId ?? ACCOUNT_ID_PLACEHOLDER}.dkr.ecr.${region}.${domain}/${ecrRepositoryName(family)}:latest`;
}

/** `task-definition.json`, else `task-definition-2.json`, `-3`… (compared case-insensitively). */
export function freeFileName(existing: ReadonlySet<string>, base = 'task-definition.json'): string {
  const taken = new Set([...existing].map((n) => n.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** `8080, 53/udp` ← ports (tcp is left implicit). */
export function formatPorts(ports: readonly ExposedPort[]): string {
  return ports.map((p) => (p.protocol === 'tcp' ? String(p.port) : `${p.port}/${p.protocol}`)).join(', ');
}

/** `8080, 53/udp` → ports, once each; a message for the first entry that is not a port. */
export function parsePorts(text: string): ExposedPort[] | string {
  const ports: ExposedPort[] = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(token);
    const port = m ? Number(m[1]) : NaN;
    if (!m || port < 1 || port > 65535) {
      return `Not a port: "${token}". Enter ports from 1 to 65535 like 8080 or 53/udp, separated by commas.`;
    }
    const protocol = (m[2]?.toLowerCase() ?? 'tcp') as PortProtocol;
    if (!ports.some((p) => p.port === port && p.protocol === protocol)) ports.push({ port, protocol });
  }
  return ports;
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

// ---- Dockerfile ----------------------------------------------------------------------------------

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

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Instructions with line continuations joined, comments, blank lines and heredoc bodies dropped. */
function instructions(text: string): Instruction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Parser directives: `# escape=` comments before anything else.
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(lines[i] ?? '');
    if (!m) break;
    if (m[1]?.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const out: Instruction[] = [];
  let current = '';
  let heredoc: { delimiter: string; strip: boolean } | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (heredoc) {
      const candidate = heredoc.strip ? line.replace(/^\t+/, '') : line;
      if (candidate === heredoc.delimiter) heredoc = undefined;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && current === '')) continue;
    if (trimmed === '') continue; // an empty line inside a continuation
    const continues = trimmed.endsWith(escape);
    current += `${continues ? trimmed.slice(0, -1) : trimmed} `;
    if (continues) continue;
    const whole = current.trim();
    current = '';
    const m = /^(\S+)\s*(.*)$/.exec(whole);
    if (!m?.[1]) continue;
    out.push({ keyword: m[1].toUpperCase(), args: m[2] ?? '' });
    const here = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(m[2] ?? '');
    if (here?.[3] && (m[1].toUpperCase() === 'RUN' || m[1].toUpperCase() === 'COPY')) {
      heredoc = { delimiter: here[3], strip: here[1] === '-' };
    }
  }
  return out;
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
  for (const ins of instructions(text)) {
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
