import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { createEcrGateway } from '../../../src/aws/ecrGateway';
import { connectDocker } from '../../../src/docker/dockerClient';
import { dockerGatewayOf } from '../../../src/docker/dockerGateway';
import { nodeEndpointHost, resolveDockerEndpoint } from '../../../src/docker/dockerEndpoint';
import { buildAndPush } from '../../../src/workflows/buildAndPush';
import { runDeploy } from '../../../src/workflows/deploy/deploy';
import { ManualClock } from '../../fakeAws/clock';
import { FakeEcr } from '../../fakeAws/ecr/fakeEcr';
import { ecrModule } from '../../fakeAws/ecr/module';
import { registryLookup } from '../../fakeAws/ecr/registryLookup';
import { FakeAws } from '../../fakeAws/server';
import { requireDockerTestEnv, type DockerTestEnv } from '../docker/dockerTestEnv';
import { RecordingReporter } from '../../unit/workflows/deploy/deployTestSupport';
import {
  AdvancingClock,
  awsClients,
  DEPLOY_STEPS,
  deployDeps,
  makeWorkspace,
  seedAccount,
  target,
} from './deployHarness';

/** The registry's own digest for a tag (HEAD-like GET with the v2 manifest media type). */
function manifestDigest(env: DockerTestEnv, repository: string, tag: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `http://${env.registry}/v2/${repository}/manifests/${tag}`,
      {
        headers: {
          Accept: 'application/vnd.docker.distribution.manifest.v2+json',
          Authorization: `Basic ${Buffer.from(`${env.user}:${env.password}`).toString('base64')}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const digest = res.headers['docker-content-digest'];
          resolve(typeof digest === 'string' ? digest : undefined);
        });
      },
    );
    req.on('error', reject);
  });
}

describe('Deploy end to end: the real dockerd and registry, ECS on the fake', function () {
  this.timeout(120_000);

  it('builds, pushes, registers the digest-pinned revision and rolls the service out; the file stays byte-identical', async function () {
    const env = await requireDockerTestEnv(this);
    const manual = new ManualClock();
    const fake = await FakeAws.start({ clock: manual });
    const fakeEcr = new FakeEcr({
      registry: env.registry,
      password: env.password,
      scheme: 'http',
      registryLookup: registryLookup(env.registry, env.user, env.password),
    });
    fake.addService(ecrModule(fakeEcr));
    const clients = awsClients(fake.url, fake.region);
    const ecrClient = new ECRClient({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDE2E', secretAccessKey: 'e2e-secret' },
    });
    const workspace = makeWorkspace();
    try {
      const repository = `deploy-e2e-${Date.now().toString(36)}`;
      fakeEcr.createRepository(repository, {});
      fs.writeFileSync(
        path.join(workspace.root, 'Dockerfile'),
        `FROM ${env.baseImage}\nRUN echo ${repository} > /marker\nCMD ["sh", "-c", "sleep 3600"]\n`,
      );
      const { subnets } = seedAccount(fake);
      fake.ecs.createService('prod', 'web', {
        desiredCount: 1,
        taskDefinition: 'web:1',
        networkConfiguration: { awsvpcConfiguration: { subnets } },
      });
      const ecr = createEcrGateway(ecrClient, { onSecret: () => undefined });
      const connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
      const deps = deployDeps(
        clients,
        fake.region,
        (request, onEvent, signal) =>
          buildAndPush({ ecr, docker: () => dockerGatewayOf(connection) }, request, onEvent, signal),
        { clock: new AdvancingClock(manual, (ms) => manual.advance(ms)) },
      );
      const reporter = new RecordingReporter();
      const result = await runDeploy(
        { target: target({ repository }), workspaceRoot: workspace.root, imageTag: 'e2e1' },
        deps,
        reporter,
        new AbortController().signal,
      );
      assert.equal(result.outcome, 'succeeded', `${result.message}\n${reporter.text()}`);

      const digest = await manifestDigest(env, repository, 'e2e1');
      assert.match(digest ?? '', /^sha256:[0-9a-f]{64}$/);
      const revision = fake.ecs.taskDefinitions.resolve('web:2');
      assert.equal(
        revision?.input.containerDefinitions?.[0]?.image,
        `${env.registry}/${repository}@${digest}`,
      );
      const service = fake.ecs.getService('prod', 'web');
      assert.equal(service?.taskDefinitionArn, revision?.arn);
      assert.equal(service?.deployments[0]?.rolloutState, 'COMPLETED');
      assert.equal(service?.deployments.length, 1);
      assert.equal(
        fs.readFileSync(path.join(workspace.root, 'task-definition.json'), 'utf8'),
        workspace.fileText,
      );
      assert.deepEqual(reporter.started, DEPLOY_STEPS);
    } finally {
      clients.destroy();
      ecrClient.destroy();
      await fake.close();
      fs.rmSync(workspace.root, { recursive: true, force: true });
    }
  });
});
