import * as assert from 'node:assert/strict';
import { KMSClient } from '@aws-sdk/client-kms';
import { createKmsGateway } from '../../../src/aws/kmsGateway';
import { createRedactor } from '../../../src/shared/redact';
import { fakeSdkConfig } from '../fakeSdkConfig';
import { collectOutput, EXEC_CLUSTER, execSession, startExecFixture, type ExecFixture } from './execHarness';

const FAST = { resendCheckMs: 20, initialRetransmitMs: 50, maxRetransmitMs: 100 };

describe('the data channel against the fake agent (real ECS SDK client, a real shell behind)', function () {
  this.timeout(30_000);
  let fixture: ExecFixture;

  beforeEach(async () => {
    fixture = await startExecFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  it('runs a shell: echo round trip, then exit ends the session with its status', async () => {
    const channel = await execSession(fixture, '/bin/sh');
    assert.equal(channel.sessionType, 'Standard_Stream');
    assert.equal(channel.agentVersion, '3.3.1802.0');
    const out = collectOutput(channel);
    await channel.sendSize(80, 24);
    await channel.send(1, Buffer.from('echo hello-$((6*7))\r'));
    await out.until(/hello-42/);
    await channel.send(1, Buffer.from('exit 3\r'));
    const closure = await channel.closed;
    assert.equal(closure.reason, 'channelClosed');
    assert.equal(closure.exitCode, 3);
    const agent = fixture.fake.ssmAgent.sessions[0]!;
    assert.deepEqual(agent.counters.badFrames, [], 'the agent codec accepted every frame we sent');
  });

  it('sends the terminal size: stty size shows each resize', async () => {
    const channel = await execSession(fixture, '/bin/sh');
    const out = collectOutput(channel);
    await channel.sendSize(100, 30);
    await channel.send(1, Buffer.from('stty size\r'));
    await out.until(/\r\n30 100\r\n/);
    await channel.sendSize(132, 43);
    await channel.send(1, Buffer.from('stty size\r'));
    await out.until(/\r\n43 132\r\n/);
    channel.close();
  });

  it('passes Ctrl-C through as a byte: it interrupts sleep 100 and the shell goes on', async () => {
    const channel = await execSession(fixture, '/bin/sh');
    const out = collectOutput(channel);
    await channel.sendSize(80, 24);
    // `started-2` is printed by the shell, not echoed by the pty: the list runs and sleep is next.
    await channel.send(1, Buffer.from('echo started-$((1+1)); sleep 100; echo after-$?\r'));
    await out.until(/started-2/);
    // The fork of sleep follows the echo at once; leave it a moment so ^C reaches sleep, not ash.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await channel.send(1, Buffer.from([0x03]));
    // The interrupted sleep ends with 130 (128 + SIGINT) only if the byte reached the pty as ^C.
    await channel.send(1, Buffer.from('echo status-$?\r'));
    await out.until(/status-130/);
    channel.close();
  });

  it('runs a one-off command: its output and exit code', async () => {
    const channel = await execSession(
      fixture,
      'sh -c "cat /etc/hostname >/dev/null; echo one; echo two; exit 7"',
    );
    const out = collectOutput(channel);
    const closure = await channel.closed;
    assert.match(out.text(), /one\r?\ntwo/);
    assert.equal(closure.exitCode, 7);
  });

  it('retransmits input whose acknowledgement was lost, and the shell sees it once', async () => {
    fixture.fake.ssmAgent.faults = { dropAcks: 3 };
    const channel = await execSession(fixture, '/bin/sh', { timing: FAST });
    const out = collectOutput(channel);
    await channel.send(1, Buffer.from('echo acked-$((1+1))\r'));
    await out.until(/acked-2/);
    const agent = fixture.fake.ssmAgent.sessions[0]!;
    assert.equal(agent.counters.acksDropped, 3);
    assert.ok(channel.stats().retransmitted >= 1, 'the client resent what was not acknowledged');
    assert.ok(agent.counters.duplicateInputs >= 1, 'the agent received the resent copies…');
    assert.equal(
      agent.counters.received.filter((b) => b.toString().includes('acked')).length,
      1,
      '…and used one',
    );
    channel.close();
  });

  it('delivers output in order when the agent sends it out of order, and duplicates once', async () => {
    fixture.fake.ssmAgent.faults = { reorder: 20, duplicate: 20 };
    const channel = await execSession(
      fixture,
      'sh -c "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line-$i; sleep 0.05; done"',
    );
    const out = collectOutput(channel);
    await channel.closed;
    const lines = out.text().match(/line-\d+/g) ?? [];
    assert.deepEqual(
      lines,
      Array.from({ length: 12 }, (_, i) => `line-${i + 1}`),
    );
    assert.ok(channel.stats().duplicates >= 1, 'duplicates arrived and were dropped');
    assert.ok(channel.stats().outOfOrder >= 1, 'messages arrived out of order and were reordered');
  });

  it('recovers output whose first transmission was lost (the agent resends it)', async () => {
    fixture.fake.ssmAgent.faults = { dropOutputs: 2 };
    const channel = await execSession(fixture, 'sh -c "echo first; echo second"');
    const out = collectOutput(channel);
    await channel.closed;
    assert.match(out.text(), /first\r?\nsecond/);
  });

  it('tells the user when the socket closes mid-session, and pending sends fail instead of hanging', async () => {
    // Outputs 1 and 2 are the handshake; the shell's first output closes the socket.
    fixture.fake.ssmAgent.faults = { closeSocketAfterOutputs: 2 };
    const channel = await execSession(fixture, '/bin/sh');
    const closure = await channel.closed;
    assert.equal(closure.reason, 'socketClosed');
    assert.match(closure.message, /closed unexpectedly/);
    await assert.rejects(channel.send(1, Buffer.from('echo late\r')), /closed unexpectedly/);
  });

  it('gives up when the agent never completes the handshake', async () => {
    fixture.fake.ssmAgent.faults = { stallHandshake: true };
    await assert.rejects(
      execSession(fixture, '/bin/sh', { timing: { handshakeTimeoutMs: 200, connectTimeoutMs: 2000 } }),
      /did not complete the session's handshake/,
    );
  });

  it('encrypts the session with KMS when the cluster names a key (GenerateDataKey with the session context)', async () => {
    const key = fixture.fake.kms.createKey('exec-sessions');
    const cluster = fixture.fake.ecs.clusters.get(EXEC_CLUSTER)!;
    cluster.configuration = { executeCommandConfiguration: { kmsKeyId: key.arn, logging: 'DEFAULT' } };
    const kmsClient = new KMSClient(fakeSdkConfig(fixture.fake, 'AKIDEXEC'));
    try {
      const channel = await execSession(fixture, '/bin/sh', { kms: createKmsGateway(kmsClient) });
      assert.equal(channel.encrypted, true);
      const out = collectOutput(channel);
      await channel.send(1, Buffer.from('echo secret-$((40+2))\r'));
      await out.until(/secret-42/);
      const request = fixture.fake.kms.dataKeyRequests[0]!;
      assert.equal(request.keyId, key.arn);
      assert.equal(request.encryptionContext['aws:ssm:SessionId'], channel.sessionId);
      assert.match(request.encryptionContext['aws:ssm:TargetId'] ?? '', /^ecs:exec-cluster_[0-9a-f]+_/);
      assert.ok(
        fixture.fake.ssmAgent.sessions[0]!.encrypted,
        'the agent decrypted our data key and its challenge',
      );
      channel.close();
    } finally {
      kmsClient.destroy();
    }
  });

  it('fails clearly when the cluster needs KMS and no KMS client is given', async () => {
    const key = fixture.fake.kms.createKey();
    fixture.fake.ecs.clusters.get(EXEC_CLUSTER)!.configuration = {
      executeCommandConfiguration: { kmsKeyId: key.keyId },
    };
    await assert.rejects(execSession(fixture, '/bin/sh'), /KMSEncryption: no KMS client/);
  });

  it('never lets the token reach a log line', async () => {
    const redactor = createRedactor({});
    const lines: string[] = [];
    const logger = {
      debug: (m: string) => lines.push(redactor(m)),
      info: (m: string) => lines.push(redactor(m)),
      warn: (m: string) => lines.push(redactor(m)),
      error: (m: string) => lines.push(redactor(m)),
    };
    const channel = await execSession(fixture, '/bin/sh', { logger, redactor });
    const token = fixture.fake.ssmAgent.tokens[0]!;
    logger.info(`debugging: the token was ${token}`);
    channel.close();
    await channel.closed;
    assert.ok(lines.length > 2);
    assert.ok(lines.every((l) => !l.includes(token)));
    assert.ok(lines.some((l) => l.includes('***')));
  });
});
