import * as assert from 'node:assert/strict';
import { createRedactor, MIN_SECRET_LENGTH, REDACTED } from '../../../src/shared/redact';

describe('createRedactor', () => {
  it('redacts the secret environment variables it was given', () => {
    const redact = createRedactor({
      AWS_SECRET_ACCESS_KEY: 'envSecretValue123',
      AWS_SESSION_TOKEN: 'envSessionToken456',
      AWS_BEARER_TOKEN_BEDROCK: 'bearerTokenValue789',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    });
    assert.equal(
      redact('a envSecretValue123 b envSessionToken456 c bearerTokenValue789 d AKIAIOSFODNN7EXAMPLE'),
      `a ${REDACTED} b ${REDACTED} c ${REDACTED} d AKIAIOSFODNN7EXAMPLE`,
    );
  });

  it('redacts registered secrets from then on, longest first, and ignores short values', () => {
    const redact = createRedactor();
    redact.registerSecret('abcdefgh-long-secret');
    redact.registerSecret('abcdefgh');
    redact.registerSecret('test');
    assert.equal(redact('x abcdefgh-long-secret y abcdefgh z test'), `x ${REDACTED} y ${REDACTED} z test`);
    assert.equal(MIN_SECRET_LENGTH, 8);
  });

  it('escapes registered secrets that contain regular-expression characters', () => {
    const redact = createRedactor();
    redact.registerSecret('a+b/c=d(e)*f?');
    assert.equal(redact('[a+b/c=d(e)*f?]'), `[${REDACTED}]`);
  });

  const patterns: Array<[string, string, string]> = [
    ['INI secret key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
    ['INI session token', 'aws_session_token=FwoGZXIvYXdzEJr//////////', 'aws_session_token=***'],
    ['env style', 'export AWS_SECRET_ACCESS_KEY="abc123xyz"', 'export AWS_SECRET_ACCESS_KEY="***"'],
    [
      'JSON',
      '{"SecretAccessKey":"s3cr3t","SessionToken":"t0k3n"}',
      '{"SecretAccessKey":"***","SessionToken":"***"}',
    ],
    [
      'JS object',
      "{ secretAccessKey: 's3cr3t', accessToken: 'ssotoken' }",
      "{ secretAccessKey: '***', accessToken: '***' }",
    ],
    [
      'query token',
      'GET /?X-Amz-Security-Token=IQoJb3JpZ2luX2Vj&X-Amz-Date=1',
      'GET /?X-Amz-Security-Token=***&X-Amz-Date=1',
    ],
    ['header token', 'x-amz-security-token: IQoJb3JpZ2luX2Vj', 'x-amz-security-token: ***'],
    [
      'SigV4 header',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=***',
    ],
    ['presigned', '&X-Amz-Signature=abcdef0123456789', '&X-Amz-Signature=***'],
    ['bearer', 'Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig_-', 'Authorization: Bearer ***'],
    ['proxy password', 'HTTPS_PROXY=http://me:hunter22@proxy:3128', 'HTTPS_PROXY=http://me:***@proxy:3128'],
    [
      '40 chars after "secret"',
      'the secret is wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'the secret is ***',
    ],
  ];
  for (const [label, input, expected] of patterns) {
    it(`redacts by pattern: ${label}`, () => {
      assert.equal(createRedactor()(input), expected);
    });
  }

  it('does not take 39- or 41-character strings after "secret" for secret keys', () => {
    const redact = createRedactor();
    assert.equal(redact('secret: ' + 'a'.repeat(39)), 'secret: ' + 'a'.repeat(39));
    assert.equal(redact('secret: ' + 'a'.repeat(41)), 'secret: ' + 'a'.repeat(41));
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Listing clusters failed — access denied: ecs:ListServices (arn:aws:ecs:eu-west-1:123456789012:cluster/prod)';
    assert.equal(createRedactor()(text), text);
  });
});
