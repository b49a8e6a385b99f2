import * as assert from 'node:assert/strict';
import { FARGATE_TASK_SIZES } from '../../../src/taskdef/fargate';
import { formatJson } from '../../../src/taskdef/normalize';
import { dockerfileFacts, durationSeconds } from '../../../src/docker/dockerfileFacts';
import { EXECUTION_ROLE_PLACEHOLDER_ARN } from '../../../src/taskdef/rules/executionRole';
import {
  type CpuArchitecture,
  defaultEcrImage,
  defaultFamily,
  ecrRepositoryName,
  FAMILY_PATTERN,
  formatPorts,
  freeFileName,
  parsePorts,
  type ScaffoldAnswers,
  scaffoldTaskDefinition,
} from '../../../src/taskdef/scaffold';
import { findTaskDefinitionSchemaFile } from '../../../src/taskdef/schema/loadSchema';
import { validateTaskDefinition } from '../../../src/taskdef/validateTaskDefinition';

const base: ScaffoldAnswers = {
  family: 'web',
  containerName: 'web',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:latest',
  ports: [{ port: 8080, protocol: 'tcp' }],
  cpu: 256,
  memory: 512,
  architecture: 'X86_64',
  region: 'us-east-1',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  healthCheck: true,
};

/** The schema too when it was built (npm run build writes dist/); the Fargate rules always. */
const schema = findTaskDefinitionSchemaFile() !== undefined;

function blocking(text: string) {
  return validateTaskDefinition(text, { schema }).filter(
    (p) => p.severity === 'error' || p.severity === 'warning',
  );
}

