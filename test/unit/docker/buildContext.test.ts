import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBuildContext, createContextFilter, parseDockerignore } from '../../../src/docker/buildContext';

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** The file entries of the context tar (read back with GNU tar), sorted, with their contents. */
async function tarFiles(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-ctx-out-'));
  try {
    const tarFile = path.join(out, 'context.tar');
    await pipeline(stream, fs.createWriteStream(tarFile));
    const names = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' })
      .split('\n')
      .filter((n) => n !== '' && !n.endsWith('/'));
    const x = path.join(out, 'x');
    fs.mkdirSync(x);
    execFileSync('tar', ['-xf', tarFile, '-C', x]);
    return new Map(names.sort().map((n) => [n, fs.readFileSync(path.join(x, n), 'utf8')]));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('buildContext: .dockerignore like Docker', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-ctx-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads patterns without comments or blank lines', () => {
    assert.deepEqual(parseDockerignore('# comment\n\nnode_modules\r\n  *.log  \n!keep.log\n'), [
      'node_modules',
      '*.log',
      '!keep.log',
    ]);
  });

  it('matches negations (the last pattern wins), ** and a leading /', () => {
    const f = createContextFilter(['*.log', '!keep.log', '**/*.tmp', '/build', 'docs/**/draft*', 'a/*/c']);
    assert.equal(f.ignores('x.log'), true);
    assert.equal(f.ignores('keep.log'), false);
    assert.equal(f.ignores('sub/x.log'), false, '*.log only matches at the root, like Docker');
    assert.equal(f.ignores('deep/er/file.tmp'), true);
    assert.equal(f.ignores('file.tmp'), true, '**/ also matches zero folders');
    assert.equal(f.ignores('build'), true);
    assert.equal(f.ignores('build/out.js'), true, 'a folder pattern covers its contents');
    assert.equal(f.ignores('src/build'), false, 'the leading / is the root, not any folder');
    assert.equal(f.ignores('docs/a/b/draft-1.md'), true);
    assert.equal(f.ignores('docs/final.md'), false);
    assert.equal(f.ignores('a/b/c'), true);
    assert.equal(f.ignores('a/b/d/c'), false);
    const later = createContextFilter(['!keep.log', '*.log']);
    assert.equal(later.ignores('keep.log'), true, 'a negation before the pattern it excepts has no effect');
  });

  it('walks an ignored folder only when a negation can reach inside it', () => {
    const f = createContextFilter(['node_modules', '!node_modules/keep', 'vendor']);
    assert.equal(f.mustWalk('node_modules'), true);
    assert.equal(f.mustWalk('vendor'), false);
    assert.equal(
      createContextFilter(['vendor', '!*.md']).mustWalk('vendor'),
      false,
      'only a negation under the folder makes Docker walk it',
    );
    assert.equal(createContextFilter(['a', '!a/b/c']).mustWalk('a/b'), true);
  });

  it('streams the files the ignore file allows, always sends the Dockerfile and .dockerignore, and never lists an ignored tree', async () => {
    writeTree(dir, {
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': 'node_modules\n*.md\n!README.md\nDockerfile\n.dockerignore\n',
      'README.md': 'r',
      'NOTES.md': 'n',
      'src/index.js': 'i',
      'node_modules/a/b/c.js': 'c',
    });
    const readdirs: string[] = [];
    const spyFs = {
      ...fs,
      readdirSync: ((p: string) => {
        readdirs.push(path.relative(dir, p) || '.');
        return fs.readdirSync(p);
      }) as typeof fs.readdirSync,
    };
    const ctx = createBuildContext({ contextDir: dir, fs: spyFs });
    assert.equal(ctx.dockerfileInContext, 'Dockerfile');
    assert.equal(ctx.ignoreFile, path.join(dir, '.dockerignore'));
    const files = await tarFiles(ctx.stream);
    assert.deepEqual([...files.keys()], ['.dockerignore', 'Dockerfile', 'README.md', 'src/index.js']);
    assert.ok(!readdirs.some((d) => d.startsWith('node_modules')), `walked: ${readdirs.join(', ')}`);
  });

  it('re-includes a file inside an ignored folder through a negation', async () => {
    writeTree(dir, {
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': 'node_modules\n!node_modules/keep/index.js\n',
      'node_modules/keep/index.js': 'k',
      'node_modules/drop/index.js': 'd',
    });
    const files = await tarFiles(createBuildContext({ contextDir: dir }).stream);
    assert.deepEqual([...files.keys()], ['.dockerignore', 'Dockerfile', 'node_modules/keep/index.js']);
  });

  it('adds a Dockerfile from outside the context under a generated name, and prefers <Dockerfile>.dockerignore', async () => {
    writeTree(dir, {
      'ops/api.Dockerfile': 'FROM scratch\nCOPY . /\n',
      'ops/api.Dockerfile.dockerignore': 'secret.txt\n',
      'app/.dockerignore': 'app.txt\n',
      'app/app.txt': 'a',
      'app/secret.txt': 's',
    });
    const ctx = createBuildContext({
      contextDir: path.join(dir, 'app'),
      dockerfile: path.join(dir, 'ops/api.Dockerfile'),
    });
    assert.match(ctx.dockerfileInContext, /^\.dockerfile\.[0-9a-f]{20}$/);
    assert.equal(ctx.ignoreFile, path.join(dir, 'ops/api.Dockerfile.dockerignore'));
    const files = await tarFiles(ctx.stream);
    assert.deepEqual(
      [...files.keys()].sort(),
      ['.dockerfile', '.dockerignore', 'app.txt']
        .map((n) => (n === '.dockerfile' ? ctx.dockerfileInContext : n))
        .sort(),
    );
    assert.equal(files.get(ctx.dockerfileInContext), 'FROM scratch\nCOPY . /\n');
  });
});
