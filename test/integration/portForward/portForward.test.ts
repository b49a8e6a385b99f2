/**
 * Port forwarding end to end: the REAL SSM SDK client → the fake SSM (StartSession with its error
 * shapes) → the fake agent's WebSocket data channel (its own codec) → its Port handler (its own smux)
 * → real TCP servers on loopback; on our side the product's gateway, data channel, smux client and
 * 127.0.0.1 listener.
 */
import * as assert from 'node:assert/strict';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { createKmsGateway } from '../../../src/aws/kmsGateway';
import { createSsmGateway, ecsSessionTarget } from '../../../src/aws/ssmGateway';
import { silentLogger } from '../../../src/shared/logger';
import { openPortChannel } from '../../../src/workflows/portForward/dataChannelPort';
import {
  type PortForward,
  type PortForwardDeps,
  type PortForwardRequest,
  startPortForward,
} from '../../../src/workflows/portForward/portForward';
import { FakeAws } from '../../fakeAws';
import type { TaskRecord } from '../../fakeAws';
import { fakeSdkConfig } from '../fakeSdkConfig';
import { forwardTestScope } from './forwardTestScope';
import {
  echoServer,
  exchange,
  exchangeServer,
  httpGet,
  httpServer,
  listeningAddresses,
  refused,
} from './tcpServers';

