import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { AwsError, NoCredentialsError } from '../../../src/aws/awsErrors';
import type { AwsConnection } from '../../../src/aws/connection';
import { ConnectionManager, PROFILE_STATE_KEY, REGIONS_STATE_KEY } from '../../../src/aws/connectionManager';
import { createRedactor } from '../../../src/shared/redact';
import { MemoryStore, recordingLogger, removeDir, writeAwsFiles, type AwsFiles } from './support/localAws';

const CONFIG = `
[default]
region = eu-west-1
[profile dev]
region = eu-central-1
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
[profile admin]
role_arn = arn:aws:iam::111122223333:role/admin
source_profile = sso
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`;
const CREDENTIALS = `
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secretdefault0000000000000000000000000000
[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = secretdev
`;
const ENV_KEYS = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'secret-env-value' };

describe('ConnectionManager', () => {
  const managers: ConnectionManager[] = [];
  const dirs: string[] = [];
  let files: AwsFiles;

  beforeEach(async () => {
    files = await writeAwsFiles(CONFIG, CREDENTIALS);
    dirs.push(files.dir);
  });
  afterEach(async () => {
    for (const manager of managers.splice(0)) manager.dispose();
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });

  async function start(env: Record<string, string> = {}, store = new MemoryStore(), awsFiles = files) {
    const logger = recordingLogger();
    const redactor = createRedactor(env);
    const manager = new ConnectionManager({ store, env: { ...awsFiles.env, ...env }, logger, redactor });
    managers.push(manager);
    const events: Array<AwsConnection | undefined> = [];
    manager.onDidChange((c) => events.push(c));
    await manager.initialize();
    return { manager, logger, events, store, redactor };
  }

  describe('picks the initial profile', () => {
    it('the saved choice first', async () => {
      const store = new MemoryStore();
      await store.update(PROFILE_STATE_KEY, 'dev');
      const { manager } = await start({ AWS_PROFILE: 'sso', ...ENV_KEYS }, store);
      assert.equal(manager.current?.profile, 'dev');
    });

    it('then AWS_PROFILE (the saved choice no longer existing)', async () => {
      const store = new MemoryStore();
      await store.update(PROFILE_STATE_KEY, 'deleted');
      const { manager, logger } = await start({ AWS_PROFILE: 'sso', ...ENV_KEYS }, store);
      assert.equal(manager.current?.profile, 'sso');
      assert.ok(logger.lines.some((l) => l.includes('saved AWS profile no longer exists')));
    });

    it('then environment credentials, before default', async () => {
      const { manager, logger } = await start({ AWS_PROFILE: 'missing', ...ENV_KEYS });
      assert.equal(manager.current?.profile, 'environment');
      assert.ok(logger.lines.some((l) => l.startsWith('warn') && l.includes('AWS_PROFILE names a profile')));
    });

    it('then default', async () => {
      const { manager } = await start();
      assert.deepEqual(manager.current, { profile: 'default', profileKind: 'static', region: 'eu-west-1' });
    });

    it('then the first profile', async () => {
      const other = await writeAwsFiles(
        '[profile zeta]\nregion = r-1\n[profile alpha]\nregion = r-2\n',
        undefined,
      );
      dirs.push(other.dir);
      const { manager } = await start({}, new MemoryStore(), other);
      assert.equal(manager.current?.profile, 'alpha');
    });

    it('or nothing, when there are no profiles and no environment credentials', async () => {
      const empty = await writeAwsFiles(undefined, undefined);
      dirs.push(empty.dir);
      const { manager, events } = await start({}, new MemoryStore(), empty);
      assert.equal(manager.current, undefined);
      assert.deepEqual(events, [undefined]);
      assert.throws(() => manager.clients(), NoCredentialsError);
      await assert.rejects(manager.setRegion('eu-west-1'), NoCredentialsError);
    });
  });

  it('carries the SSO profile of a role chain into the connection', async () => {
    const { manager } = await start({ AWS_PROFILE: 'admin' });
    assert.deepEqual(manager.current, {
      profile: 'admin',
      profileKind: 'role',
      region: 'us-east-1',
      ssoProfile: 'sso',
    });
    const problem = manager.describeError(
      Object.assign(new Error('The security token included in the request is expired'), {
        name: 'ExpiredTokenException',
        $metadata: {},
      }),
      { step: 'Listing clusters' },
    );
    assert.equal(problem.kind, 'ssoLogin');
    assert.deepEqual(problem.action, { title: 'Sign In with SSO', kind: 'ssoLogin', profile: 'sso' });
  });

  it('setProfile persists the choice, switches, fires, and rebuilds the clients', async () => {
    const { manager, events, store } = await start();
    const before = manager.clients();
    const ecs = before.ecs();
    await manager.setProfile('dev');
    assert.equal(store.get(PROFILE_STATE_KEY), 'dev');
    assert.deepEqual(manager.current, { profile: 'dev', profileKind: 'static', region: 'eu-central-1' });
    assert.deepEqual(
      events.map((e) => e?.profile),
      ['default', 'dev'],
    );
    assert.throws(() => before.ecs(), /destroyed/);
    assert.notEqual(manager.clients().ecs(), ecs);
    assert.equal(manager.clients().region, 'eu-central-1');
  });

  it('setProfile rejects a profile that does not exist and changes nothing', async () => {
    const { manager, events, store } = await start();
    await assert.rejects(manager.setProfile('nope'), /not defined .*: nope$/);
    assert.equal(manager.current?.profile, 'default');
    assert.equal(store.get(PROFILE_STATE_KEY), undefined);
    assert.equal(events.length, 1);
  });

  it('setRegion remembers the region per profile and restores it when switching back', async () => {
    const { manager, store } = await start();
    await manager.setRegion('ap-northeast-1');
    assert.equal(manager.current?.region, 'ap-northeast-1');
    assert.equal(manager.regionSource, 'saved');
    await manager.setProfile('dev');
    assert.equal(manager.current?.region, 'eu-central-1');
    assert.equal(manager.regionSource, 'profile');
    await manager.setProfile('default');
    assert.equal(manager.current?.region, 'ap-northeast-1');
    assert.deepEqual(store.get(REGIONS_STATE_KEY), { default: 'ap-northeast-1' });
    await assert.rejects(manager.setRegion('not a region'), /Not a region id/);
  });

  it('takes AWS_REGION over the profile region when nothing is saved', async () => {
    const { manager } = await start({ AWS_REGION: 'sa-east-1', AWS_DEFAULT_REGION: 'eu-north-1' });
    assert.equal(manager.current?.region, 'sa-east-1');
    assert.equal(manager.regionSource, 'AWS_REGION');
  });

  it('reload() sees edited files, re-picks a profile that vanished, and fires', async () => {
    const { manager, events } = await start();
    await manager.setProfile('dev');
    await fs.writeFile(files.configFile, '[profile fresh]\nregion = us-west-2\n');
    await fs.writeFile(
      files.credentialsFile,
      '[fresh]\naws_access_key_id = AKIDFRESH\naws_secret_access_key = s\n',
    );
    await manager.reload();
    assert.deepEqual(
      manager.listProfiles().map((p) => p.name),
      ['fresh'],
    );
    assert.equal(manager.current?.profile, 'fresh');
    assert.equal(events.at(-1)?.profile, 'fresh');
  });

  it('reload() with unchanged files keeps the connection and its clients, and does not fire', async () => {
    const { manager, events } = await start();
    const clients = manager.clients();
    const fired = events.length;
    await fs.writeFile(files.configFile, await fs.readFile(files.configFile, 'utf8')); // a save without edits
    await manager.reload();
    assert.equal(events.length, fired, 'no change event: the views keep their state');
    assert.equal(manager.clients(), clients, 'the same clients');
    await fs.appendFile(files.configFile, '\n[profile added]\nregion = eu-west-3\n');
    await manager.reload();
    assert.equal(events.length, fired + 1, 'an edit is applied');
  });

  it('registers the secrets of the shared files with the redactor', async () => {
    const { redactor } = await start();
    assert.equal(
      redactor('leaked secretdefault0000000000000000000000000000 and secretdev'),
      'leaked *** and ***',
    );
  });

  it('clients() for the environment profile when only environment credentials exist', async () => {
    const empty = await writeAwsFiles(undefined, undefined);
    dirs.push(empty.dir);
    const { manager } = await start(
      { ...ENV_KEYS, AWS_DEFAULT_REGION: 'eu-north-1' },
      new MemoryStore(),
      empty,
    );
    assert.deepEqual(manager.current, {
      profile: 'environment',
      profileKind: 'environment',
      region: 'eu-north-1',
    });
    assert.equal(manager.clients().region, 'eu-north-1');
    assert.ok(!AwsError.is(new Error('x')));
  });
});
