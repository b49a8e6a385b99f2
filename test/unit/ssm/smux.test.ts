import * as assert from 'node:assert/strict';
import { SmuxClientSession, SmuxProtocolError, type SmuxTimers } from '../../../src/ssm/smuxSession';
import { encodeFrame, SmuxCommand, SmuxFrameDecoder } from '../../../src/ssm/smuxFrame';

// Byte vectors written by hand from xtaci/smux frame.go (header: ver, cmd, uint16 LE length,
// uint32 LE stream id) and session.go (client ids start at 3, NOP on stream 0).
const SYN_3 = [1, 0, 0, 0, 3, 0, 0, 0];
const FIN_3 = [1, 1, 0, 0, 3, 0, 0, 0];
const NOP_0 = [1, 3, 0, 0, 0, 0, 0, 0];
const PSH_3_HELLO = [1, 2, 5, 0, 3, 0, 0, 0, 0x68, 0x65, 0x6c, 0x6c, 0x6f];

class Wire {
  readonly writes: Buffer[] = [];
  accept = true;
  write = (bytes: Buffer): boolean => {
    this.writes.push(Buffer.from(bytes));
    return this.accept;
  };
  bytes(): number[] {
    return [...Buffer.concat(this.writes)];
  }
  frames() {
    return new SmuxFrameDecoder().push(Buffer.concat(this.writes));
  }
  clear() {
    this.writes.length = 0;
  }
}

class ManualTimers implements SmuxTimers {
  private readonly timers: Array<{ callback: () => void; ms: number; at: number; live: boolean }> = [];
  now = 0;
  setInterval(callback: () => void, ms: number) {
    const timer = { callback, ms, at: ms, live: true };
    this.timers.push(timer);
    return timer;
  }
  clearInterval(handle: unknown) {
    (handle as { live: boolean }).live = false;
  }
  advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.now = due.at;
      due.at += due.ms;
      due.callback();
    }
    this.now = end;
  }
  get live() {
    return this.timers.filter((t) => t.live).length;
  }
}

function session(wire: Wire, extra: Partial<ConstructorParameters<typeof SmuxClientSession>[0]> = {}) {
  return new SmuxClientSession({ transport: wire, keepAlive: false, ...extra });
}

describe('smux v1 frames', () => {
  it('encodes the header as the Go code does: version 1, cmd, length and stream id little-endian', () => {
    assert.deepEqual([...encodeFrame(SmuxCommand.SYN, 3)], SYN_3);
    assert.deepEqual([...encodeFrame(SmuxCommand.FIN, 3)], FIN_3);
    assert.deepEqual([...encodeFrame(SmuxCommand.NOP, 0)], NOP_0);
    assert.deepEqual([...encodeFrame(SmuxCommand.PSH, 3, Buffer.from('hello'))], PSH_3_HELLO);
    const big = encodeFrame(SmuxCommand.PSH, 0x01020304, Buffer.alloc(0x1234));
    assert.deepEqual([...big.subarray(0, 8)], [1, 2, 0x34, 0x12, 0x04, 0x03, 0x02, 0x01]);
  });

  it('refuses a payload longer than the 16-bit length, or a payload on a control frame', () => {
    assert.throws(() => encodeFrame(SmuxCommand.PSH, 3, Buffer.alloc(65_536)), RangeError);
    assert.throws(() => encodeFrame(SmuxCommand.SYN, 3, Buffer.from('x')), RangeError);
  });

  it('decodes frames cut at every byte boundary', () => {
    const wire = Buffer.from([...SYN_3, ...PSH_3_HELLO, ...NOP_0, ...FIN_3]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const decoder = new SmuxFrameDecoder();
      const frames = [...decoder.push(wire.subarray(0, cut)), ...decoder.push(wire.subarray(cut))];
      assert.deepEqual(
        frames.map((f) => [f.cmd, f.streamId, f.data.toString()]),
        [
          [SmuxCommand.SYN, 3, ''],
          [SmuxCommand.PSH, 3, 'hello'],
          [SmuxCommand.NOP, 0, ''],
          [SmuxCommand.FIN, 3, ''],
        ],
        `cut at ${cut}`,
      );
      assert.equal(decoder.buffered, 0);
    }
  });

  it('decodes a frame fed one byte at a time, and keeps its data after the input buffer is reused', () => {
    const decoder = new SmuxFrameDecoder();
    const scratch = Buffer.alloc(1);
    const frames = [];
    for (const byte of PSH_3_HELLO) {
      scratch[0] = byte;
      frames.push(...decoder.push(scratch));
    }
    assert.equal(frames.length, 1);
    assert.equal(frames[0]!.data.toString(), 'hello');
  });

  it('rejects what smux rejects: another version, an unknown command (UPD is v2 only), a payload on SYN/FIN/NOP', () => {
    assert.throws(
      () => new SmuxFrameDecoder().push(Buffer.from([2, 0, 0, 0, 3, 0, 0, 0])),
      SmuxProtocolError,
    );
    assert.throws(
      () => new SmuxFrameDecoder().push(Buffer.from([1, 4, 8, 0, 3, 0, 0, 0])),
      SmuxProtocolError,
    );
    assert.throws(
      () => new SmuxFrameDecoder().push(Buffer.from([1, 0, 1, 0, 3, 0, 0, 0, 9])),
      SmuxProtocolError,
    );
    assert.throws(
      () => new SmuxFrameDecoder().push(Buffer.from([1, 3, 1, 0, 0, 0, 0, 0, 9])),
      SmuxProtocolError,
    );
  });
});