describe('port forwarding through the fake SSM and the fake agent (real SDK, WebSocket, TCP)', function () {
  this.timeout(120_000);
  let fake: FakeAws;
  let client: SSMClient;
  let task: TaskRecord;
  let noExec: TaskRecord;
  const secrets: string[] = [];
  const { serve, keep } = forwardTestScope();

  before(async () => {
    fake = await FakeAws.start();
    client = new SSMClient(fakeSdkConfig(fake, 'AKIDPORTFORWARD'));
  });
  after(async () => {
    client.destroy();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.ecs.createCluster('prod');
    task = fake.ecs.addTask('prod', { enableExecuteCommand: true });
    noExec = fake.ecs.addTask('prod', { enableExecuteCommand: false });
  });

  function deps(kms?: KMSClient): PortForwardDeps {
    return {
      ssm: createSsmGateway(client, { onSecret: (s) => secrets.push(s) }),
      openChannel: (session, signal, target) =>
        openPortChannel(session, signal, target, {
          logger: silentLogger,
          ...(kms ? { kms: createKmsGateway(kms) } : {}),
        }),
    };
  }

  function request(t: TaskRecord, extra: Partial<PortForwardRequest> = {}): PortForwardRequest {
    return {
      cluster: 'prod',
      task: t.arn,
      container: t.containers[0]!.name,
      runtimeId: t.containers[0]!.runtimeId,
      remotePort: 8080,
      ...extra,
    };
  }

  /** The container's port 8080 (or a remote host) is the given loopback server. */
  function destination(server: { port: number }) {
    fake.ssm.port.resolve = () => ({ host: '127.0.0.1', port: server.port });
  }

  async function start(req: PortForwardRequest, kms?: KMSClient): Promise<PortForward> {
    return keep(await startPortForward(deps(kms), req, { signal: new AbortController().signal }));
  }

  it('fetches a page from the container through a multiplexed forward listening on 127.0.0.1 only', async () => {
    const web = await serve(httpServer());
    destination(web);
    const forward = await start(request(task));
    assert.equal(forward.mode, 'multiplexed');
    assert.deepEqual(
      fake.ssm.port.handlers.map((h) => h.mode),
      ['multiplexed'],
    );
    assert.equal(
      fake.ssm.port.handlers[0]!.target,
      ecsSessionTarget('prod', task.id, task.containers[0]!.runtimeId),
    );
    assert.deepEqual(await httpGet(forward.localPort, '/health'), {
      status: 200,
      body: 'hello from /health',
    });
    const addresses = await listeningAddresses(forward.localPort);
    if (addresses) assert.deepEqual(addresses, ['127.0.0.1']);
    assert.equal(secrets.length, 1, 'the session token went to the redactor');
  });

  it('a session the account encrypts with KMS: GenerateDataKey with the session context, then the page', async () => {
    const key = fake.kms.createKey('session-manager');
    fake.ssm.port.kmsKeyId = key.arn;
    const web = await serve(httpServer());
    destination(web);
    const kms = new KMSClient(fakeSdkConfig(fake, 'AKIDPORTFORWARD'));
    try {
      const forward = await start(request(task), kms);
      assert.deepEqual(await httpGet(forward.localPort, '/health'), {
        status: 200,
        body: 'hello from /health',
      });
      assert.equal(fake.kms.dataKeyRequests.length, 1, 'one data key for the session');
      assert.equal(fake.kms.dataKeyRequests[0]!.keyId, key.arn);
      assert.equal(
        fake.kms.dataKeyRequests[0]!.encryptionContext['aws:ssm:TargetId'],
        ecsSessionTarget('prod', task.id, task.containers[0]!.runtimeId),
      );
      assert.ok(
        fake.ssmAgent.sessions.some((s) => s.encrypted),
        'the agent decrypted our data key and its challenge',
      );
    } finally {
      kms.destroy();
    }
  });

  it('carries 10 parallel connections, each byte-exact', async () => {
    const echo = await serve(echoServer());
    destination(echo);
    const forward = await start(request(task));
    const size = 256 * 1024;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => exchange(forward.localPort, size, size)),
    );
    for (const r of results) assert.equal(r.received, r.sent);
  });

  it('moves 16 MiB of random bytes each way at once, byte-exact', async () => {
    const size = 16 * 1024 * 1024;
    const server = await serve(exchangeServer(size));
    destination(server);
    const forward = await start(request(task));
    const near = await exchange(forward.localPort, size, size);
    const far = await server.results[0]!;
    assert.equal(far.received, near.sent);
    assert.equal(near.received, far.sent);
  });

  it('basic mode with an agent of 3.0.196.0: forwards, one connection after the other', async () => {
    fake.ssm.port.agentVersion = '3.0.196.0';
    const web = await serve(httpServer());
    destination(web);
    const forward = await start(request(task));
    assert.equal(forward.mode, 'basic');
    assert.deepEqual(
      fake.ssm.port.handlers.map((h) => h.mode),
      ['basic'],
    );
    assert.equal((await httpGet(forward.localPort, '/a')).body, 'hello from /a');
    assert.equal((await httpGet(forward.localPort, '/b')).body, 'hello from /b');
  });

  it('forwards to a remote host the task reaches (AWS-StartPortForwardingSessionToRemoteHost)', async () => {
    const db = await serve(echoServer());
    let seen: string | undefined;
    fake.ssm.port.resolve = (_target, host) => {
      seen = host;
      return { host: '127.0.0.1', port: db.port };
    };
    const forward = await start(
      request(task, { remoteHost: 'mydb.abc.us-east-1.rds.amazonaws.com', remotePort: 5432 }),
    );
    const r = await exchange(forward.localPort, 4096, 4096);
    assert.equal(r.received, r.sent);
    assert.equal(seen, 'mydb.abc.us-east-1.rds.amazonaws.com');
    assert.equal(
      fake.ssm.sessions.sessions.values().next().value?.spec.documentName,
      'AWS-StartPortForwardingSessionToRemoteHost',
    );
  });

  it('the agent going away mid-transfer: the forward ends and says why, the listener closes, nothing hangs', async () => {
    const size = 32 * 1024 * 1024;
    const server = await serve(exchangeServer(size));
    destination(server);
    fake.ssmAgent.faults = { closeSocketAfterOutputs: 2000 };
    const forward = await start(request(task));
    const transferFailed = exchange(forward.localPort, size, size).then(
      () => false,
      () => true,
    );
    const end = await forward.ended;
    assert.equal(end.reason, 'failed');
    assert.match(end.error?.message ?? '', /connection to the agent closed/i);
    assert.equal(await transferFailed, true, 'the local connection was closed, not left hanging');
    assert.equal(await refused(forward.localPort), true);
  });

  it('explains TargetNotConnected (ECS Exec off) and leaves nothing listening', async () => {
    const steps: string[] = [];
    await assert.rejects(
      startPortForward(
        {
          ...deps(),
          openChannel: () => Promise.reject(new Error('not reached')),
        },
        request(noExec),
        { signal: new AbortController().signal, onStep: (step) => void steps.push(step) },
      ),
      (error: Error) => {
        assert.equal(error.name, 'PortForwardTargetNotConnected');
        assert.match(error.message, /ECS Exec on \(enableExecuteCommand\)/);
        assert.match(error.message, /ssmmessages:CreateControlChannel/);
        return true;
      },
    );
    assert.deepEqual(steps, ['listen', 'session'], 'it failed at StartSession, after listening');
  });

  it('answers StartSession with the real error shapes: InvalidDocument, InvalidParameters, AccessDeniedException', async () => {
    const target = ecsSessionTarget('prod', task.id, task.containers[0]!.runtimeId);
    await assert.rejects(
      client.send(new StartSessionCommand({ Target: target, DocumentName: 'AWS-NoSuchDocument' })),
      (e: Error) => e.name === 'InvalidDocument',
    );
    await assert.rejects(
      client.send(
        new StartSessionCommand({
          Target: target,
          DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
          Parameters: { portNumber: ['5432'] },
        }),
      ),
      (e: Error) => e.name === 'InvalidParameters' && /host/.test(e.message),
    );
    fake.faults.denyOperation('StartSession');
    await assert.rejects(
      client.send(
        new StartSessionCommand({ Target: target, DocumentName: 'AWS-StartPortForwardingSession' }),
      ),
      (e: Error) => e.name === 'AccessDeniedException',
    );
  });
});