describe('scaffoldTaskDefinition', () => {
  it('never asks ECS to create the log group: the role "Create Task Execution Role" makes may not', () => {
    const text = formatJson(scaffoldTaskDefinition(base));
    assert.doesNotMatch(text, /awslogs-create-group/);
    const advice = validateTaskDefinition(text, { schema }).map((p) => p.ruleId);
    assert.ok(!advice.includes('awslogs-create-group'), advice.join(', '));
  });

  it('validates clean for every Fargate cpu/memory pair on both architectures', () => {
    let checked = 0;
    for (const size of FARGATE_TASK_SIZES) {
      for (const memory of size.memory) {
        for (const architecture of ['X86_64', 'ARM64'] as CpuArchitecture[]) {
          const text = formatJson(scaffoldTaskDefinition({ ...base, cpu: size.cpu, memory, architecture }));
          assert.deepEqual(blocking(text), [], `${size.cpu}/${memory} ${architecture}`);
          checked++;
        }
      }
    }
    assert.equal(checked, 2 * FARGATE_TASK_SIZES.reduce((n, s) => n + s.memory.length, 0));
    assert.ok(checked > 100);
  });

  it('validates clean with placeholders, without ports, with several ports and without a health check', () => {
    const { executionRoleArn: _role, ...withoutRole } = base;
    const variants: ScaffoldAnswers[] = [
      { ...withoutRole, image: defaultEcrImage(undefined, 'eu-west-1', 'web') },
      { ...base, ports: [], healthCheck: true },
      {
        ...base,
        ports: [
          { port: 80, protocol: 'tcp' },
          { port: 53, protocol: 'udp' },
          { port: 9090, protocol: 'tcp' },
        ],
      },
      { ...base, healthCheck: false },
      {
        ...base,
        healthCheck: dockerfileFacts(
          'FROM x\nHEALTHCHECK --interval=1s --timeout=1h --start-period=1h CMD ["a"]',
        ).healthCheck,
      },
      { ...base, family: 'A_very-Long_family', containerName: 'Some_Container-1' },
    ];
    for (const answers of variants) {
      const text = formatJson(scaffoldTaskDefinition(answers));
      assert.deepEqual(blocking(text), [], text);
    }
  });

  it('writes a Fargate-ready definition: awsvpc, FARGATE, runtimePlatform, port mapping, awslogs, role', () => {
    const td = scaffoldTaskDefinition({ ...base, architecture: 'ARM64' });
    assert.deepEqual(td, {
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      containerDefinitions: [
        {
          name: 'web',
          image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:latest',
          essential: true,
          portMappings: [{ name: 'web-8080-tcp', containerPort: 8080, protocol: 'tcp' }],
          environment: [{ name: 'PORT', value: '8080' }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/ecs/web',
              'awslogs-region': 'us-east-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
          healthCheck: {
            command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'],
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: 10,
          },
        },
      ],
    });
  });

  it('uses the placeholder role ARN of the execution-role rule when none is given', () => {
    const { executionRoleArn: _omit, ...answers } = base;
    assert.equal(scaffoldTaskDefinition(answers).executionRoleArn, EXECUTION_ROLE_PLACEHOLDER_ARN);
  });

  it('puts the health check on the first TCP port, and none without one', () => {
    const udpFirst = scaffoldTaskDefinition({
      ...base,
      ports: [
        { port: 53, protocol: 'udp' },
        { port: 8443, protocol: 'tcp' },
      ],
    });
    const container = (udpFirst.containerDefinitions as Array<Record<string, unknown>>)[0];
    assert.match(JSON.stringify(container?.healthCheck), /localhost:8443/);
    const noTcp = scaffoldTaskDefinition({ ...base, ports: [{ port: 53, protocol: 'udp' }] });
    assert.equal((noTcp.containerDefinitions as Array<Record<string, unknown>>)[0]?.healthCheck, undefined);
  });
});

describe('dockerfileFacts', () => {
  it('reads EXPOSE with protocols and several ports per line', () => {
    const facts = dockerfileFacts('FROM node:20-alpine\nEXPOSE 8080/tcp 9090\nexpose 53/udp\n');
    assert.deepEqual(facts.ports, [
      { port: 8080, protocol: 'tcp' },
      { port: 9090, protocol: 'tcp' },
      { port: 53, protocol: 'udp' },
    ]);
    assert.deepEqual(facts.otherPorts, []);
    assert.equal(facts.baseImage, 'node:20-alpine');
    assert.equal(facts.platform, undefined);
  });

  it('leaves ARG/ENV-substituted forms, ranges and sctp alone', () => {
    const facts = dockerfileFacts(
      'ARG PORT=3000\nFROM python:3.12\nEXPOSE $PORT ${OTHER:-81} 8000-8010 132/sctp 70000 443\n',
    );
    assert.deepEqual(facts.ports, [{ port: 443, protocol: 'tcp' }]);
    assert.deepEqual(facts.otherPorts, ['$PORT', '${OTHER:-81}', '8000-8010', '132/sctp', '70000']);
  });

  it('takes the last stage: its base image, its platform, and not the build stage ports', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'EXPOSE 6060',
      'RUN go build -o /app ./...',
      '',
      'FROM --platform=linux/arm64 gcr.io/distroless/static AS final',
      'COPY --from=build /app /app',
      'EXPOSE 8080',
      'ENTRYPOINT ["/app"]',
    ].join('\n');
    const facts = dockerfileFacts(text);
    assert.deepEqual(facts.ports, [{ port: 8080, protocol: 'tcp' }]);
    assert.equal(facts.baseImage, 'gcr.io/distroless/static');
    assert.equal(facts.platform, 'linux/arm64');
    assert.equal(facts.architecture, 'ARM64');
  });

  it('follows FROM <earlier stage> for the base image, the platform and inherited ports', () => {
    const text = [
      'FROM --platform=linux/amd64 node:20 AS base',
      'EXPOSE 3000',
      'FROM base AS deps',
      'RUN npm ci',
      'FROM deps',
      'EXPOSE 9229',
    ].join('\n');
    const facts = dockerfileFacts(text);
    assert.equal(facts.baseImage, 'node:20');
    assert.equal(facts.platform, 'linux/amd64');
    assert.equal(facts.architecture, 'X86_64');
    assert.deepEqual(
      facts.ports.map((p) => p.port),
      [3000, 9229],
    );
  });

  it('ignores a --platform given by ARG and keeps ${ARG} base images as written', () => {
    const facts = dockerfileFacts(
      'ARG BASE=nginx:1.27\nFROM --platform=${TARGETPLATFORM} ${BASE}\nEXPOSE 80\n',
    );
    assert.equal(facts.baseImage, '${BASE}');
    assert.equal(facts.platform, undefined);
    assert.equal(facts.architecture, undefined);
    assert.deepEqual(facts.ports, [{ port: 80, protocol: 'tcp' }]);
  });

  it('joins continuation lines (also with the backtick escape) and skips comments and heredocs', () => {
    const text = [
      'FROM alpine:3',
      'RUN <<EOF',
      'EXPOSE 1111',
      'EOF',
      'EXPOSE 80 \\',
      '  # a comment inside the continuation',
      '  443',
      '# EXPOSE 2222',
    ].join('\r\n');
    assert.deepEqual(
      dockerfileFacts(text).ports.map((p) => p.port),
      [80, 443],
    );
    const windows = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nEXPOSE 80 `\n  8080\n';
    assert.deepEqual(
      dockerfileFacts(windows).ports.map((p) => p.port),
      [80, 8080],
    );
  });

  it('maps platforms to ECS architectures', () => {
    assert.equal(dockerfileFacts('FROM --platform=linux/aarch64 x').architecture, 'ARM64');
    assert.equal(dockerfileFacts('FROM --platform=linux/arm64/v8 x').architecture, 'ARM64');
    const arm32 = dockerfileFacts('FROM --platform=linux/arm/v7 x');
    assert.equal(arm32.platform, 'linux/arm/v7');
    assert.equal(arm32.architecture, undefined);
  });

  it('turns HEALTHCHECK into an ECS health check (exec and shell forms, Docker defaults, ECS ranges)', () => {
    const shell = dockerfileFacts(
      [
        'FROM python:3.12-slim',
        'HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\',
        '  CMD python -c "import sys; sys.exit(0)"',
      ].join('\n'),
    );
    assert.deepEqual(shell.healthCheck, {
      command: ['CMD-SHELL', 'python -c "import sys; sys.exit(0)"'],
      interval: 30,
      timeout: 3,
      retries: 3,
      startPeriod: 10,
    });
    const exec = dockerfileFacts(
      'FROM x\nHEALTHCHECK --interval=1s --timeout=2m CMD ["/bin/check", "--quick"]\n',
    );
    assert.deepEqual(exec.healthCheck, {
      command: ['CMD', '/bin/check', '--quick'],
      interval: 5,
      timeout: 60,
      retries: 3,
    });
    const defaults = dockerfileFacts('FROM x\nHEALTHCHECK CMD true\n').healthCheck;
    assert.equal(defaults?.timeout, 30, "Docker's default timeout, not ECS's 5 s");
  });

  it('inherits HEALTHCHECK from the stage it builds on, and HEALTHCHECK NONE switches it off', () => {
    const inherited = dockerfileFacts('FROM x AS base\nHEALTHCHECK CMD true\nFROM base\n');
    assert.deepEqual(inherited.healthCheck?.command, ['CMD-SHELL', 'true']);
    assert.equal(
      dockerfileFacts('FROM x AS base\nHEALTHCHECK CMD true\nFROM base\nHEALTHCHECK NONE\n').healthCheck,
      undefined,
    );
    assert.equal(dockerfileFacts('FROM x AS build\nHEALTHCHECK CMD true\nFROM y\n').healthCheck, undefined);
  });

  it('reads Go durations as whole seconds', () => {
    assert.equal(durationSeconds('30s'), 30);
    assert.equal(durationSeconds('1m30s'), 90);
    assert.equal(durationSeconds('1h'), 3600);
    assert.equal(durationSeconds('500ms'), 1);
    assert.equal(durationSeconds('1.5s'), 2);
    assert.equal(durationSeconds('30'), undefined);
    assert.equal(durationSeconds('soon'), undefined);
  });

  it('says nothing for an empty or FROM-less file', () => {
    assert.deepEqual(dockerfileFacts(''), { ports: [], otherPorts: [] });
    assert.deepEqual(dockerfileFacts('EXPOSE 80\n'), { ports: [], otherPorts: [] });
  });
});

describe('defaultFamily / ecrRepositoryName / defaultEcrImage', () => {
  it('sanitizes folder names to the family pattern', () => {
    const cases: Array<[string, string]> = [
      ['web', 'web'],
      ['My App', 'my-app'],
      ['api.example.com', 'api-example-com'],
      ['--weird__name--', 'weird__name'],
      ['Café Ünïcode', 'cafe-unicode'],
      ['日本語', 'app'],
      ['', 'app'],
      ['a'.repeat(300), 'a'.repeat(255)],
      [`${'b'.repeat(254)} c`, 'b'.repeat(254)],
    ];
    for (const [input, expected] of cases) {
      const family = defaultFamily(input);
      assert.equal(family, expected, input);
      assert.match(family, FAMILY_PATTERN);
    }
  });

  it('builds an ECR image URI with the account, or the placeholder when unknown', () => {
    assert.equal(
      defaultEcrImage('123456789012', 'us-west-2', 'Web_App'),
      '123456789012.dkr.ecr.us-west-2.amazonaws.com/web_app:latest',
    );
    assert.equal(
      defaultEcrImage(undefined, 'eu-central-1', 'web'),
      '<account-id>.dkr.ecr.eu-central-1.amazonaws.com/web:latest',
    );
    assert.equal(
      defaultEcrImage('123456789012', 'cn-north-1', 'web'),
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:latest',
    );
    assert.equal(ecrRepositoryName('__x--y__'), 'x-y');
  });
});

describe('freeFileName', () => {
  it('returns the base name when free, else the next numbered one', () => {
    assert.equal(freeFileName(new Set()), 'task-definition.json');
    assert.equal(freeFileName(new Set(['Dockerfile'])), 'task-definition.json');
    assert.equal(freeFileName(new Set(['task-definition.json'])), 'task-definition-2.json');
    assert.equal(
      freeFileName(new Set(['task-definition.json', 'task-definition-2.json', 'task-definition-3.json'])),
      'task-definition-4.json',
    );
    assert.equal(
      freeFileName(new Set(['Task-Definition.JSON'])),
      'task-definition-2.json',
      'case-insensitive',
    );
    assert.equal(freeFileName(new Set(['web.json']), 'web.json'), 'web-2.json');
    assert.equal(freeFileName(new Set(['README']), 'README'), 'README-2');
  });
});

describe('parsePorts / formatPorts', () => {
  it('reads the port answer and writes it back the same way', () => {
    assert.deepEqual(parsePorts(' 8080, 53/UDP 9090  8080 '), [
      { port: 8080, protocol: 'tcp' },
      { port: 53, protocol: 'udp' },
      { port: 9090, protocol: 'tcp' },
    ]);
    assert.deepEqual(parsePorts(''), []);
    const message = (text: string) => {
      const result = parsePorts(text);
      return typeof result === 'string' ? result : '';
    };
    assert.match(message('80, http'), /Not a port: "http"/);
    assert.match(message('0'), /Not a port/);
    assert.match(message('65536'), /Not a port/);
    assert.equal(
      formatPorts([
        { port: 8080, protocol: 'tcp' },
        { port: 53, protocol: 'udp' },
      ]),
      '8080, 53/udp',
    );
  });
});
