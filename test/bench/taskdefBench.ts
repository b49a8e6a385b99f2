/**
 * `npm run bench:taskdef`: how long task-definition validation takes on a big file, and how long the
 * command-line linter takes to start. Validates a generated 10-container, ~2,000-line definition
 * 1,000 times (rules only, as the editor runs them on every keystroke, and rules + JSON schema, as
 * the CLI does), then spawns the CLI on one file 10 times. Prints median and p95; figures, not asserts.
 * Target: under 5 ms per validation, so validating on every keystroke is invisible.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTaskDefinitionSchemaFile } from '../../src/taskdef/schema/loadSchema';
import { validateTaskDefinition } from '../../src/taskdef/validateTaskDefinition';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
const TARGET_MS = 5;
const repo = path.resolve(__dirname, '../../..');

/** A valid Fargate definition of 10 containers, with as many environment variables as make `lines` lines. */
export function bigTaskDefinition(lines = 2000): string {
  for (let env = 1; ; env++) {
    const text = taskDefinitionWith(env);
    if (text.split('\n').length - 1 >= lines) return text;
  }
}

function taskDefinitionWith(envPerContainer: number): string {
  const account = '123456789012';
  const containers = Array.from({ length: 10 }, (_, i) => {
    const name = `service-${i}`;
    return {
      name,
      image: `${account}.dkr.ecr.us-east-1.amazonaws.com/${name}:1.${i}.0`,
      essential: i === 0,
      cpu: 256,
      memory: 1024,
      memoryReservation: 512,
      portMappings: [
        {
          name: `${name}-http`,
          containerPort: 8000 + i,
          hostPort: 8000 + i,
          protocol: 'tcp',
          appProtocol: 'http',
        },
        { name: `${name}-metrics`, containerPort: 9100 + i, protocol: 'tcp' },
      ],
      environment: Array.from({ length: envPerContainer }, (_, j) => ({
        name: `SETTING_${j}`,
        value: `value-${i}-${j}`,
      })),
      secrets: [
        {
          name: 'DB_PASSWORD',
          valueFrom: `arn:aws:secretsmanager:us-east-1:${account}:secret:prod/${name}-AbCdEf:password::`,
        },
        { name: 'API_TOKEN', valueFrom: `/prod/${name}/api-token` },
      ],
      mountPoints: [{ sourceVolume: 'shared', containerPath: `/mnt/shared/${name}`, readOnly: i !== 0 }],
      dependsOn: i === 0 ? [] : [{ containerName: 'service-0', condition: 'HEALTHY' }],
      healthCheck: {
        command: ['CMD-SHELL', `curl -fs http://localhost:${8000 + i}/health || exit 1`],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 60,
      },
      ulimits: [{ name: 'nofile', softLimit: 65535, hardLimit: 65535 }],
      linuxParameters: { initProcessEnabled: true, capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] } },
      dockerLabels: { 'com.example.team': 'platform', 'com.example.service': name },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/big-app',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': name,
        },
      },
    };
  });
  const td = {
    family: 'big-app',
    taskRoleArn: `arn:aws:iam::${account}:role/big-app-task`,
    executionRoleArn: `arn:aws:iam::${account}:role/ecsTaskExecutionRole`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '4096',
    memory: '16384',
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 50 },
    volumes: [
      {
        name: 'shared',
        efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0', transitEncryption: 'ENABLED' },
      },
    ],
    containerDefinitions: containers,
    tags: [{ key: 'app', value: 'big-app' }],
  };
  return `${JSON.stringify(td, null, 2)}\n`;
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: pick(0.5), p95: pick(0.95) };
}

function time(label: string, runs: number, fn: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < 20; i++) fn(); // warm up: JIT, the schema compile
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  const s = stats(samples);
  const verdict = s.median < TARGET_MS ? 'under' : 'OVER';
  console.log(
    `  ${label.padEnd(22)} median ${s.median.toFixed(2)} ms   p95 ${s.p95.toFixed(2)} ms   (${verdict} the ${TARGET_MS} ms target)`,
  );
  return s;
}

function cliStartup(label: string, script: string, file: string, extra: readonly string[] = []): void {
  if (!fs.existsSync(script)) {
    console.log(`  ${label.padEnd(22)} skipped: ${path.relative(repo, script)} is not built`);
    return;
  }
  const samples: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, [script, ...extra, file], { encoding: 'utf8' });
    samples.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stdout}${r.stderr}`);
  }
  const s = stats(samples);
  console.log(
    `  ${label.padEnd(22)} median ${s.median.toFixed(0)} ms   p95 ${s.p95.toFixed(0)} ms   (${CLI_RUNS} runs)`,
  );
}

function main(): void {
  const text = bigTaskDefinition();
  const lines = text.split('\n').length - 1;
  const problems = validateTaskDefinition(text, { schema: findTaskDefinitionSchemaFile() !== undefined });
  if (problems.some((p) => p.severity === 'error')) {
    throw new Error(`the benchmark definition is not valid: ${problems.map((p) => p.message).join('; ')}`);
  }
  console.log(
    `Task definition validation: 10 containers, ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB, ${RUNS} runs`,
  );
  time('rules only', RUNS, () => validateTaskDefinition(text));
  if (findTaskDefinitionSchemaFile())
    time('rules + schema', RUNS, () => validateTaskDefinition(text, { schema: true }));
  else console.log('  rules + schema         skipped: dist/task-definition.schema.json is not built');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-bench-'));
  try {
    const file = path.join(dir, 'task-definition.json');
    fs.writeFileSync(file, text);
    console.log(`\nCLI start-up on one file (spawn to exit):`);
    cliStartup('bundle (dist)', path.join(repo, 'dist/ecs-taskdef-lint.js'), file);
    cliStartup('bundle, --no-schema', path.join(repo, 'dist/ecs-taskdef-lint.js'), file, ['--no-schema']);
    cliStartup('tsc output (out)', path.join(repo, 'out/src/cli/taskdefLint.js'), file);
    const bare = spawnSync(process.execPath, ['-e', '0']);
    if (bare.status === 0) {
      const samples: number[] = [];
      for (let i = 0; i < CLI_RUNS; i++) {
        const start = performance.now();
        spawnSync(process.execPath, ['-e', '0']);
        samples.push(performance.now() - start);
      }
      console.log(`  ${'node -e 0 (baseline)'.padEnd(22)} median ${stats(samples).median.toFixed(0)} ms`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
