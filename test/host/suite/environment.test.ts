// The extension host got the test environment, and the fake AWS endpoint is reachable from it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requireOrSkip } from '../../support/ci';
import { fakeAwsUrl, fakeStats } from './helpers';

describe('test environment', () => {
  it('runs in a real VS Code extension host', () => {
    console.log(
      `host: VS Code ${vscode.version}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, ` +
        `remoteName ${vscode.env.remoteName ?? '(local)'}, app ${vscode.env.appName}`,
    );
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it('opened the temp workspace folder, with the example project copied in', function () {
    const expected = process.env.ECS_TEST_WORKSPACE;
    if (!expected) requireOrSkip(this, 'not started by runHostTests: ECS_TEST_WORKSPACE is unset');
    assert.equal(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, expected);
    const example = process.env.ECS_TEST_EXAMPLE;
    if (example) assert.ok(fs.existsSync(path.join(expected, 'Dockerfile')), `${example} was copied in`);
  });

  it('never reads the developer’s own AWS config', function () {
    if (!process.env.ECS_TEST_HOST) this.skip(); // not started by runHostTests (e.g. F5)
    for (const v of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) {
      const file = process.env[v];
      assert.ok(file, `${v} is set`);
      assert.ok(!file.startsWith(`${os.homedir()}/.aws`), `${v}=${file} is not under ~/.aws`);
    }
  });

  it('reaches the fake AWS endpoint through AWS_ENDPOINT_URL', async function () {
    const url = fakeAwsUrl();
    if (!url) this.skip();
    assert.equal(process.env.AWS_ENDPOINT_URL, url);
    assert.equal(process.env.AWS_REGION, 'us-east-1');
    assert.ok(await fakeStats(), 'GET /__fake/stats answered');
  });
});
