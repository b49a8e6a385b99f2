/**
 * A new Fargate task definition from a few answers, and the defaults for those answers (a family
 * name from a folder name, a file name that is not taken yet; what the Dockerfile says comes from
 * docker/dockerfileFacts.ts). Pure: the command asks the questions and writes
 * the file. The output passes validateTaskDefinition for every Fargate size and both architectures.
 */
import type { CpuArchitecture, ExposedPort, HealthCheckSpec, PortProtocol } from '../docker/dockerfileFacts';
import { EXECUTION_ROLE_PLACEHOLDER_ARN, ACCOUNT_ID_PLACEHOLDER } from './rules/executionRole';

export type { CpuArchitecture, ExposedPort, HealthCheckSpec, PortProtocol };

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
        // No "awslogs-create-group": the execution role "Create Task Execution Role" makes may not
        // call logs:CreateLogGroup; Register, Run Task and Deploy create the group instead
        // (workflows/logGroups.ts, docs/aws-facts.md).
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
