// No AWS credentials at all → the views show their welcome content. In this run the credentials
// come from the environment and the temp config files (test/host/harness/fakeAws.ts); the extension
// host's process.env is the object the ConnectionManager reads, and it re-reads the shared files when
// they change (the AWS config watcher). So the test removes both, watches the extension fall back to
// "no connection", and puts them back.
//
// VS Code draws the welcome content when a view's tree is empty and its viewsWelcome `when` clause
// holds. The host cannot read the drawn view or evaluate a context key, so this checks the parts the
// host can see: the context key the extension sets (recorded from its setContext calls), the empty
// tree, and that package.json's viewsWelcome shows content for that value, linking registered commands.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  capturedStatusBarItem,
  extensionApi,
  extensionPath,
  fakeAwsUrl,
  recordSetContext,
  showExplorerView,
  stub,
  treeChildren,
  waitFor,
  withStubs,
  type TestApi,
} from './helpers';

interface WelcomeContent {
  view: string;
  contents: string;
  when?: string;
}

/** The viewsWelcome entries of a view whose `when` holds for `<view>.state == state`. */
function welcomeFor(view: string, state: string): WelcomeContent[] {
  const manifest = JSON.parse(fs.readFileSync(`${extensionPath()}/package.json`, 'utf8')) as {
    contributes?: { viewsWelcome?: WelcomeContent[] };
  };
  return (manifest.contributes?.viewsWelcome ?? []).filter((w) => {
    if (w.view !== view) return false;
    // The clauses are ORs of `<view>.state == value`: evaluate them for this one key.
    const terms = (w.when ?? 'true').split('||').map((t) => t.trim());
    return terms.some((t) => t === 'true' || t === `${view}.state == ${state}`);
  });
}

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];

describe('welcome view without credentials', function () {
  let api: TestApi;
  const saved: { env: Record<string, string | undefined>; files: Map<string, string> } = {
    env: {},
    files: new Map(),
  };
  let removed = false;

  async function putCredentialsBack(): Promise<void> {
    if (!removed) return;
    for (const [k, v] of Object.entries(saved.env)) if (v !== undefined) process.env[k] = v;
    for (const [file, text] of saved.files) fs.writeFileSync(file, text);
    removed = false;
    await waitFor('the connection to come back', () => api.connection.current);
  }

  before(async function () {
    if (!fakeAwsUrl() || !process.env.AWS_CONFIG_FILE || !process.env.AWS_SHARED_CREDENTIALS_FILE)
      this.skip();
    api = await extensionApi();
    await waitFor('the connection', () => api.connection.current);
    await showExplorerView();
    // The Task Definitions view starts collapsed: open it too, so VS Code asks both views again when
    // the connection goes.
    await vscode.commands.executeCommand('ecsFargate.taskDefinitions.focus');
  });

  after(putCredentialsBack);

  it('with no profile and no credentials the views ask for the welcome content', async () => {
    const contexts = recordSetContext();
    await withStubs([contexts], async () => {
      for (const k of CREDENTIAL_VARIABLES) {
        saved.env[k] = process.env[k];
        delete process.env[k];
      }
      for (const file of [process.env.AWS_CONFIG_FILE!, process.env.AWS_SHARED_CREDENTIALS_FILE!]) {
        saved.files.set(file, fs.readFileSync(file, 'utf8'));
        fs.writeFileSync(file, '');
      }
      removed = true;
      await waitFor('the extension to see no connection (AWS config watcher)', () => !api.connection.current);

      const noConnection = ['noConnection', 'noCredentials'];
      for (const view of ['ecsFargate.explorer', 'ecsFargate.taskDefinitions']) {
        const state = await waitFor(`${view}.state to be noConnection/noCredentials`, () =>
          contexts
            .values(`${view}.state`)
            .map(String)
            .find((s) => noConnection.includes(s)),
        );
        const welcome = welcomeFor(view, state);
        assert.equal(welcome.length, 1, `package.json has welcome content for ${view} in state ${state}`);
        assert.match(welcome[0]!.contents, /No AWS credentials were found/);
        const links = [...welcome[0]!.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
        assert.ok(links.includes('ecsFargate.selectProfile'), 'it offers Select AWS Profile');
        const registered = new Set(await vscode.commands.getCommands(true));
        assert.deepEqual(
          links.filter((c) => !registered.has(c)),
          [],
          'every command the welcome content links is registered',
        );
      }
      assert.deepEqual(
        await api.explorer.getChildren(),
        [],
        'the Clusters tree is empty (welcome content shows)',
      );
      assert.deepEqual(await api.taskDefinitions.getChildren(), [], 'the Task Definitions tree is empty');
    });

    const item = capturedStatusBarItem('ecsFargate.connection');
    assert.equal(item.text, '$(cloud) No AWS credentials');
    assert.ok(item.backgroundColor, 'a warning background');

    // The welcome content's "Select AWS Profile" button says there is none and where to add one.
    const info = stub(vscode.window, 'showInformationMessage', () => Promise.resolve(undefined));
    await withStubs([info], () => vscode.commands.executeCommand('ecsFargate.selectProfile'));
    assert.equal(info.calls.length, 1);
    assert.match(String(info.calls[0]![0]), /^No AWS profiles found\./);
    assert.ok(String(info.calls[0]![0]).includes(process.env.AWS_CONFIG_FILE!), 'it names the config file');
  });

  it('when the credentials come back the tree does too', async () => {
    const contexts = recordSetContext();
    await withStubs([contexts], async () => {
      await putCredentialsBack();
      assert.equal(api.connection.current?.profile, 'environment');
      await waitFor('ecsFargate.explorer.state to be ready', () =>
        contexts.values('ecsFargate.explorer.state').includes('ready'),
      );
    });
    const labels = ((await treeChildren()) ?? []).map((n) => n.label);
    assert.ok(labels.includes('production'), `the clusters are back: ${labels.join(', ')}`);
  });
});
