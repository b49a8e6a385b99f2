import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { fromIni } from '@aws-sdk/credential-providers';
import {
  AwsError,
  type AwsProblem,
  deniedAction,
  describeAwsError,
  isCredentialProblem,
  NoCredentialsError,
} from '../../../src/aws/awsErrors';
import type { AwsConnection } from '../../../src/aws/connection';
import { ConnectionManager } from '../../../src/aws/connectionManager';
import { credentialProviderFor } from '../../../src/aws/credentials';
import { sharedConfigPaths } from '../../../src/aws/sharedConfig';
import {
  awsJsonError,
  type LocalAws,
  MemoryStore,
  recordingLogger,
  removeDir,
  type Reply,
  startLocalAws,
  writeAwsFiles,
} from './support/localAws';

/** An error shaped like an AWS SDK v3 service exception. */
function serviceError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-123', attempts: 1 },
    ...extra,
  });
}

function nodeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 3 }, ...extra });
}

const staticConnection: AwsConnection = { profile: 'dev', profileKind: 'static', region: 'eu-west-1' };
const ssoConnection: AwsConnection = {
  profile: 'dev',
  profileKind: 'sso',
  region: 'eu-west-1',
  ssoProfile: 'dev',
};

describe('awsErrors', () => {
  describe('describeAwsError on SDK-shaped errors', () => {
    const cases: Array<[string, unknown, AwsConnection | undefined, AwsProblem['kind'], RegExp]> = [
      [
        'ExpiredTokenException',
        serviceError('ExpiredTokenException', 'expired'),
        staticConnection,
        'expiredToken',
        /session token has expired.*: dev$/,
      ],
      [
        'ExpiredToken (query)',
        serviceError('Error', 'expired', { Code: 'ExpiredToken' }),
        staticConnection,
        'expiredToken',
        /expired/,
      ],
      ['RequestExpired', serviceError('RequestExpired', 'expired'), undefined, 'expiredToken', /expired/],
      [
        'expired token on an SSO profile',
        serviceError('ExpiredTokenException', 'expired'),
        ssoConnection,
        'ssoLogin',
        /aws sso login --profile dev$/,
      ],
      [
        'UnrecognizedClientException',
        serviceError('UnrecognizedClientException', 'bad token'),
        staticConnection,
        'invalidCredentials',
        /rejected the credentials.*: dev$/,
      ],
      [
        'InvalidClientTokenId',
        serviceError('InvalidClientTokenId', 'bad'),
        undefined,
        'invalidCredentials',
        /rejected/,
      ],
      [
        'AccessDeniedException',
        serviceError(
          'AccessDeniedException',
          'User: arn:aws:iam::1:user/me is not authorized to perform: ecs:ListServices on resource: arn:aws:ecs:eu-west-1:1:cluster/c because no identity-based policy allows the ecs:ListServices action',
        ),
        staticConnection,
        'accessDenied',
        /access denied.*: ecs:ListServices$/,
      ],
      [
        'UnauthorizedOperation without an action in the text',
        serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
        undefined,
        'accessDenied',
        /: ec2:DescribeSubnets$/,
      ],
      [
        'ThrottlingException',
        serviceError('ThrottlingException', 'Rate exceeded', { $metadata: { attempts: 3 } }),
        undefined,
        'throttled',
        /after 3 attempts/,
      ],
      [
        'TooManyRequestsException',
        serviceError('TooManyRequestsException', 'slow down'),
        undefined,
        'throttled',
        /throttling/,
      ],
      [
        'HTTP 429',
        serviceError('Unknown', 'x', { $metadata: { httpStatusCode: 429 } }),
        undefined,
        'throttled',
        /throttling/,
      ],
      [
        'ClusterNotFoundException',
        serviceError('ClusterNotFoundException', 'Cluster not found.'),
        undefined,
        'notFound',
        /: Cluster not found\.$/,
      ],
      [
        'ResourceNotFoundException',
        serviceError('ResourceNotFoundException', 'The specified log group does not exist.'),
        undefined,
        'notFound',
        /does not exist/,
      ],
      [
        'InvalidParameterException',
        serviceError('InvalidParameterException', 'Invalid revision'),
        undefined,
        'invalidInput',
        /rejected the request: Invalid revision$/,
      ],
      [
        'ClientException',
        serviceError('ClientException', 'Bad input'),
        undefined,
        'invalidInput',
        /Bad input$/,
      ],
      [
        'ECONNREFUSED',
        nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566', {
          address: '127.0.0.1',
          port: 4566,
        }),
        undefined,
        'network',
        /connection was refused.*: 127\.0\.0\.1:4566$/,
      ],
      [
        'ENOTFOUND',
        nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND ecs.xx.amazonaws.com', {
          hostname: 'ecs.xx.amazonaws.com',
        }),
        undefined,
        'network',
        /could not be resolved.*HTTPS_PROXY.*: ecs\.xx\.amazonaws\.com$/,
      ],
      [
        'TimeoutError',
        Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
        undefined,
        'network',
        /timed out/,
      ],
      [
        'TLS',
        nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
        undefined,
        'network',
        /AWS_CA_BUNDLE/,
      ],
      [
        'deserialization failure',
        Object.assign(new SyntaxError('Unexpected token <\n  Deserialization error: ...'), {
          $metadata: { httpStatusCode: 404 },
        }),
        undefined,
        'endpoint',
        /did not answer like AWS \(HTTP 404\)/,
      ],
      [
        'unmodelled error',
        serviceError('Unknown', 'UnknownError', { $fault: 'server', $metadata: { httpStatusCode: 502 } }),
        undefined,
        'endpoint',
        /HTTP 502/,
      ],
      [
        'server fault',
        serviceError('ServerException', 'boom', { $fault: 'server' }),
        undefined,
        'unknown',
        /internal error.*: ServerException$/,
      ],
      [
        'anything else',
        new Error('something odd'),
        undefined,
        'unknown',
        /^Listing clusters failed: something odd$/,
      ],
      ['a string', 'just text', undefined, 'unknown', /just text/],
    ];
    for (const [label, error, connection, kind, message] of cases) {
      it(`${label} → ${kind}`, () => {
        const problem = describeAwsError(error, {
          step: 'Listing clusters',
          ...(label.startsWith('UnauthorizedOperation') ? { operation: 'ec2:DescribeSubnets' } : {}),
          ...(connection ? { connection } : {}),
        });
        assert.equal(problem.kind, kind, problem.message);
        assert.match(problem.message, message);
        assert.match(problem.message, /^Listing clusters failed/);
      });
    }

    it('keeps the original error and request id in the detail', () => {
      const problem = describeAwsError(serviceError('ClusterNotFoundException', 'Cluster not found.'));
      assert.equal(problem.detail, 'ClusterNotFoundException: Cluster not found.; request id req-123');
      assert.match(problem.message, /^The AWS request failed/);
    });

    it('credential-provider errors: SSO, MFA, environment, a profile, nothing at all', () => {
      const providerError = (message: string) =>
        Object.assign(new Error(message), { name: 'CredentialsProviderError' });
      const sso = describeAwsError(
        providerError(
          'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
        ),
        { connection: ssoConnection },
      );
      assert.equal(sso.kind, 'ssoLogin');
      assert.deepEqual(sso.action, { title: 'Sign In with SSO', kind: 'ssoLogin', profile: 'dev' });
      assert.equal(
        describeAwsError(
          Object.assign(new Error('Token is expired. To refresh this SSO session run ...'), {
            name: 'TokenProviderError',
          }),
        ).kind,
        'ssoLogin',
      );
      const mfa = describeAwsError(
        providerError(
          'Profile x requires multi-factor authentication, but no MFA code callback was provided.',
        ),
        { connection: staticConnection },
      );
      assert.equal(mfa.kind, 'noCredentials');
      assert.match(mfa.message, /MFA code/);
      const env = describeAwsError(providerError('Unable to find environment variable credentials.'), {
        connection: { profile: 'environment', profileKind: 'environment', region: 'us-east-1' },
      });
      assert.match(env.message, /AWS_ACCESS_KEY_ID/);
      const profile = describeAwsError(providerError('Could not resolve credentials using profile: [dev]'), {
        connection: staticConnection,
      });
      assert.deepEqual(profile.action, { title: 'Open AWS Config', kind: 'openConfig', profile: 'dev' });
      const none = describeAwsError(providerError('Could not load credentials from any providers'));
      assert.equal(none.kind, 'noCredentials');
      assert.equal(none.action?.kind, 'selectProfile');
      assert.equal(
        describeAwsError(providerError("Sso session 'x' could not be found in shared credentials file."))
          .kind,
        'noCredentials',
      );
    });

    it('finds the SDK error inside a cause chain', () => {
      const wrapped = new Error('listing failed', {
        cause: serviceError('AccessDeniedException', 'not authorized to perform: ecs:ListClusters'),
      });
      assert.equal(describeAwsError(wrapped).kind, 'accessDenied');
    });

    it('returns the problem of an AwsError unchanged', () => {
      const problem: AwsProblem = { kind: 'endpoint', message: 'x' };
      assert.equal(describeAwsError(new AwsError(problem), { step: 'other' }), problem);
      assert.ok(AwsError.is(new NoCredentialsError()));
      assert.equal(describeAwsError(new NoCredentialsError()).kind, 'noCredentials');
    });

    it('passes message and detail through the redactor', () => {
      const problem = describeAwsError(serviceError('Weird', 'token=abc'), {
        redact: (t) => t.replace('abc', '***'),
      });
      assert.ok(!problem.message.includes('abc') && !problem.detail?.includes('abc'));
    });
  });

  it('a missing resource offers Refresh (re-list), not Retry (which would fail the same way)', () => {
    const problem = describeAwsError(serviceError('ServiceNotFoundException', 'Service not found.'), {
      step: 'Scaling web',
    });
    assert.deepEqual(problem.action, { title: 'Refresh', kind: 'refresh' });
  });

  it('deniedAction extracts the IAM action', () => {
    assert.equal(
      deniedAction(
        'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ecr:GetAuthorizationToken on resource: *',
      ),
      'ecr:GetAuthorizationToken',
    );
    assert.equal(deniedAction('no action here'), undefined);
  });

  it('isCredentialProblem is true exactly for the credential kinds', () => {
    const kinds: Array<[AwsProblem['kind'], boolean]> = [
      ['noCredentials', true],
      ['expiredToken', true],
      ['ssoLogin', true],
      ['invalidCredentials', true],
      ['accessDenied', false],
      ['throttled', false],
      ['network', false],
      ['unknown', false],
    ];
    for (const [kind, expected] of kinds)
      assert.equal(isCredentialProblem({ kind, message: '' }), expected, kind);
  });

  describe('on real errors', function () {
    this.timeout(20000);
    let aws: LocalAws;
    let reply: () => Reply;
    before(async () => {
      aws = await startLocalAws(() => reply());
    });
    after(async () => {
      await aws.close();
    });

    async function managerFor(config: string, credentials: string, profile: string) {
      const files = await writeAwsFiles(config, credentials);
      const manager = new ConnectionManager({
        store: new MemoryStore(),
        env: { ...files.env, AWS_PROFILE: profile },
        logger: recordingLogger(),
        clientOptions: { maxAttempts: 1 },
      });
      await manager.initialize();
      return {
        manager,
        done: async () => {
          manager.dispose();
          await removeDir(files.dir);
        },
      };
    }

    async function failure(manager: ConnectionManager): Promise<unknown> {
      return manager
        .clients()
        .ecs()
        .send(new ListClustersCommand({}))
        .then(
          () => assert.fail('the call succeeded'),
          (e: unknown) => e,
        );
    }

    it('fromIni on a missing profile → noCredentials', async () => {
      const files = await writeAwsFiles('[default]\nregion = eu-west-1\n', '');
      try {
        const error = await fromIni({
          profile: 'ghost',
          filepath: files.credentialsFile,
          configFilepath: files.configFile,
        })().then(
          () => assert.fail('resolved'),
          (e: unknown) => e,
        );
        assert.equal((error as Error).name, 'CredentialsProviderError');
        const problem = describeAwsError(error, {
          connection: { profile: 'ghost', profileKind: 'unknown', region: 'x' },
        });
        assert.equal(problem.kind, 'noCredentials');
        assert.equal(isCredentialProblem(problem), true);
      } finally {
        await removeDir(files.dir);
      }
    });

    it('ExpiredTokenException from the endpoint → expiredToken, with the profile to fix', async () => {
      reply = () =>
        awsJsonError('ExpiredTokenException', 'The security token included in the request is expired');
      const { manager, done } = await managerFor(
        `[profile dev]\nendpoint_url = ${aws.url}\n`,
        '[dev]\naws_access_key_id = AKID\naws_secret_access_key = secret\naws_session_token = token\n',
        'dev',
      );
      try {
        const problem = manager.describeError(await failure(manager), { step: 'Listing clusters' });
        assert.equal(problem.kind, 'expiredToken');
        assert.deepEqual(problem.action, { title: 'Open AWS Config', kind: 'openConfig', profile: 'dev' });
      } finally {
        await done();
      }
    });

    it('AccessDeniedException from the endpoint → accessDenied naming the action', async () => {
      reply = () =>
        awsJsonError(
          'AccessDeniedException',
          'User: arn:aws:iam::123456789012:user/me is not authorized to perform: ecs:ListClusters on resource: *',
        );
      const { manager, done } = await managerFor(
        `[profile dev]\nendpoint_url = ${aws.url}\n`,
        '[dev]\naws_access_key_id = AKID\naws_secret_access_key = secret\n',
        'dev',
      );
      try {
        const problem = manager.describeError(await failure(manager), { step: 'Listing clusters' });
        assert.equal(problem.kind, 'accessDenied');
        assert.match(problem.message, /: ecs:ListClusters$/);
      } finally {
        await done();
      }
    });

    it('AccessDenied from STS while assuming the role → accessDenied on sts:AssumeRole', async () => {
      reply = () => ({
        status: 403,
        contentType: 'text/xml',
        body: '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::1:user/me is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/r</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
      });
      const { manager, done } = await managerFor(
        `[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\nendpoint_url = ${aws.url}\n`,
        '[base]\naws_access_key_id = AKID\naws_secret_access_key = secret\n',
        'role',
      );
      try {
        const problem = manager.describeError(await failure(manager));
        assert.equal(problem.kind, 'accessDenied');
        assert.match(problem.message, /: sts:AssumeRole$/);
      } finally {
        await done();
      }
    });

    it('a refused connection to a configured endpoint → network, naming the setting and the URL', async () => {
      const { manager, done } = await managerFor(
        '[profile dev]\nendpoint_url = http://127.0.0.1:1\n',
        '[dev]\naws_access_key_id = AKID\naws_secret_access_key = secret\n',
        'dev',
      );
      try {
        const problem = manager.describeError(await failure(manager), { step: 'Listing clusters' });
        assert.equal(problem.kind, 'network');
        assert.match(problem.message, /refused.*endpoint_url of profile dev.*: http:\/\/127\.0\.0\.1:1$/);
      } finally {
        await done();
      }
    });

    it('an HTML page from a configured endpoint → endpoint', async () => {
      reply = () => ({ status: 404, contentType: 'text/html', body: '<html>Not Found</html>' });
      const { manager, done } = await managerFor(
        `[profile dev]\nendpoint_url = ${aws.url}\n`,
        '[dev]\naws_access_key_id = AKID\naws_secret_access_key = secret\n',
        'dev',
      );
      try {
        const problem = manager.describeError(await failure(manager), { step: 'Listing clusters' });
        assert.equal(problem.kind, 'endpoint');
        assert.match(problem.message, /HTTP 404.*endpoint_url of profile dev/);
        assert.equal(problem.action?.kind, 'openConfig');
      } finally {
        await done();
      }
    });

    describe('expired or missing SSO sessions (fromSSO reads HOME and AWS_CONFIG_FILE from process.env)', () => {
      const saved: Record<string, string | undefined> = {};
      const keys = ['HOME', 'USERPROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE'];
      let dir: string;
      let env: Record<string, string>;

      beforeEach(async () => {
        const files = await writeAwsFiles(
          [
            '[profile legacy]',
            'sso_start_url = https://legacy.awsapps.com/start',
            'sso_region = eu-west-1',
            'sso_account_id = 111122223333',
            'sso_role_name = Dev',
            '[profile modern]',
            'sso_session = corp',
            'sso_account_id = 111122223333',
            'sso_role_name = Dev',
            '[sso-session corp]',
            'sso_start_url = https://corp.awsapps.com/start',
            'sso_region = eu-west-1',
          ].join('\n'),
          '',
        );
        dir = files.dir;
        env = files.env;
        for (const key of keys) saved[key] = process.env[key];
        Object.assign(process.env, files.env);
        delete process.env.AWS_PROFILE;
        const cache = path.join(dir, '.aws', 'sso', 'cache');
        await fs.mkdir(cache, { recursive: true });
        const name = createHash('sha1').update('https://legacy.awsapps.com/start').digest('hex');
        await fs.writeFile(
          path.join(cache, `${name}.json`),
          JSON.stringify({ accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z' }),
        );
      });
      afterEach(async () => {
        for (const key of keys) {
          if (saved[key] === undefined) delete process.env[key];
          else process.env[key] = saved[key];
        }
        await removeDir(dir);
      });

      for (const profile of ['legacy', 'modern']) {
        it(`${profile} → ssoLogin with \`aws sso login --profile ${profile}\``, async () => {
          const provider = credentialProviderFor(profile, { env, paths: sharedConfigPaths(env) });
          const error = await provider().then(
            () => assert.fail('resolved'),
            (e: unknown) => e,
          );
          const problem = describeAwsError(error, {
            step: 'Listing clusters',
            connection: { profile, profileKind: 'sso', region: 'eu-west-1', ssoProfile: profile },
          });
          assert.equal(problem.kind, 'ssoLogin', `${(error as Error).message} → ${problem.message}`);
          assert.match(problem.message, new RegExp(`aws sso login --profile ${profile}$`));
          assert.deepEqual(problem.action, { title: 'Sign In with SSO', kind: 'ssoLogin', profile });
        });
      }
    });
  });
});
