import * as assert from 'node:assert/strict';
import { checkValueFrom } from '../../../../src/taskdef/rules/secrets';
import { applyEveryFix, doc, parseDoc, ruleCases, web } from './helpers';

const SM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
const withSecret = (valueFrom: string) => doc((td) => (web(td).secrets = [{ name: 'DB', valueFrom }]));

ruleCases('secret-value-from', {
  pass: [
    ['a Secrets Manager ARN', withSecret(SM)],
    ['with a JSON key', withSecret(`${SM}:password::`)],
    ['with a version stage', withSecret(`${SM}::AWSPREVIOUS:`)],
    [
      'an SSM parameter ARN with a path',
      withSecret('arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password'),
    ],
    ['an SSM parameter name', withSecret('/prod/db/password')],
    ['a GovCloud ARN', withSecret('arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/x')],
    [
      'in log secretOptions',
      doc(
        (td) => (web(td).logConfiguration!.secretOptions = [{ name: 'token', valueFrom: '/splunk/token' }]),
      ),
    ],
  ],
  fail: [
    [
      'not a secret service',
      withSecret('arn:aws:s3:::bucket/secret.txt'),
      '"arn:aws:s3:::bucket/secret.txt"',
    ],
    ['a JSON key without the trailing colons', withSecret(`${SM}:password`), `"${SM}:password"`],
    [
      'stage and id together',
      withSecret(`${SM}:password:AWSCURRENT:0123-abcd`),
      `"${SM}:password:AWSCURRENT:0123-abcd"`,
    ],
    [
      'an SSM ARN without parameter/',
      withSecret('arn:aws:ssm:us-east-1:123456789012:prod/db'),
      '"arn:aws:ssm:us-east-1:123456789012:prod/db"',
    ],
    ['a name with spaces', withSecret('db password'), '"db password"'],
    [
      'no account',
      withSecret('arn:aws:secretsmanager:us-east-1::secret:x'),
      '"arn:aws:secretsmanager:us-east-1::secret:x"',
    ],
    [
      'in log secretOptions',
      doc(
        (td) =>
          (web(td).logConfiguration!.secretOptions = [
            { name: 'token', valueFrom: 'arn:aws:kms:us-east-1:123456789012:key/x' },
          ]),
      ),
      '"arn:aws:kms:us-east-1:123456789012:key/x"',
    ],
  ],
});

describe('secret valueFrom', () => {
  it('completes the colons of a JSON key and fixes a doubled parameter slash', () => {
    assert.equal(checkValueFrom(`${SM}:password`)?.corrected, `${SM}:password::`);
    assert.equal(checkValueFrom(`${SM}:password:AWSCURRENT`)?.corrected, `${SM}:password:AWSCURRENT:`);
    assert.equal(
      checkValueFrom('arn:aws:ssm:us-east-1:123456789012:parameter//prod/db')?.corrected,
      'arn:aws:ssm:us-east-1:123456789012:parameter/prod/db',
    );
    const [fixed] = applyEveryFix(withSecret(`${SM}:password`), 'secret-value-from');
    assert.equal(web(parseDoc(fixed!)).secrets![0]!.valueFrom, `${SM}:password::`);
    applyEveryFix(withSecret('arn:aws:ssm:us-east-1:123456789012:parameter//prod/db'), 'secret-value-from');
  });
});
