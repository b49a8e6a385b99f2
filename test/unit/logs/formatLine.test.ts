import * as assert from 'node:assert/strict';
import { LineFormatter, stripAnsi, TimeFormatter } from '../../../src/logs/formatLine';
import type { LogEvent, LogSource } from '../../../src/logs/types';

const source: LogSource = {
  key: 'g\u0000s',
  region: 'us-east-1',
  group: '/ecs/web',
  stream: 'ecs/web/0123456789abcdef0123456789abcdef',
  container: 'web',
  taskId: '0123456789abcdef0123456789abcdef',
  label: 'web/01234567',
};
const at = Date.UTC(2025, 0, 15, 12, 34, 56, 7);
const event = (message: string): LogEvent => ({ source, timestamp: at, message });

describe('logs/formatLine', () => {
  it('strips ANSI colours, cursor moves, OSC titles and stray control characters, keeping tabs', () => {
    assert.equal(stripAnsi('\x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[m'), 'red bold green');
    assert.equal(stripAnsi('\x1b]0;title\x07after'), 'after');
    assert.equal(stripAnsi('a\tb\rc\x00d\x7f'), 'a\tbcd');
    const plain = 'nothing to do';
    assert.equal(stripAnsi(plain), plain);
  });

  it('writes the time in UTC, local time, or not at all', () => {
    assert.equal(new TimeFormatter('utc').format(at), '2025-01-15T12:34:56.007Z');
    assert.equal(new TimeFormatter('none').format(at), '');
    const local = new Date(at);
    const expected = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')} ${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}:56.007`;
    assert.equal(new TimeFormatter('local').format(at), expected);
    const t = new TimeFormatter('utc');
    assert.equal(t.format(at + 990), '2025-01-15T12:34:56.997Z', 'the cached second is reused');
    assert.equal(t.format(at + 1000), '2025-01-15T12:34:57.007Z');
  });

  it('prefixes the source when several are followed, and indents continuation lines', () => {
    const f = new LineFormatter({ timestamps: 'utc', showSource: true });
    assert.equal(f.event(event('hello\n')), '2025-01-15T12:34:56.007Z [web/01234567] hello');
    const multi = f.event(event('Error: boom\n    at main (app.js:1)'));
    const [first, second] = multi.split('\n');
    assert.equal(first, '2025-01-15T12:34:56.007Z [web/01234567] Error: boom');
    assert.equal(
      second,
      `${' '.repeat('2025-01-15T12:34:56.007Z [web/01234567] '.length)}    at main (app.js:1)`,
    );
    assert.equal(new LineFormatter({ timestamps: 'none', showSource: false }).event(event('bare')), 'bare');
  });

  it('marks notices with their level, which the log grammar colours', () => {
    const f = new LineFormatter({ timestamps: 'none', showSource: false });
    assert.equal(
      f.notice({ kind: 'notice', code: 'taskStopped', level: 'warning', text: 'Task x stopped.', time: at }),
      '[warning] Task x stopped.',
    );
  });

  // Its speed (lines per second) is a figure of `npm run bench:logs`, not an assertion here.
  it('formats a burst of 100,000 lines, each with its own time and message, on one line', () => {
    const f = new LineFormatter({ timestamps: 'utc', showSource: true });
    const wrong: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const message = `GET /api/items/${i} 200 3ms`;
      const line = f.event({ source, timestamp: at + i, message });
      const ok =
        line.includes(new Date(at + i).toISOString()) && line.includes(message) && !line.includes('\n');
      if (!ok && wrong.length < 3) wrong.push(`${i}: ${line}`);
    }
    assert.deepEqual(wrong, []);
  });
});
