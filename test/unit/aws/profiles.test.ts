import * as assert from 'node:assert/strict';
import type { AwsProfile } from '../../../src/aws/connection';
import { classifyProfile, listProfiles, profileSettings } from '../../../src/aws/profiles';
import { loadSharedConfig, sharedConfigPaths, type SharedConfig } from '../../../src/aws/sharedConfig';
import { recordingLogger, removeDir, writeAwsFiles } from './support/localAws';

async function parse(config: string, credentials = ''): Promise<SharedConfig> {
  const files = await writeAwsFiles(config, credentials);
  try {
    return await loadSharedConfig(sharedConfigPaths(files.env), { logger: recordingLogger() });
  } finally {
    await removeDir(files.dir);
  }
}

const byName = (profiles: AwsProfile[]) => new Map(profiles.map((p) => [p.name, p]));

const CONFIG = `
[default]
region = eu-west-1

[profile static-in-config]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = secret-config

[profile sso-new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-central-1

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile role]
role_arn = arn:aws:iam::111122223333:role/deploy
source_profile = default

[profile role-of-role]
role_arn = arn:aws:iam::111122223333:role/second
source_profile = role

[profile role-from-sso]
role_arn = arn:aws:iam::111122223333:role/admin
source_profile = sso-new

[profile role-missing-source]
role_arn = arn:aws:iam::111122223333:role/x
source_profile = nowhere

[profile loop-a]
role_arn = arn:aws:iam::111122223333:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111122223333:role/b
source_profile = loop-a

[profile self-with-keys]
role_arn = arn:aws:iam::111122223333:role/self
source_profile = self-with-keys
aws_access_key_id = AKIDSELF
aws_secret_access_key = secret-self

[profile self-without-keys]
role_arn = arn:aws:iam::111122223333:role/self
source_profile = self-without-keys

[profile on-ecs]
role_arn = arn:aws:iam::111122223333:role/task
credential_source = EcsContainer

[profile bad-source]
role_arn = arn:aws:iam::111122223333:role/task
credential_source = Laptop

[profile both-sources]
role_arn = arn:aws:iam::111122223333:role/task
credential_source = Environment
source_profile = default

[profile process]
credential_process = /usr/local/bin/get-creds --profile x

[profile web]
web_identity_token_file = /var/run/token
role_arn = arn:aws:iam::111122223333:role/web

[profile region-only]
region = ap-south-1

[profile half-key]
aws_access_key_id = AKIDHALF

[profile uses-services]
services = nowhere
aws_access_key_id = AKIDSVC
aws_secret_access_key = secret-svc

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret-default
region = us-west-2

[only-in-credentials]
aws_access_key_id = AKIDCRED
aws_secret_access_key = secret-cred
`;

