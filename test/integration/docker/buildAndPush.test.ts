import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { createEcrGateway, type EcrGateway } from '../../../src/aws/ecrGateway';
import { connectDocker, type DockerConnection } from '../../../src/docker/dockerClient';
import { lazyDockerGateway, dockerGatewayOf } from '../../../src/docker/dockerGateway';
import { resolveDockerEndpoint, nodeEndpointHost } from '../../../src/docker/dockerEndpoint';
import {
  BuildError,
  DockerUnavailableError,
  PlatformMismatchError,
  PushError,
} from '../../../src/docker/dockerErrors';
import { buildImage, verifyPlatform } from '../../../src/docker/imageBuilder';
import { pushImage } from '../../../src/docker/imagePusher';
import { buildAndPush, type BuildAndPushEvent } from '../../../src/workflows/buildAndPush';
import { createRepositoryOptions } from '../../../src/workflows/repositoryOptions';
import { DEFAULT_FINDING_COUNTS, FakeEcr, UNSUPPORTED_IMAGE_FAILURE } from '../../fakeAws/ecr/fakeEcr';
import { registryLookup } from '../../fakeAws/ecr/registryLookup';
import { ecrModule } from '../../fakeAws/ecr/module';
import { FakeAws } from '../../fakeAws/server';
import { requireDockerTestEnv, type DockerTestEnv } from './dockerTestEnv';

