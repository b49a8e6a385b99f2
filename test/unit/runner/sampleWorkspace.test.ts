// Trying the extension must not break its tests: `npm start` writes into a sample workspace
// (.vscode/ecs-deploy.json, task-definition.json), so the suites work on examples/ as committed and
// `npm start` on copies under .tools/, which the static checks ignore.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { copyPristineExample, demoStateFile, startWorkspaces } from '../../host/harness/examples';
import { repoRoot } from '../../host/harness/paths';

const sample = path.join(repoRoot, 'examples', 'flask-app');
/** What the demo wrote into examples/flask-app before it got a copy of its own. */
const STRAY = ['.vscode/ecs-deploy.json', 'task-definition.json'];

describe('sample workspaces: the suites and npm start never share what a person did', function () {
  this.timeout(20_000);
  let scratch: string;
  const created: string[] = [];

  before(function () {
    try {
      execFileSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { stdio: 'ignore' });
    } catch {
      // A source archive has no history to copy from: the suites then copy the folder as it is.
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error('CI runs in a git checkout');
      this.skip();
    }
  });

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-ws-'));
  });

  afterEach(() => {
    // Newest first: a folder this test made goes after the file in it.
    for (const made of created.splice(0).reverse()) fs.rmSync(made, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("the suites' copy of examples/flask-app is the committed one, without what the demo left there", () => {
    for (const rel of STRAY) {
      const file = path.join(sample, rel);
      if (fs.existsSync(file)) continue; // a person's own: left alone
      if (!fs.existsSync(path.dirname(file))) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        created.push(path.dirname(file));
      }
      fs.writeFileSync(file, '{"version":1,"targets":[{"name":"from-the-demo"}]}');
      created.push(file);
    }
    const copy = path.join(scratch, 'flask-app');
    assert.equal(copyPristineExample('flask-app', copy), 'git HEAD');
    for (const rel of STRAY) assert.equal(fs.existsSync(path.join(copy, rel)), false, `${rel} was copied`);
    const committed = execFileSync(
      'git',
      ['-C', repoRoot, 'ls-tree', '-r', '--name-only', 'HEAD', 'examples/flask-app'],
      {
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n');
    assert.ok(committed.includes('examples/flask-app/Dockerfile'));
    for (const file of committed) {
      const expected = execFileSync('git', ['-C', repoRoot, 'show', `HEAD:${file}`]);
      assert.deepEqual(
        fs.readFileSync(path.join(copy, path.relative('examples/flask-app', file))),
        expected,
        file,
      );
    }
  });

  it("npm start's workspaces and the demo's state live under .tools/, which Prettier and ESLint ignore", async () => {
    const tools = path.join(repoRoot, '.tools') + path.sep;
    const eslint = new ESLint({ cwd: repoRoot });
    for (const place of [startWorkspaces.demo, startWorkspaces.aws, demoStateFile]) {
      assert.ok(place.startsWith(tools), `${place} is not under .tools/`);
      const written = path.relative(repoRoot, path.join(place, 'flask-app', 'task-definition.json'));
      // The CLI's defaults (`prettier --check .` in the static suite): .gitignore and .prettierignore.
      const info = await prettier.getFileInfo(path.join(repoRoot, written), {
        ignorePath: [path.join(repoRoot, '.gitignore'), path.join(repoRoot, '.prettierignore')],
      });
      assert.equal(info.ignored, true, `Prettier checks ${written}`);
      assert.equal(await eslint.isPathIgnored(path.join(repoRoot, written.replace(/\.json$/, '.ts'))), true);
    }
  });
});
