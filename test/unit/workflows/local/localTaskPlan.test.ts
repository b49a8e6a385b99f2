import * as assert from 'node:assert/strict';
import type { JsonObject } from '../../../../src/taskdef/normalize';
import {
  DEFAULT_STOP_TIMEOUT_SECONDS,
  LocalPlanError,
  planLocalTask,
  startOrder,
} from '../../../../src/workflows/local/localTaskPlan';
import { allocateHostPorts, PortInUseError } from '../../../../src/workflows/local/hostPorts';
import { parseEnvironmentFile, readEnvironmentFiles } from '../../../../src/workflows/local/environmentFiles';
import { ecrRegistryOf } from '../../../../src/workflows/local/registryAuth';

const td = (containers: object[], extra: object = {}) =>
  ({ family: 'f', containerDefinitions: containers, ...extra }) as unknown as JsonObject;

describe('local task plan', () => {
  it('maps a healthCheck with ECS defaults, CMD-SHELL kept as is', () => {
    const plan = planLocalTask(
      td([{ name: 'a', image: 'i', healthCheck: { command: ['CMD-SHELL', 'curl -f localhost || exit 1'] } }]),
    );
    assert.deepEqual(plan.containers[0]?.healthCheck, {
      test: ['CMD-SHELL', 'curl -f localhost || exit 1'],
      intervalSeconds: 30,
      timeoutSeconds: 5,
      retries: 3,
      startPeriodSeconds: 0,
    });
  });

  it('defaults essential to true and stopTimeout to 30 s; maps cpu to shares, memory, ulimits, init, read-only root', () => {
    const plan = planLocalTask(
      td([
        {
          name: 'a',
          image: 'i',
          cpu: 128,
          memory: 256,
          memoryReservation: 128,
          ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
          linuxParameters: { initProcessEnabled: true },
          readonlyRootFilesystem: true,
          user: '1000',
          workingDirectory: '/app',
          entryPoint: ['sh'],
          command: ['-c', 'x'],
        },
      ]),
    );
    const c = plan.containers[0];
    assert.equal(c?.essential, true);
    assert.equal(c?.stopTimeoutSeconds, DEFAULT_STOP_TIMEOUT_SECONDS);
    assert.equal(c?.cpuShares, 128);
    assert.equal(c?.memoryMiB, 256);
    assert.equal(c?.memoryReservationMiB, 128);
    assert.deepEqual(c?.ulimits, [{ name: 'nofile', soft: 1024, hard: 2048 }]);
    assert.equal(c?.init, true);
    assert.equal(c?.readonlyRootfs, true);
    assert.deepEqual(
      [c?.user, c?.workingDir, c?.entrypoint, c?.command],
      ['1000', '/app', ['sh'], ['-c', 'x']],
    );
  });

  it('refuses HEALTHY on a container without healthCheck, SUCCESS on an essential one, unknown targets and cycles', () => {
    const cases: Array<[object[], RegExp]> = [
      [
        [
          { name: 'a', image: 'i', dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] },
          { name: 'b', image: 'i' },
        ],
        /no healthCheck/,
      ],
      [
        [
          { name: 'a', image: 'i', dependsOn: [{ containerName: 'b', condition: 'SUCCESS' }] },
          { name: 'b', image: 'i' },
        ],
        /must be "essential": false/,
      ],
      [
        [{ name: 'a', image: 'i', dependsOn: [{ containerName: 'zz', condition: 'START' }] }],
        /not in the task/,
      ],
      [
        [
          { name: 'a', image: 'i', dependsOn: [{ containerName: 'b', condition: 'START' }] },
          {
            name: 'b',
            image: 'i',
            essential: false,
            dependsOn: [{ containerName: 'a', condition: 'START' }],
          },
        ],
        /cycle: a → b → a/,
      ],
      [[{ name: 'a', image: 'i', essential: false }], /At least one container must be essential/],
    ];
    for (const [containers, message] of cases) {
      assert.throws(
        () => planLocalTask(td(containers)),
        (e: unknown) => e instanceof LocalPlanError && message.test(e.message),
      );
    }
  });

  it('orders containers so dependencies come first', () => {
    const plan = planLocalTask(
      td([
        { name: 'app', image: 'i', dependsOn: [{ containerName: 'side', condition: 'START' }] },
        {
          name: 'side',
          image: 'i',
          essential: false,
          dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }],
        },
        { name: 'init', image: 'i', essential: false },
      ]),
    );
    assert.deepEqual(
      startOrder(plan.containers).map((c) => c.name),
      ['init', 'side', 'app'],
    );
  });
});

describe('local host ports', () => {
  const plan = planLocalTask(
    td([
      {
        name: 'web',
        image: 'i',
        portMappings: [{ containerPort: 8080 }, { containerPort: 53, protocol: 'udp' }],
      },
    ]),
  );

  it('uses the container port when free, else the next free one, and says so', async () => {
    const busy = new Set([8080, 8081]);
    const ports = await allocateHostPorts(plan.containers, (port) => Promise.resolve(!busy.has(port)));
    assert.deepEqual(ports.byContainer.get('web'), [
      { containerPort: 8080, hostPort: 8082, protocol: 'tcp', hostIp: '127.0.0.1' },
      { containerPort: 53, hostPort: 53, protocol: 'udp', hostIp: '127.0.0.1' },
    ]);
    assert.match(ports.notices[0] ?? '', /port 8080 on 127.0.0.1 is in use; .* 127\.0\.0\.1:8082 instead/);
  });

  it('refuses a hostPort the task definition asks for when it is taken', async () => {
    const fixed = planLocalTask(
      td([{ name: 'web', image: 'i', portMappings: [{ containerPort: 80, hostPort: 80 }] }]),
    );
    await assert.rejects(
      allocateHostPorts(fixed.containers, () => Promise.resolve(false)),
      (e: unknown) => e instanceof PortInUseError && e.port === 80,
    );
  });
});

describe('local environment files', () => {
  it('parses VAR=VALUE lines, skipping comments and blanks, keeping "=" in values', () => {
    assert.deepEqual(parseEnvironmentFile('# c\n\nA=1\nB=x=y\r\nbad line\n'), { A: '1', B: 'x=y' });
  });

  it('reads local paths from the task definition folder, S3 ARNs only when mapped; read top down (a later file wins)', async () => {
    const files: Record<string, string> = { '/td/a.env': 'A=1\nB=first', '/local/b.env': 'B=second\nC=3' };
    const read = (f: string) =>
      f in files ? Promise.resolve(files[f] ?? '') : Promise.reject(new Error('ENOENT'));
    const env = await readEnvironmentFiles(
      [
        { value: './a.env', type: 's3' },
        { value: 'arn:aws:s3:::bucket/b.env', type: 's3' },
      ],
      'app',
      '/td',
      { 'arn:aws:s3:::bucket/b.env': '/local/b.env' },
      read,
    );
    assert.deepEqual(env, { A: '1', B: 'second', C: '3' });
    await assert.rejects(
      readEnvironmentFiles([{ value: 'arn:aws:s3:::bucket/c.env', type: 's3' }], 'app', '/td', {}, read),
      /ecsFargate\.local\.environmentFiles/,
    );
  });
});

describe('ECR image references', () => {
  it('knows an ECR image and its registry, and nothing else', () => {
    assert.deepEqual(ecrRegistryOf('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1'), {
      registryId: '123456789012',
      region: 'eu-west-1',
    });
    assert.equal(ecrRegistryOf('public.ecr.aws/docker/library/nginx:latest'), undefined);
    assert.equal(ecrRegistryOf('nginx'), undefined);
  });
});
