import * as assert from 'node:assert/strict';
import { LineBatcher, type Timers } from '../../../src/logs/lineBatcher';

class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, () => void>();
  setTimeout(callback: () => void): unknown {
    const id = this.next++;
    this.pending.set(id, callback);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fire(): void {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const c of callbacks) c();
  }
}

class Sink {
  text = '';
  appends = 0;
  replaces = 0;
  append(text: string): void {
    this.text += text;
    this.appends++;
  }
  replace(text: string): void {
    this.text = text;
    this.replaces++;
  }
  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }
}

describe('logs/lineBatcher', () => {
  it('joins the lines pushed before the timer fires into one append', () => {
    const timers = new ManualTimers();
    const sink = new Sink();
    const b = new LineBatcher(sink, { maxLines: 1000, timers });
    for (let i = 0; i < 10; i++) b.push(`line ${i}`);
    assert.equal(sink.appends, 0);
    assert.equal(timers.pending.size, 1, 'one timer, however many lines');
    timers.fire();
    assert.equal(sink.appends, 1);
    assert.deepEqual(
      sink.lines,
      Array.from({ length: 10 }, (_, i) => `line ${i}`),
    );
  });

  it('flushes at once when many lines wait', () => {
    const timers = new ManualTimers();
    const sink = new Sink();
    const b = new LineBatcher(sink, { maxLines: 100_000, timers, maxPendingLines: 100 });
    for (let i = 0; i < 250; i++) b.push(`l${i}`);
    assert.equal(sink.appends, 2);
    b.dispose();
    assert.equal(sink.lines.length, 250);
    assert.equal(timers.pending.size, 0, 'dispose leaves no timer');
    b.push('ignored');
    assert.equal(sink.lines.length, 250);
  });

  it('caps the channel: past 1.5 × maxLines it is replaced by the last maxLines, under a note', () => {
    const timers = new ManualTimers();
    const sink = new Sink();
    let now = 0;
    const b = new LineBatcher(sink, { maxLines: 1000, timers, now: () => now, minReplaceIntervalMs: 1000 });
    for (let i = 0; i < 1600; i++) {
      b.push(`n${i}`);
      if (i % 100 === 99) {
        now += 10_000;
        b.flush();
      }
    }
    b.flush();
    assert.equal(sink.replaces, 1);
    const lines = sink.lines;
    assert.match(
      lines[0]!,
      /^… \d+ earlier lines are not kept \(setting ecsFargate\.logs\.maxLines: 1000\)$/,
    );
    assert.ok(lines.length <= 1000 * 1.5 + 1);
    assert.equal(lines.at(-1), 'n1599');
    // What is kept is contiguous: the newest lines, in order.
    const numbers = lines.slice(1).map((l) => Number(l.slice(1)));
    assert.ok(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1));
  });

  it('counts a multi-line entry as its lines', () => {
    const sink = new Sink();
    const b = new LineBatcher(sink, { maxLines: 100, timers: new ManualTimers() });
    b.push('a\nb\nc');
    assert.equal(b.retainedLines, 3);
  });
});

describe('logs/lineBatcher discard', () => {
  it('drops what waits and writes nothing more (the channel went to a new run)', () => {
    const timers = new ManualTimers();
    const sink = new Sink();
    const b = new LineBatcher(sink, { maxLines: 100, timers });
    b.push('old run');
    b.discard();
    assert.equal(timers.pending.size, 0);
    b.push('late');
    b.flush();
    b.dispose();
    assert.equal(sink.text, '');
  });
});