const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** GET on the registry's HTTP API with basic auth: status, Docker-Content-Digest, body. */
function registryGet(
  env: DockerTestEnv,
  urlPath: string,
  password = env.password,
): Promise<{ status: number; digest?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `http://${env.registry}${urlPath}`,
      {
        headers: {
          Accept: MANIFEST_V2,
          Authorization: `Basic ${Buffer.from(`${env.user}:${password}`).toString('base64')}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const digest = res.headers['docker-content-digest'];
          resolve({
            status: res.statusCode ?? 0,
            ...(typeof digest === 'string' ? { digest } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
  });
}

/** Runs `sh -c script` in the image (no network) and returns its output. */
async function runInImage(connection: DockerConnection, image: string, script: string): Promise<string> {
  const container = await connection.docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', script],
    Tty: true,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    await container.wait();
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return logs.toString('utf8');
  } finally {
    await container.remove({ force: true });
  }
}

describe('Docker build and push against the real dockerd and registry', function () {
  this.timeout(60_000);
  let env: DockerTestEnv;
  let connection: DockerConnection;
  let fake: FakeAws;
  let fakeEcr: FakeEcr;
  let client: ECRClient;
  let ecr: EcrGateway;
  let work: string;
  const secrets: string[] = [];

  before(async function () {
    env = await requireDockerTestEnv(this);
    connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    fake = await FakeAws.start();
    fakeEcr = new FakeEcr({
      registry: env.registry,
      password: env.password,
      scheme: 'http',
      registryLookup: registryLookup(env.registry, env.user, env.password),
    });
    fake.addService(ecrModule(fakeEcr));
    client = new ECRClient({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDECR', secretAccessKey: 'ecr-secret' },
    });
    ecr = createEcrGateway(client, { onSecret: (s) => secrets.push(s) });
  });
  after(async () => {
    client?.destroy();
    await fake?.close();
  });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-docker-'));
  });
  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fakeEcr.scanDelayMs = 0;
    fakeEcr.scanOutcome = { status: 'COMPLETE', counts: DEFAULT_FINDING_COUNTS };
  });

  /** Build-and-push of a one-line image to an existing scan-on-push repository. */
  async function pushToScanningRepository(
    name: string,
    scanWait: { maxWaitMs: number },
    onEvent: (e: BuildAndPushEvent, abort: () => void) => void = () => undefined,
  ) {
    if (!fakeEcr.repositories.has(name)) fakeEcr.createRepository(name, { scanOnPush: true });
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nRUN echo ${name} > /scan-marker\n` });
    const controller = new AbortController();
    const events: BuildAndPushEvent[] = [];
    const result = await buildAndPush(
      { ecr, docker: () => dockerGatewayOf(connection) },
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        repositoryName: name,
        tag: 'v1',
        scanWait: { ...scanWait, minDelayMs: 100, maxDelayMs: 400 },
        confirmCreateRepository: () => Promise.reject(new Error('the repository exists')),
      },
      (e) => {
        events.push(e);
        onEvent(e, () => controller.abort());
      },
      controller.signal,
    );
    return { result, events };
  }

  it('builds with build args and .dockerignore: the image holds exactly the files the ignore file lets through', async () => {
    writeTree(work, {
      Dockerfile: `FROM ${env.baseImage}\nARG GREETING=unset\nCOPY . /app\nRUN echo "$GREETING" > /greeting\n`,
      '.dockerignore': 'node_modules\n**/*.log\n!keep.log\n/secret.txt\ndocs/**/draft*\n',
      'app.txt': 'app',
      'debug.log': 'ignored',
      'keep.log': 'kept by negation',
      'secret.txt': 'ignored at the root',
      'sub/secret.txt': 'kept: the leading / anchors the pattern to the root',
      'sub/deep/trace.log': 'ignored by **',
      'docs/a/b/draft1.md': 'ignored',
      'docs/a/final.md': 'kept',
      'node_modules/pkg/index.js': 'ignored',
    });
    const steps: string[] = [];
    const image = await buildImage(
      connection,
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        tags: ['ecs-test/args:1'],
        buildArgs: { GREETING: 'hello from a build arg' },
        labels: { 'org.example.test': 'yes' },
        platform: 'linux/amd64',
      },
      { onStep: (s) => steps.push(`${s.current}/${s.total}`) },
    );
    // FROM, ARG, COPY, RUN, and the LABEL step the daemon adds for the labels option.
    assert.deepEqual(steps, ['1/5', '2/5', '3/5', '4/5', '5/5']);
    assert.equal(image.platform, 'linux/amd64');
    const out = await runInImage(
      connection,
      image.imageId,
      'cat /greeting; cd /app && find . -type f | sort',
    );
    const lines = out.split(/\r?\n/).filter((l) => l !== '');
    assert.equal(lines[0], 'hello from a build arg');
    assert.deepEqual(lines.slice(1), [
      './.dockerignore',
      './Dockerfile',
      './app.txt',
      './docs/a/final.md',
      './keep.log',
      './sub/secret.txt',
    ]);
    const inspected = await connection.docker.getImage(image.imageId).inspect();
    assert.equal(inspected.Config.Labels?.['org.example.test'], 'yes');
  });

  it('builds a Dockerfile that lives outside the context folder', async () => {
    writeTree(work, {
      'docker/app.Dockerfile': `FROM ${env.baseImage}\nCOPY hello.txt /hello.txt\n`,
      'ctx/hello.txt': 'outside',
    });
    const image = await buildImage(connection, {
      contextDir: path.join(work, 'ctx'),
      dockerfile: path.join(work, 'docker/app.Dockerfile'),
      tags: ['ecs-test/outside:1'],
    });
    assert.equal((await runInImage(connection, image.imageId, 'cat /hello.txt')).trim(), 'outside');
  });

  it('build-and-push: creates the missing repository, pushes with the ECR token, and the registry has the tag at the reported digest', async () => {
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nRUN echo pushed > /marker\n` });
    const asked: string[] = [];
    const events: BuildAndPushEvent[] = [];
    const result = await buildAndPush(
      { ecr, docker: () => dockerGatewayOf(connection) },
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        repositoryName: 'team/web-app',
        tag: 'v1',
        alsoLatest: true,
        confirmCreateRepository: (name) => {
          asked.push(name);
          return Promise.resolve(
            createRepositoryOptions({
              scanOnPush: true,
              immutableTags: true,
              kmsKey: 'alias/ecr-images',
              tags: { team: 'web', env: 'dev' },
            }),
          );
        },
      },
      (e) => events.push(e),
    );
    assert.deepEqual(asked, ['team/web-app']);
    assert.equal(result.createdRepository, true);
    assert.equal(fakeEcr.repositories.get('team/web-app')?.scanOnPush, true);
    const described = await ecr.getRepository('team/web-app');
    assert.equal(described?.tagMutability, 'IMMUTABLE');
    assert.equal(described?.encryptionType, 'KMS');
    assert.equal(described?.kmsKey, 'alias/ecr-images');
    assert.deepEqual(fakeEcr.repositories.get('team/web-app')?.tags, [
      { Key: 'team', Value: 'web' },
      { Key: 'env', Value: 'dev' },
    ]);
    assert.match(result.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(result.imageUri, `${env.registry}/team/web-app@${result.digest}`);
    assert.deepEqual(result.tags, ['v1', 'latest']);
    for (const tag of ['v1', 'latest']) {
      const manifest = await registryGet(env, `/v2/team/web-app/manifests/${tag}`);
      assert.equal(manifest.status, 200, manifest.body);
      assert.equal(manifest.digest, result.digest);
    }
    const phases = events.filter((e) => e.kind === 'phase').map((e) => e.phase);
    assert.deepEqual(
      [...new Set(phases)],
      ['connect', 'build', 'verify', 'repository', 'auth', 'push', 'scan', 'done'],
    );
    assert.equal(result.scan?.outcome, 'complete', 'the new repository scans on push');
    const push = events.filter((e) => e.kind === 'push');
    assert.equal(push.at(-1)?.kind === 'push' && push.at(-1)?.summary.percent, 100);
    assert.ok(secrets.includes(env.password), 'the registry password was registered with the redactor');
    assert.ok(!events.some((e) => e.kind === 'output' && e.text.includes(env.password)));
  });

  it('a failing RUN (HTTP 200, error in the stream) is a BuildError naming the step', async () => {
    writeTree(work, {
      Dockerfile: `FROM ${env.baseImage}\nRUN echo one\nRUN echo about to fail && exit 3\nRUN echo never\n`,
    });
    const error = await buildImage(connection, {
      contextDir: work,
      dockerfile: path.join(work, 'Dockerfile'),
      tags: ['ecs-test/fail:1'],
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError, String(error));
    assert.equal(error.step?.current, 3);
    assert.equal(error.step?.total, 4);
    assert.match(error.message, /step 3\/4 \(RUN echo about to fail && exit 3\)/);
    assert.match(error.message, /returned a non-zero code: 3/);
    assert.match(error.outputTail, /about to fail/);
  });

  it('a COPY of a file that .dockerignore excludes says the file is not in the context', async () => {
    writeTree(work, {
      Dockerfile: `FROM ${env.baseImage}\nCOPY config.env /config.env\n`,
      '.dockerignore': '*.env\n',
      'config.env': 'A=1',
    });
    const error = await buildImage(connection, {
      contextDir: work,
      dockerfile: path.join(work, 'Dockerfile'),
      tags: ['ecs-test/ignored:1'],
    }).catch((e: unknown) => e);
    assert.ok(error instanceof BuildError, String(error));
    assert.match(error.message, /step 2\/2/);
    assert.match(error.message, /not in the build context .*\.dockerignore/);
    assert.match(error.daemonMessage, /config\.env/);
  });

  it('a Dockerfile syntax error (HTTP 400) is a BuildError with the parser message', async () => {
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nRUNN echo typo\n` });
    const error = await buildImage(connection, {
      contextDir: work,
      dockerfile: path.join(work, 'Dockerfile'),
      tags: ['ecs-test/syntax:1'],
    }).catch((e: unknown) => e);
    assert.ok(error instanceof BuildError, String(error));
    assert.match(error.message, /syntax error/);
    assert.match(error.daemonMessage, /unknown instruction: RUNN/i);
  });

  // The engine's proxy points at a dead port (docker-test-env.sh): every pull fails, as Docker Hub
  // does behind a corporate proxy or offline. The sample app's FROM python:3.12-slim meets this.
  for (const [from, registry, login] of [
    ['python:3.12-slim', 'docker\\.io \\(Docker Hub\\)', 'docker login`'],
    ['ghcr.io/acme/not-local-base:1', 'ghcr\\.io', 'docker login ghcr\\.io`'],
  ] as const) {
    it(`a base image that cannot be pulled (FROM ${from}) names its registry, the reason and what to do`, async () => {
      writeTree(work, { Dockerfile: `FROM ${from}\nRUN echo never\n` });
      const error = await buildImage(connection, {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        tags: ['ecs-test/pull:1'],
        platform: 'linux/amd64',
      }).catch((e: unknown) => e);
      assert.ok(error instanceof BuildError, String(error));
      assert.equal(error.step?.current, 1);
      const message = error.message;
      assert.match(
        message,
        new RegExp(`the base image ${from.replace(/\./g, '\\.')} could not be pulled from ${registry}`),
      );
      assert.match(message, /proxy did not connect/, 'the reason');
      assert.match(message, new RegExp(`docker pull --platform linux/amd64 ${from.replace(/\./g, '\\.')}`));
      assert.match(message, new RegExp(login));
      assert.match(message, /mirror/);
      assert.match(error.daemonMessage, /proxyconnect/, "the daemon's own words come last");
    });
  }

  it('a push with a wrong password is a PushError from the stream, with the likely cause', async () => {
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nRUN echo wrong-password > /w\n` });
    const image = await buildImage(connection, {
      contextDir: work,
      dockerfile: path.join(work, 'Dockerfile'),
      tags: ['ecs-test/wrongpw:1'],
    });
    const error = await pushImage(connection, {
      source: image.imageId,
      repository: `${env.registry}/wrongpw`,
      tags: ['v1'],
      auth: { username: 'AWS', password: 'not-the-password', serveraddress: `http://${env.registry}` },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof PushError, String(error));
    assert.match(error.registryMessage, /unauthorized|authentication required|no basic auth/i);
    assert.match(error.message, /rejected the credentials/);
    assert.ok(!error.message.includes('not-the-password'));
    assert.equal((await registryGet(env, '/v2/wrongpw/manifests/v1')).status, 404);
  });

  it('declining to create a missing repository stops before the push (a cancellation)', async () => {
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\n` });
    const error = await buildAndPush(
      { ecr, docker: () => dockerGatewayOf(connection) },
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        repositoryName: 'declined-repo',
        tag: 'v1',
        confirmCreateRepository: () => Promise.resolve(undefined),
      },
      () => undefined,
    ).catch((e: unknown) => e);
    assert.equal((error as Error).name, 'AbortError');
    assert.equal(fakeEcr.repositories.has('declined-repo'), false);
  });

  it('an unreachable daemon is a DockerUnavailableError naming the endpoint tried', async () => {
    const socket = path.join(work, 'no-daemon.sock');
    const endpoint = resolveDockerEndpoint({ ...nodeEndpointHost({ DOCKER_HOST: `unix://${socket}` }) });
    const error = await buildAndPush(
      { ecr, docker: () => lazyDockerGateway(endpoint) },
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        repositoryName: 'never',
        tag: 'v1',
        confirmCreateRepository: () => Promise.resolve({}),
      },
      () => undefined,
    ).catch((e: unknown) => e);
    assert.ok(error instanceof DockerUnavailableError, String(error));
    assert.match(error.message, /Cannot reach the Docker daemon — no socket there/);
    assert.ok(error.message.endsWith(`Tried: unix://${socket} (DOCKER_HOST)`), error.message);
  });

  it('cancelling a running build rejects at once with an AbortError', async () => {
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nRUN echo started && sleep 30\n` });
    const controller = new AbortController();
    const afterAbort: string[] = [];
    const error = await buildImage(
      connection,
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        tags: ['ecs-test/cancel:1'],
        noCache: true,
      },
      {
        onOutput: (text) => {
          if (controller.signal.aborted) afterAbort.push(text);
          // The RUN's own output, not the step line that quotes it.
          if (text.trim() === 'started') controller.abort();
        },
      },
      controller.signal,
    ).catch((e: unknown) => e);
    assert.equal((error as Error).name, 'AbortError');
    // Rejected while the RUN slept: the build never got to finish its step (no wall-clock bound).
    assert.ok(
      !afterAbort.some((t) => /Successfully built|Removing intermediate container|writing image/.test(t)),
      `no output of a finished step after the abort: ${afterAbort.join('')}`,
    );
    // The daemon cancels the build when the request goes away: no build container keeps sleeping.
    let running = 1;
    for (let i = 0; i < 50 && running > 0; i++) {
      const containers = await connection.docker.listContainers();
      running = containers.filter((c) => c.Command.includes('sleep 30')).length;
      if (running > 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(running, 0);
  });

  it('linux/arm64 requested, amd64 returned from the cache: build-and-push stops with the cause and the fix, before any ECR call', async () => {
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nCOPY Dockerfile /d\n` });
    const calls = fake.stats.calls('CreateRepository') + fake.stats.calls('DescribeRepositories');
    const error = await buildAndPush(
      { ecr, docker: () => dockerGatewayOf(connection) },
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        repositoryName: 'arm-app',
        tag: 'v1',
        platform: 'linux/arm64',
        confirmCreateRepository: () => Promise.resolve({}),
      },
      () => undefined,
    ).catch((e: unknown) => e);
    assert.ok(error instanceof PlatformMismatchError, String(error));
    assert.match(error.message, /is linux\/amd64, not linux\/arm64/);
    assert.match(error.message, /exec format error/);
    assert.match(error.message, /runtimePlatform\.cpuArchitecture/);
    assert.equal(fake.stats.calls('CreateRepository') + fake.stats.calls('DescribeRepositories'), calls);
    const arm = { imageId: 'x', tags: [], platform: 'linux/arm64/v8', os: 'linux', architecture: 'arm64' };
    assert.doesNotThrow(() => verifyPlatform(arm, 'linux/aarch64'), 'arm64/v8 and aarch64 are one platform');
  });

  it('scan on push: waits (with backoff) until the fake scan completes and reports the counts by severity and the console link', async () => {
    fakeEcr.scanDelayMs = 1200;
    const calls = fake.stats.calls('DescribeImageScanFindings');
    const { result, events } = await pushToScanningRepository('scan/complete', { maxWaitMs: 20_000 });
    assert.equal(result.scan?.outcome, 'complete');
    assert.equal(result.scan?.status, 'COMPLETE');
    assert.deepEqual(result.scan?.findingSeverityCounts, DEFAULT_FINDING_COUNTS);
    assert.ok(fake.stats.calls('DescribeImageScanFindings') - calls >= 2, 'polled while IN_PROGRESS');
    assert.equal(
      result.scan?.consoleUrl,
      `https://us-east-1.console.aws.amazon.com/ecr/repositories/private/123456789012/scan/complete/_/image/${result.digest}/details?region=us-east-1`,
    );
    assert.ok(events.some((e) => e.kind === 'scan' && !e.final && e.status === 'IN_PROGRESS'));
    const final = events.find((e) => e.kind === 'scan' && e.final);
    assert.deepEqual(final?.kind === 'scan' && final.final && final.report, result.scan);
    const phases = events.filter((e) => e.kind === 'phase').map((e) => e.phase);
    assert.deepEqual(phases.slice(-2), ['scan', 'done']);
  });

  it('scan on push still running at the bound: the push succeeds and the result says the scan is still running', async () => {
    fakeEcr.scanDelayMs = 60_000;
    const { result } = await pushToScanningRepository('scan/slow', { maxWaitMs: 1000 });
    // A 60 s scan still IN_PROGRESS: the wait ended at its bound, not when the scan did.
    assert.equal(result.scan?.outcome, 'timeout');
    assert.equal(result.scan?.status, 'IN_PROGRESS');
    assert.deepEqual(result.scan?.findingSeverityCounts, {});
    assert.ok((result.scan?.waitedMs ?? 0) >= 1000);
    const manifest = await registryGet(env, '/v2/scan/slow/manifests/v1');
    assert.equal(manifest.digest, result.digest, 'the image was pushed');
  });

  it('cancelling during the scan wait stops waiting at once and still returns the push result', async () => {
    fakeEcr.scanDelayMs = 60_000;
    let readsAtAbort: number | undefined;
    const reads = () => fake.stats.calls('DescribeImageScanFindings');
    const { result } = await pushToScanningRepository('scan/cancel', { maxWaitMs: 30_000 }, (e, abort) => {
      if (e.kind === 'scan' && !e.final && readsAtAbort === undefined) {
        readsAtAbort = reads();
        abort();
      }
    });
    assert.ok(readsAtAbort !== undefined, 'the wait polled at least once');
    assert.equal(reads(), readsAtAbort, 'no further poll after the cancellation');
    assert.equal(result.scan?.outcome, 'cancelled');
    assert.match(result.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal((await registryGet(env, '/v2/scan/cancel/manifests/v1')).digest, result.digest);
  });

  it('a FAILED scan (unsupported image) is reported with its reason, and the push still succeeds', async () => {
    fakeEcr.scanOutcome = UNSUPPORTED_IMAGE_FAILURE;
    const { result } = await pushToScanningRepository('scan/failed', { maxWaitMs: 10_000 });
    assert.equal(result.scan?.outcome, 'failed');
    assert.equal(result.scan?.status, 'FAILED');
    assert.match(result.scan?.description ?? '', /^UnsupportedImageError/);
    assert.match(result.imageUri, /scan\/failed@sha256:/);
  });

  it('no scan on push: no wait and no scan in the result', async () => {
    fakeEcr.createRepository('scan/off');
    writeTree(work, { Dockerfile: `FROM ${env.baseImage}\nRUN echo off > /off\n` });
    const calls = fake.stats.calls('DescribeImageScanFindings');
    const result = await buildAndPush(
      { ecr, docker: () => dockerGatewayOf(connection) },
      {
        contextDir: work,
        dockerfile: path.join(work, 'Dockerfile'),
        repositoryName: 'scan/off',
        tag: 'v1',
        confirmCreateRepository: () => Promise.resolve(undefined),
      },
      () => undefined,
    );
    assert.equal(result.scan, undefined);
    assert.equal(fake.stats.calls('DescribeImageScanFindings'), calls);
  });
});
