import * as assert from 'node:assert/strict';
import { collectOutput, execSession, startExecFixture, type ExecFixture } from './execHarness';

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
  });
});