describe('smux v1 client session', () => {
  it('opens streams with odd ids from 3 (SYN first), sends data as PSH and FIN after the data', () => {
    const wire = new Wire();
    const mux = session(wire);
    const a = mux.openStream();
    const b = mux.openStream();
    assert.deepEqual([a.id, b.id], [3, 5]);
    a.write(Buffer.from('hello'));
    a.end();
    assert.deepEqual(wire.bytes(), [...SYN_3, ...encodeFrame(SmuxCommand.SYN, 5), ...PSH_3_HELLO, ...FIN_3]);
  });

  it('cuts data into frames of at most maxFrameSize', () => {
    const wire = new Wire();
    const mux = session(wire, { maxFrameSize: 4, writeChunkSize: 1000 });
    const s = mux.openStream();
    s.write(Buffer.from('abcdefghij'));
    const psh = wire.frames().filter((f) => f.cmd === SmuxCommand.PSH);
    assert.deepEqual(
      psh.map((f) => f.data.toString()),
      ['abcd', 'efgh', 'ij'],
    );
  });

  it('interleaves streams round-robin, so a big write on one does not hold back another', () => {
    const wire = new Wire();
    wire.accept = false; // the transport is full after each write: one chunk per pump
    const mux = session(wire, { maxFrameSize: 4, writeChunkSize: 12 });
    const a = mux.openStream();
    const b = mux.openStream();
    wire.clear();
    mux.pump();
    wire.clear();
    a.write(Buffer.from('aaaaaaaaaaaaaaaa'));
    b.write(Buffer.from('bb'));
    for (let i = 0; i < 6; i++) mux.pump();
    const order = wire.frames().map((f) => `${f.streamId}:${f.data.toString()}`);
    assert.deepEqual(order.slice(0, 3), ['3:aaaa', '5:bb', '3:aaaa']);
  });

  it('says to wait past maxStreamBuffer and fires onDrain for that stream only once its queue went down', () => {
    const wire = new Wire();
    wire.accept = false;
    const mux = session(wire, { maxStreamBuffer: 10, maxFrameSize: 4, writeChunkSize: 12 });
    const slow = mux.openStream();
    const other = mux.openStream();
    let slowDrains = 0;
    let otherDrains = 0;
    slow.onDrain(() => slowDrains++);
    other.onDrain(() => otherDrains++);
    assert.equal(slow.write(Buffer.alloc(6)), true);
    assert.equal(slow.write(Buffer.alloc(6)), false);
    assert.equal(other.write(Buffer.alloc(2)), true);
    assert.equal(slowDrains, 0);
    mux.pump(); // SYNs went out first; now data
    mux.pump();
    assert.equal(slowDrains, 1);
    assert.equal(otherDrains, 0);
  });

  it('delivers PSH data to its stream, ends it on FIN, and closes it once both FINs crossed', () => {
    const wire = new Wire();
    const mux = session(wire);
    const s = mux.openStream();
    const got: string[] = [];
    let ended = false;
    let closed = false;
    s.onData((d) => got.push(d.toString()));
    s.onEnd(() => (ended = true));
    s.onClose(() => (closed = true));
    mux.receive(Buffer.from(PSH_3_HELLO));
    mux.receive(Buffer.from(FIN_3));
    assert.deepEqual(got, ['hello']);
    assert.equal(ended, true);
    assert.equal(closed, false);
    s.end();
    assert.equal(closed, true);
    assert.equal(mux.openStreams, 0);
  });

  it('drops data for unknown streams and refuses a stream the agent opens', () => {
    const wire = new Wire();
    const mux = session(wire);
    mux.receive(Buffer.from([1, 2, 1, 0, 9, 0, 0, 0, 0x41]));
    mux.receive(encodeFrame(SmuxCommand.SYN, 2));
    assert.deepEqual(wire.bytes(), [...encodeFrame(SmuxCommand.FIN, 2)]);
    assert.equal(mux.isClosed, false);
  });

  it('ends the session and every stream with a protocol error on a bad frame', () => {
    const wire = new Wire();
    const mux = session(wire);
    const s = mux.openStream();
    let streamError: Error | undefined;
    let sessionError: Error | undefined;
    s.onClose((e) => (streamError = e));
    mux.onClose((e) => (sessionError = e));
    mux.receive(Buffer.from([2, 2, 0, 0, 3, 0, 0, 0]));
    assert.ok(sessionError instanceof SmuxProtocolError);
    assert.equal(streamError, sessionError);
    assert.throws(() => mux.openStream());
  });

  it('reports the receive buffer full at maxReceiveBuffer unreleased bytes and free again on release', () => {
    const wire = new Wire();
    const mux = session(wire, { maxReceiveBuffer: 8 });
    const s = mux.openStream();
    const states: boolean[] = [];
    mux.onReceiveFull((full) => states.push(full));
    mux.receive(encodeFrame(SmuxCommand.PSH, 3, Buffer.alloc(5)));
    assert.deepEqual(states, []);
    mux.receive(encodeFrame(SmuxCommand.PSH, 3, Buffer.alloc(5)));
    assert.deepEqual(states, [true]);
    s.release(4);
    assert.deepEqual(states, [true, false]);
  });

  it('keepalive: a NOP every interval, and the session ends after a whole timeout with nothing received', () => {
    const wire = new Wire();
    const timers = new ManualTimers();
    const mux = new SmuxClientSession({
      transport: wire,
      timers,
      keepAlive: { intervalMs: 10_000, timeoutMs: 30_000 },
    });
    let closedWith: Error | undefined;
    mux.onClose((e) => (closedWith = e));
    timers.advance(10_000);
    assert.deepEqual(wire.bytes(), NOP_0);
    timers.advance(15_000);
    mux.receive(Buffer.from(NOP_0)); // the agent's own NOP keeps the session up
    timers.advance(10_000); // the first check at 30 s sees activity
    assert.equal(mux.isClosed, false);
    timers.advance(30_000); // nothing from 30 s to 60 s
    assert.equal(mux.isClosed, true);
    assert.match(closedWith?.message ?? '', /keepalive/);
    assert.equal(timers.live, 0);
  });

  it('without keepalive sends no NOP and starts no timer', () => {
    const wire = new Wire();
    const timers = new ManualTimers();
    const mux = new SmuxClientSession({ transport: wire, timers, keepAlive: false });
    timers.advance(120_000);
    assert.deepEqual(wire.bytes(), []);
    assert.equal(timers.live, 0);
    mux.close();
  });
});
