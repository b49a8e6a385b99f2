import * as assert from 'node:assert/strict';
import {
  createRepositoryOptions,
  DEFAULT_REPOSITORY_CHOICES,
  describeRepositoryOptions,
  kmsKeyProblem,
  parseRepositoryTags,
} from '../../../src/workflows/repositoryOptions';

describe('new repository options', () => {
  describe('tags (key=value, key2=value2)', () => {
    it('parses pairs, trims spaces, keeps "=" in values and allows empty values', () => {
      assert.deepEqual(parseRepositoryTags(' team=platform ,cost-center = 42, note=a=b, empty= ').tags, {
        team: 'platform',
        'cost-center': '42',
        note: 'a=b',
        empty: '',
      });
      assert.deepEqual(parseRepositoryTags('').tags, {});
      assert.deepEqual(parseRepositoryTags(' , ').tags, {});
      assert.deepEqual(parseRepositoryTags('owner=jane@example.com, path=/a/b:c+d').tags, {
        owner: 'jane@example.com',
        path: '/a/b:c+d',
      });
    });

    it('refuses a pair without "=", an empty key, a duplicate key and characters AWS does not take', () => {
      assert.match(parseRepositoryTags('team').problem ?? '', /key=value: team/);
      assert.match(parseRepositoryTags('=x').problem ?? '', /needs a key/);
      assert.match(parseRepositoryTags('a=1, a=2').problem ?? '', /twice: a/);
      assert.match(parseRepositoryTags('a=<b>').problem ?? '', /letters, digits/);
    });

    it('refuses keys starting with aws: (any case)', () => {
      assert.match(parseRepositoryTags('aws:owner=x').problem ?? '', /reserved/);
      assert.match(parseRepositoryTags('AWS:x=y').problem ?? '', /reserved/);
      assert.equal(parseRepositoryTags('awsome=yes').problem, undefined);
    });

    it('allows 50 tags, not 51, and checks the key and value lengths', () => {
      const pairs = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(', ');
      assert.equal(Object.keys(parseRepositoryTags(pairs(50)).tags ?? {}).length, 50);
      assert.match(parseRepositoryTags(pairs(51)).problem ?? '', /At most 50 tags \(51 given\)/);
      assert.equal(parseRepositoryTags(`${'k'.repeat(128)}=${'v'.repeat(256)}`).problem, undefined);
      assert.match(parseRepositoryTags(`${'k'.repeat(129)}=v`).problem ?? '', /key is at most 128/);
      assert.match(parseRepositoryTags(`k=${'v'.repeat(257)}`).problem ?? '', /value is at most 256/);
    });
  });

  describe('KMS key', () => {
    it('accepts an alias, a key id, a multi-Region key id, and key or alias ARNs', () => {
      for (const key of [
        'alias/ecr-images',
        'alias/team/ecr_images-1',
        '1234abcd-12ab-34cd-56ef-1234567890ab',
        'mrk-1234abcd12ab34cd56ef1234567890ab',
        'arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'arn:aws:kms:eu-west-3:123456789012:alias/ecr-images',
        'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ]) {
        assert.equal(kmsKeyProblem(key), undefined, key);
      }
    });

    it('refuses anything else, and a key ARN of another region than the repository', () => {
      for (const key of [
        '',
        'my-key',
        'alias/',
        'alias/has space',
        '1234abcd-12ab-34cd-56ef',
        'arn:aws:kms:eu-west-3:123:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'arn:aws:s3:::bucket',
      ]) {
        assert.ok(kmsKeyProblem(key), key);
      }
      const arn = 'arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      assert.equal(kmsKeyProblem(arn, 'eu-west-3'), undefined);
      assert.match(kmsKeyProblem(arn, 'us-east-1') ?? '', /in eu-west-3: .*region \(us-east-1\)/);
    });
  });

  it('"Create" means scan on push, mutable tags, AES-256 and no tags', () => {
    const options = createRepositoryOptions(DEFAULT_REPOSITORY_CHOICES);
    assert.deepEqual(options, { scanOnPush: true, tagMutability: 'MUTABLE', encryption: { type: 'AES256' } });
    assert.equal(
      describeRepositoryOptions(options),
      'scan on push, mutable tags, AES-256 encryption, no tags',
    );
  });

  it('maps the choices to CreateRepository options: immutable, KMS with a key or the AWS managed key, tags', () => {
    const options = createRepositoryOptions({
      scanOnPush: false,
      immutableTags: true,
      kmsKey: ' alias/ecr-images ',
      tags: { team: 'platform' },
    });
    assert.deepEqual(options, {
      scanOnPush: false,
      tagMutability: 'IMMUTABLE',
      encryption: { type: 'KMS', kmsKey: 'alias/ecr-images' },
      tags: { team: 'platform' },
    });
    assert.equal(
      describeRepositoryOptions(options),
      'no scan on push, immutable tags, KMS encryption (alias/ecr-images), 1 tag',
    );
    const managed = createRepositoryOptions({ scanOnPush: true, immutableTags: false, kmsKey: '', tags: {} });
    assert.deepEqual(managed.encryption, { type: 'KMS' });
    assert.equal(managed.tags, undefined);
  });
});
