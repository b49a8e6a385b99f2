import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createContextTar } from '../../../src/docker/contextTar';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('contextTar: the archive GNU tar reads back', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-tar-src-'));
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-tar-out-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('long and non-ASCII names (PAX), symlinks, empty files, a 3.5 MB file in slices, modes, and extra entries', async () => {
    const longDir = path.join(dir, 'a'.repeat(60), 'b'.repeat(60));
    fs.mkdirSync(longDir, { recursive: true });
    fs.writeFileSync(path.join(longDir, 'c'.repeat(40) + '.txt'), 'long');
    fs.writeFileSync(path.join(dir, 'héllo wörld.txt'), 'unicode');
    fs.writeFileSync(path.join(dir, 'empty'), '');
    const big = Buffer.alloc(3.5 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
    fs.writeFileSync(path.join(dir, 'big.bin'), big);
    fs.writeFileSync(path.join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.symlinkSync('run.sh', path.join(dir, 'link.sh'));
    const tarFile = path.join(out, 'ctx.tar');
    await pipeline(
      createContextTar({
        root: dir,
        filter: { decide: () => 'include' },
        extra: [{ name: '.dockerfile.abc', content: Buffer.from('FROM scratch\n') }],
      }),
      fs.createWriteStream(tarFile),
    );
    const x = path.join(out, 'x');
    fs.mkdirSync(x);
    execFileSync('tar', ['-xf', tarFile, '-C', x]);
    const longRel = path.join('a'.repeat(60), 'b'.repeat(60), 'c'.repeat(40) + '.txt');
    assert.equal(fs.readFileSync(path.join(x, longRel), 'utf8'), 'long');
    assert.equal(fs.readFileSync(path.join(x, 'héllo wörld.txt'), 'utf8'), 'unicode');
    assert.equal(fs.statSync(path.join(x, 'empty')).size, 0);
    assert.equal(sha(fs.readFileSync(path.join(x, 'big.bin'))), sha(big));
    assert.equal(fs.statSync(path.join(x, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(fs.readlinkSync(path.join(x, 'link.sh')), 'run.sh');
    assert.equal(fs.readFileSync(path.join(x, '.dockerfile.abc'), 'utf8'), 'FROM scratch\n');
    const listing = execFileSync('tar', ['-tvf', tarFile], { encoding: 'utf8' });
    assert.match(listing, /root\/root|0\/0/, 'uid and gid are 0, as the Docker CLI sends them');
  });

  it('skips a folder without listing it; walkOnly lists it without an entry of its own', async () => {
    fs.mkdirSync(path.join(dir, 'skipped/deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'skipped/deep/x'), 'x');
    fs.mkdirSync(path.join(dir, 'walked'));
    fs.writeFileSync(path.join(dir, 'walked/keep'), 'k');
    fs.writeFileSync(path.join(dir, 'walked/drop'), 'd');
    const listed: string[] = [];
    const spy = {
      ...fs,
      readdirSync: ((p: string) => {
        listed.push(path.relative(dir, p));
        return fs.readdirSync(p);
      }) as typeof fs.readdirSync,
    };
    const tarFile = path.join(out, 'ctx.tar');
    await pipeline(
      createContextTar({
        root: dir,
        fs: spy,
        filter: {
          decide: (p) =>
            p === 'skipped' || p === 'walked/drop' ? 'skip' : p === 'walked' ? 'walkOnly' : 'include',
        },
      }),
      fs.createWriteStream(tarFile),
    );
    const names = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(names, ['walked/keep']);
    assert.ok(!listed.some((p) => p.startsWith('skipped')));
  });
});
