/**
 * The explorer's levels loaded the way the tree does, through the real ConnectionManager (profiles
 * from temporary AWS config files), the real SDK clients and the gateway, against the fake ECS.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ConnectionManager } from '../../../src/aws/connectionManager';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { loadChildren, type LoadDeps } from '../../../src/explorer/loadChildren';
import { clustersRoot } from '../../../src/explorer/nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { MessageNode } from '../../../src/explorer/nodes/messageNode';
import type { Logger } from '../../../src/shared/logger';
import { createRedactingLogger } from '../../../src/ui/redactingLogger';
import { createRedactor } from '../../../src/shared/redact';
import { FakeAws } from '../../fakeAws/server';
import { connectFakeProfile, type FakeProfileConnection } from '../support/fakeProfileConnection';

const SECRET = 'SENTINELsecretKEY0123456789abcdefSENTINEL';
const TOKEN = 'SENTINELsessionTOKEN/+=0123456789SENTINEL';

/** What reaches the output channel: the extension's own redacting logger over a recording sink. */
function recordingLogger(redact: (text: string) => string): Logger & { lines: string[] } {
  const lines: string[] = [];
  const sink = {
    debug: (m: string) => void lines.push(m),
    info: (m: string) => void lines.push(m),
    warn: (m: string) => void lines.push(m),
    error: (m: string | Error) => void lines.push(String(m)),
  };
  return Object.assign(createRedactingLogger(sink, redact), { lines });
}

describe('explorer tree through the real connection and SDK (fake ECS)', function () {
  let fake: FakeAws;
  let profile: FakeProfileConnection | undefined;
  let connections: ConnectionManager;
  let logger: Logger & { lines: string[] };
  let deps: LoadDeps;

  async function connect(accessKeyId: string) {
    const redact = createRedactor({});
    logger = recordingLogger(redact);
    profile = await connectFakeProfile({
      endpoint: fake.url,
      accessKeyId,
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
      logger,
      redactor: redact,
    });
    connections = profile.connections;
    const context = (): Promise<ExplorerContext | undefined> =>
      Promise.resolve({
        ecs: createEcsGateway(connections.clients().ecs(), { concurrency: () => 8 }),
        region: connections.current!.region,
        now: () => Date.now(),
      });
    deps = { context, root: clustersRoot, logger, describeError: (e, c) => connections.describeError(e, c) };
  }

  beforeEach(async () => {
    fake = await FakeAws.start();
  });
  afterEach(async () => {
    profile?.close();
    profile = undefined;
    await fake.close();
  });

  const labels = (nodes: readonly ExplorerNode[]) => nodes.map((n) => n.view().label);

  it('walks clusters → services → tasks → containers from a profile in the AWS files', async () => {
    await connect('AKIDDEV');
    fake.ecs.createCluster('production', { containerInsights: true });
    fake.ecs.createService('production', 'web', { desiredCount: 2 });
    const root = await loadChildren(undefined, deps);
    assert.equal(root.state, 'ready');
    assert.deepEqual(labels(root.children), ['production']);
    assert.match(root.children[0]!.view().description!, /1 service · 2 running · Insights on/);
    const services = await loadChildren(root.children[0], deps);
    assert.deepEqual(labels(services.children), ['web', 'Standalone tasks', 'Stopped tasks']);
    assert.match(services.children[0]!.view().description!, /^2\/2 · FARGATE · COMPLETED$/);
    const tasks = await loadChildren(services.children[0], deps);
    assert.equal(tasks.children.length, 3, 'two tasks and the stopped group');
    const containers = await loadChildren(tasks.children[0], deps);
    assert.ok(containers.children.length >= 1);
    assert.match(containers.children[0]!.view().description!, /RUNNING/);
  });

  it('an error on one cluster leaves the others working', async () => {
    await connect('AKIDDEV');
    for (const name of ['alpha', 'beta', 'gamma']) {
      fake.ecs.createCluster(name);
      fake.ecs.createService(name, `${name}-svc`);
    }
    const root = await loadChildren(undefined, deps);
    const [alpha, beta, gamma] = root.children;
    assert.deepEqual(labels((await loadChildren(alpha, deps)).children).slice(0, 1), ['alpha-svc']);
    fake.faults.inject('ListServices', 'accessDenied', 1);
    const failed = await loadChildren(beta, deps);
    assert.equal(failed.children.length, 1);
    assert.ok(failed.children[0] instanceof MessageNode);
    assert.match(failed.children[0].view().label, /ecs:ListServices/);
    assert.equal(failed.children[0].view().contextValue, 'ecs.message.error');
    assert.deepEqual(labels((await loadChildren(gamma, deps)).children).slice(0, 1), ['gamma-svc']);
    assert.deepEqual(
      labels((await loadChildren(beta, deps)).children).slice(0, 1),
      ['beta-svc'],
      'retry works',
    );
  });

  it('expired credentials give a message that says so, at the top of the tree', async () => {
    await connect('AKIDEXPIRED');
    fake.faults.expireAccessKey('AKIDEXPIRED');
    const root = await loadChildren(undefined, deps);
    assert.equal(root.state, 'error');
    const message = root.children[0]!.view().label;
    assert.match(message, /expired/i);
  });

  it('no profile and no environment credentials: the welcome view, not an error', async () => {
    await connect('AKIDDEV');
    fs.writeFileSync(path.join(profile!.dir, 'config'), '');
    fs.writeFileSync(path.join(profile!.dir, 'credentials'), '');
    await connections.reload();
    const root = await loadChildren(undefined, {
      ...deps,
      context: () => Promise.resolve(connections.current ? deps.context() : undefined),
    });
    assert.equal(root.state, 'noConnection');
    assert.deepEqual(root.children, []);
  });

  it('never writes a secret into the tree or the log, even when an error message carries one', async () => {
    await connect('AKIDDEV');
    fake.faults.inject('ListClusters', {
      type: 'ClientException',
      message: `bad request signed with ${SECRET} and token ${TOKEN}`,
      status: 400,
    });
    const root = await loadChildren(undefined, deps);
    const shown = root.children.map((n) => `${n.view().label} ${n.view().tooltip ?? ''}`).join('\n');
    assert.match(shown, /bad request signed with/, 'the error is shown');
    for (const text of [shown, logger.lines.join('\n')]) {
      assert.ok(!text.includes(SECRET), 'secret key leaked');
      assert.ok(!text.includes(TOKEN), 'session token leaked');
      assert.ok(!text.includes('SENTINEL'), 'part of a secret leaked');
    }
  });
});
