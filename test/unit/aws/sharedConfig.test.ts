import * as assert from 'node:assert/strict';
import * as path from 'node:path';
// Test-only: the SDK's own (internal) loader, to check that we read the files as fromIni will.
import { parseKnownFiles } from '@smithy/core/config';
import { profileSettings } from '../../../src/aws/profiles';
import {
  expandHome,
  loadSharedConfig,
  parseIni,
  secretValues,
  sharedConfigPaths,
  type SharedConfig,
} from '../../../src/aws/sharedConfig';
import { recordingLogger, removeDir, tempDir, writeAwsFiles } from './support/localAws';

async function load(config: string | undefined, credentials?: string) {
  const files = await writeAwsFiles(config, credentials);
  const logger = recordingLogger();
  try {
    const parsed = await loadSharedConfig(sharedConfigPaths(files.env), { logger });
    return { parsed, logger, files };
  } finally {
    await removeDir(files.dir);
  }
}

const section = (map: ReadonlyMap<string, Readonly<Record<string, string>>>, name: string) => ({
  ...map.get(name),
});

describe('sharedConfig', () => {
  describe('sharedConfigPaths', () => {
    it('defaults to ~/.aws/config and ~/.aws/credentials under HOME', () => {
      const paths = sharedConfigPaths({ HOME: '/home/me' });
      assert.equal(paths.configFile, path.resolve('/home/me/.aws/config'));
      assert.equal(paths.credentialsFile, path.resolve('/home/me/.aws/credentials'));
    });

    it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, expanding ~', () => {
      const paths = sharedConfigPaths({
        HOME: '/home/me',
        AWS_CONFIG_FILE: '~/work/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds',
      });
      assert.equal(paths.configFile, path.resolve('/home/me/work/aws-config'));
      assert.equal(paths.credentialsFile, path.resolve('/etc/aws/creds'));
    });

    it('falls back to USERPROFILE when HOME is unset (Windows)', () => {
      const paths = sharedConfigPaths({ USERPROFILE: '/users/me' });
      assert.equal(paths.configFile, path.resolve('/users/me/.aws/config'));
    });

    it('expands only a leading ~', () => {
      assert.equal(expandHome('~', '/h'), '/h');
      assert.equal(expandHome('~/a', '/h'), path.join('/h', 'a'));
      assert.equal(expandHome('/x/~/a', '/h'), '/x/~/a');
    });
  });

  describe('parseIni', () => {
    it('reads sections, trims keys and values, splits at the first "="', () => {
      const warnings: string[] = [];
      const sections = parseIni('[a]\n  key  =  value = with equals  \n[b]\nx=1', (l, r) =>
        warnings.push(`${l}:${r}`),
      );
      assert.deepEqual(
        sections.map((s) => [s.header, { ...s.values }]),
        [
          ['a', { key: 'value = with equals' }],
          ['b', { x: '1' }],
        ],
      );
      assert.deepEqual(warnings, []);
    });

    it('strips # and ; comments at the start of a line or after whitespace, not inside a value', () => {
      const sections = parseIni(
        '# top\n[a] ; header comment\n; full line\nk1 = v1 # trailing\nk2 = v2;not-a-comment\nk3 = a#b\n',
        () => undefined,
      );
      assert.deepEqual({ ...sections[0]?.values }, { k1: 'v1', k2: 'v2;not-a-comment', k3: 'a#b' });
    });

    it('handles CRLF line endings', () => {
      const sections = parseIni('[a]\r\nk = v\r\n', () => undefined);
      assert.deepEqual({ ...sections[0]?.values }, { k: 'v' });
    });

    it('nests indented lines under a key with an empty value, until a non-indented line', () => {
      const sections = parseIni(
        '[services local]\necs =\n  endpoint_url = http://localhost:4566\ncloudwatch_logs =\n\tendpoint_url = http://logs\nafter = 1\n',
        () => undefined,
      );
      assert.deepEqual(
        { ...sections[0]?.values },
        {
          'ecs.endpoint_url': 'http://localhost:4566',
          'cloudwatch_logs.endpoint_url': 'http://logs',
          after: '1',
        },
      );
    });

    it('reports and skips lines outside a section, lines without "=", and broken headers, without their text', () => {
      const warnings: string[] = [];
      const sections = parseIni(
        'orphan = SENTINEL_ORPHAN\n[a]\nSENTINEL_NO_EQUALS\n= SENTINEL_NO_KEY\nok = yes\n[broken\nk = v\n[]\n',
        (line, reason) => warnings.push(`${line}: ${reason}`),
      );
      assert.deepEqual(
        sections.map((s) => [s.header, { ...s.values }]),
        // Like the SDK, a header without "]" is dropped and the section before it goes on.
        [['a', { ok: 'yes', k: 'v' }]],
      );
      assert.equal(warnings.length, 5, warnings.join('\n'));
      assert.match(warnings[0] ?? '', /^1: line outside any \[section\]/);
      assert.match(warnings[1] ?? '', /^3: not a "key = value" line/);
      assert.match(warnings[2] ?? '', /^4: not a "key = value" line/);
      assert.match(warnings[3] ?? '', /^6: section header without a closing "\]"/);
      assert.match(warnings[4] ?? '', /^8: empty section name/);
      assert.ok(!warnings.join('\n').includes('SENTINEL'), 'a warning leaked a value');
    });
  });

  describe('loadSharedConfig', () => {
    it('maps [default] and [profile x] in config, plain [x] in credentials, sso-session and services sections', async () => {
      const { parsed, logger } = await load(
        [
          '[default]',
          'region = eu-west-1',
          '[profile dev]',
          'sso_session = corp',
          '[profile "quoted"]',
          'region = us-east-2',
          '[sso-session corp]',
          'sso_start_url = https://corp.awsapps.com/start',
          'sso_region = eu-central-1',
          '[services local]',
          'ecs =',
          '  endpoint_url = http://localhost:4566',
          '[plugins]',
          'x = y',
        ].join('\n'),
        '[default]\naws_access_key_id = AKIDDEFAULT\n[ci]\naws_access_key_id = AKIDCI\n',
      );
      assert.deepEqual([...parsed.configProfiles.keys()].sort(), ['default', 'dev', 'quoted']);
      assert.deepEqual([...parsed.credentialsProfiles.keys()].sort(), ['ci', 'default']);
      assert.deepEqual(section(parsed.ssoSessions, 'corp'), {
        sso_start_url: 'https://corp.awsapps.com/start',
        sso_region: 'eu-central-1',
      });
      assert.deepEqual(section(parsed.services, 'local'), { 'ecs.endpoint_url': 'http://localhost:4566' });
      assert.ok(
        logger.lines.some((l) => /warn: .*config:13: section is not \[default\]/.test(l)),
        logger.lines.join('\n'),
      );
    });

    it('lets [profile default] replace [default], as the SDK does', async () => {
      const { parsed } = await load(
        '[profile default]\nregion = us-west-2\n[default]\nregion = eu-west-1\noutput = json\n',
      );
      assert.deepEqual(section(parsed.configProfiles, 'default'), { region: 'us-west-2' });
    });

    it('merges a section that appears twice (later keys win) and warns', async () => {
      const { parsed, logger } = await load(
        '[profile a]\nregion = r1\noutput = json\n[profile a]\nregion = r2\n',
      );
      assert.deepEqual(section(parsed.configProfiles, 'a'), { region: 'r2', output: 'json' });
      assert.ok(logger.lines.some((l) => l.includes('profile "a" appears more than once')));
    });

    it('ignores [profile x] in the credentials file, with a warning', async () => {
      const { parsed, logger } = await load(
        undefined,
        '[profile wrong]\naws_access_key_id = AKID\n[right]\nk = v\n',
      );
      assert.deepEqual([...parsed.credentialsProfiles.keys()], ['right']);
      assert.ok(logger.lines.some((l) => l.includes('without the "profile " prefix')));
    });

    it('ignores prefixed sections with characters the SDK rejects, with a warning', async () => {
      const { parsed, logger } = await load('[profile has space]\nregion = x\n');
      assert.equal(parsed.configProfiles.size, 0);
      assert.ok(logger.lines.some((l) => l.includes('characters the AWS SDK does not accept')));
    });

    it('never lets a section or key named __proto__ reach an object prototype', async () => {
      const { parsed } = await load('[profile __proto__]\npolluted = yes\n[profile ok]\n__proto__ = x\n');
      assert.equal(parsed.configProfiles.has('__proto__'), false);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.deepEqual(section(parsed.configProfiles, 'ok'), {});
    });

    it('treats missing files as empty, without a warning', async () => {
      const { parsed, logger } = await load(undefined, undefined);
      assert.equal(parsed.configProfiles.size + parsed.credentialsProfiles.size, 0);
      assert.deepEqual(
        logger.lines.filter((l) => l.startsWith('warn')),
        [],
      );
    });

    it('treats an unreadable file as empty and warns with the path and error code only', async () => {
      const dir = await tempDir();
      try {
        const logger = recordingLogger();
        // A directory where a file is expected: readFile fails with EISDIR.
        const parsed = await loadSharedConfig(
          { configFile: dir, credentialsFile: path.join(dir, 'missing') },
          { logger },
        );
        assert.equal(parsed.configProfiles.size, 0);
        const warning = logger.lines.find((l) => l.startsWith('warn'));
        assert.ok(warning?.includes(dir) && warning.includes('EISDIR'), logger.lines.join('\n'));
      } finally {
        await removeDir(dir);
      }
    });

    it('uses the injected reader', async () => {
      const logger = recordingLogger();
      const files: Record<string, string> = { '/c': '[profile x]\nregion = r\n', '/k': '[y]\nk = v\n' };
      const parsed = await loadSharedConfig(
        { configFile: '/c', credentialsFile: '/k' },
        { logger, readFile: (p) => Promise.resolve(files[p] ?? '') },
      );
      assert.deepEqual([...parsed.configProfiles.keys(), ...parsed.credentialsProfiles.keys()], ['x', 'y']);
    });
  });

  it('agrees with the SDK loader (parseKnownFiles) on every profile of a tricky pair of files', async () => {
    const config = [
      '# comment',
      '[default]',
      'region = eu-west-1 ; inline',
      '[profile default]',
      'output = json',
      '[profile a]',
      'region=us-east-2',
      'key = x = y',
      'hash = a#b',
      's3 =',
      '  max_concurrent_requests = 20',
      'after = 1',
      '[profile "quoted-name"]',
      'region = ap-south-1',
      '[profile dup]',
      'k1 = one',
      '[profile broken',
      'k3 = three',
      '[profile dup]',
      'k2 = two',
      '[plain]',
      'ignored = yes',
      '[profile  two-spaces]',
      'region = x',
      '[ profile padded ]',
      'region = y',
      '[sso-session s]',
      'sso_region = eu-west-1',
    ].join('\r\n');
    const credentials =
      '[a]\nregion = from-credentials\naws_access_key_id = AKID\n[only]\nk = v\n[ spaced ]\nk = w\n';
    const files = await writeAwsFiles(config, credentials);
    try {
      const ours = await loadSharedConfig(sharedConfigPaths(files.env), { logger: recordingLogger() });
      const sdk = await parseKnownFiles({
        filepath: files.credentialsFile,
        configFilepath: files.configFile,
        ignoreCache: true,
      });
      const sdkProfiles = Object.keys(sdk).filter((k) => !k.includes('.'));
      const ourProfiles = [...new Set([...ours.configProfiles.keys(), ...ours.credentialsProfiles.keys()])];
      assert.deepEqual(ourProfiles.sort(), sdkProfiles.sort());
      for (const name of sdkProfiles) {
        assert.deepEqual(profileSettings(ours, name), { ...sdk[name] }, `profile ${name}`);
      }
    } finally {
      await removeDir(files.dir);
    }
  });

  it('secretValues lists secret keys and session tokens from both files', () => {
    const config: SharedConfig = {
      paths: { configFile: '', credentialsFile: '' },
      configProfiles: new Map([['a', { aws_secret_access_key: 'S1', region: 'r' }]]),
      credentialsProfiles: new Map([['b', { aws_access_key_id: 'AKID', aws_session_token: 'T1' }]]),
      ssoSessions: new Map(),
      services: new Map(),
    };
    assert.deepEqual(secretValues(config).sort(), ['S1', 'T1']);
  });
});