describe('profiles', () => {
  let config: SharedConfig;
  let profiles: Map<string, AwsProfile>;

  before(async () => {
    config = await parse(CONFIG, CREDENTIALS);
    profiles = byName(listProfiles(config, {}));
  });

  const expectProfile = (name: string, expected: Partial<AwsProfile>) => {
    const profile = profiles.get(name);
    assert.ok(profile, `missing profile ${name}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(profile[key as keyof AwsProfile], value, `${name}.${key}`);
    }
  };

  it('lists the union of both files once per name, default first, then by name', () => {
    const names = listProfiles(config, {}).map((p) => p.name);
    assert.equal(names[0], 'default');
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes('only-in-credentials') && names.includes('static-in-config'));
    assert.deepEqual(
      names.slice(1),
      [...names.slice(1)].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('merges a profile defined in both files key by key, the credentials file winning', () => {
    assert.deepEqual(profileSettings(config, 'default'), {
      region: 'us-west-2',
      aws_access_key_id: 'AKIDDEFAULT',
      aws_secret_access_key: 'secret-default',
    });
    expectProfile('default', { kind: 'static', region: 'us-west-2', problem: undefined });
  });

  it('classifies static keys from either file', () => {
    expectProfile('static-in-config', { kind: 'static', problem: undefined });
    expectProfile('only-in-credentials', { kind: 'static', problem: undefined });
  });

  it('classifies SSO profiles (sso_session and legacy sso_start_url) and names themselves for `aws sso login`', () => {
    expectProfile('sso-new', {
      kind: 'sso',
      region: 'eu-central-1',
      problem: undefined,
      ssoProfile: 'sso-new',
    });
    expectProfile('sso-legacy', { kind: 'sso', problem: undefined, ssoProfile: 'sso-legacy' });
  });

  it('classifies role chains and finds the SSO profile at the root of a chain', () => {
    expectProfile('role', { kind: 'role', problem: undefined, ssoProfile: undefined });
    expectProfile('role-of-role', { kind: 'role', problem: undefined });
    expectProfile('role-from-sso', { kind: 'role', problem: undefined, ssoProfile: 'sso-new' });
  });

  it('reports a missing source_profile', () => {
    expectProfile('role-missing-source', { kind: 'role', problem: 'source_profile does not exist: nowhere' });
  });

  it('reports a role-chain cycle, but accepts a profile that is its own source when it holds keys', () => {
    expectProfile('loop-a', { kind: 'role', problem: 'The role chain loops: loop-a → loop-b → loop-a' });
    expectProfile('self-with-keys', { kind: 'role', problem: undefined });
    expectProfile('self-without-keys', {
      kind: 'role',
      problem: 'The role chain loops: self-without-keys → self-without-keys',
    });
  });

  it('classifies credential_source roles and rejects unknown sources or both sources at once', () => {
    expectProfile('on-ecs', { kind: 'role', problem: undefined });
    assert.match(profiles.get('bad-source')?.problem ?? '', /credential_source must be .*: Laptop$/);
    assert.match(profiles.get('both-sources')?.problem ?? '', /not both/);
  });

  it('classifies credential_process and web identity profiles', () => {
    expectProfile('process', { kind: 'process', problem: undefined });
    expectProfile('web', { kind: 'webIdentity', problem: undefined });
  });

  it('marks profiles without any credential source, and half-configured keys', () => {
    expectProfile('region-only', { kind: 'unknown', region: 'ap-south-1' });
    assert.match(profiles.get('region-only')?.problem ?? '', /No credentials configured/);
    expectProfile('half-key', {
      kind: 'static',
      problem: 'The access key is incomplete; missing: aws_secret_access_key',
    });
  });

  it('reports a services section that does not exist', () => {
    expectProfile('uses-services', {
      kind: 'static',
      problem: 'The [services] section named by this profile is missing from the config file: nowhere',
    });
  });

  it('reports incomplete SSO configuration', async () => {
    const broken = await parse(
      '[profile a]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n[profile b]\nsso_start_url = https://x\n[profile c]\nsso_session = half\n[sso-session half]\nsso_region = eu-west-1\n',
    );
    assert.equal(
      classifyProfile(broken, 'a').problem,
      'The [sso-session] section is missing from the config file: gone',
    );
    assert.equal(
      classifyProfile(broken, 'b').problem,
      'The SSO profile is incomplete; missing: sso_region, sso_account_id, sso_role_name',
    );
    assert.equal(
      classifyProfile(broken, 'c').problem,
      'sso-session "half" is incomplete; missing: sso_start_url',
    );
  });

  it('adds the environment pseudo-profile first when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set', () => {
    const withEnv = listProfiles(config, { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'secret' });
    assert.deepEqual(withEnv[0], { name: 'environment', kind: 'environment' });
    assert.equal(withEnv.length, profiles.size + 1);
    const onlyKeyId = listProfiles(config, { AWS_ACCESS_KEY_ID: 'AKIDENV' });
    assert.ok(!onlyKeyId.some((p) => p.kind === 'environment'));
  });
});
