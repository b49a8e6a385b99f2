/**
 * The sentinel test: secrets planted in the environment, in the shared credentials file, and in
 * credentials returned by STS must never reach the log or a notification, whatever path the text takes
 * (file warnings, credential resolution, SDK errors whose messages contain them, error translation).
 */
import * as assert from 'node:assert/strict';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { describeAwsError } from '../../../src/aws/awsErrors';
import { ConnectionManager } from '../../../src/aws/connectionManager';
import { createRedactor } from '../../../src/shared/redact';
import { createRedactingLogger, type LogSink } from '../../../src/ui/redactingLogger';
import {
  assumeRoleXml,
  awsJsonError,
  type LocalAws,
  MemoryStore,
  removeDir,
  startLocalAws,
  writeAwsFiles,
} from '../aws/support/localAws';

const SENTINELS = {
  envSecret: 'SENTINEL0ENV0SECRET0wJalrXUtnFEMI0K7MDENG',
  envToken: 'SENTINEL0ENV0TOKEN0FwoGZXIvYXdzEJr0000000000',
  fileSecret: 'SENTINEL0FILE0SECRET0bPxRfiCYEXAMPLEKEY00',
  fileToken: 'SENTINEL0FILE0TOKEN0IQoJb3JpZ2luX2VjEXAMPLE',
  roleSecret: 'SENTINEL0ROLE0SECRET0je7MtGbClwBF0000000000',
  roleToken: 'SENTINEL0ROLE0TOKEN0AQoDYXdzEPT000000000000',
  unknownSecret: 'SENTINEL0PATTERN0SECRET0shouldvanish',
};

class RecordingSink implements LogSink {
  readonly lines: string[] = [];
  debug = (message: string) => void this.lines.push(message);
  info = (message: string) => void this.lines.push(message);
  warn = (message: string) => void this.lines.push(message);
  error = (message: string | Error) => void this.lines.push(String(message));
}

function assertNoSentinel(texts: readonly string[], where: string): void {
  const all = texts.join('\n');
  assert.ok(!all.includes('SENTINEL'), `${where} leaked a sentinel:\n${all}`);
}

describe('secrets never reach a log or a notification', function () {
  this.timeout(20000);
  let aws: LocalAws;
  before(async () => {
    aws = await startLocalAws((request) =>
      request.action === 'AssumeRole'
        ? assumeRoleXml('AKIDROLE', SENTINELS.roleSecret, SENTINELS.roleToken)
        : awsJsonError(
            'AccessDeniedException',
            `Request signed with ${SENTINELS.roleSecret} / ${SENTINELS.roleToken} ` +
              `(env ${SENTINELS.envSecret} ${SENTINELS.envToken}) (file ${SENTINELS.fileSecret} ${SENTINELS.fileToken}) ` +
              `aws_secret_access_key = ${SENTINELS.unknownSecret} is not authorized to perform: ecs:ListClusters`,
          ),
    );
  });
  after(async () => {
    await aws.close();
  });

  it('through file warnings, credential resolution, SDK errors, translation and the logger', async () => {
    const files = await writeAwsFiles(
      [
        '[profile role]',
        'role_arn = arn:aws:iam::123456789012:role/deploy',
        'source_profile = base',
        'region = eu-west-3',
        `endpoint_url = ${aws.url}`,
      ].join('\n'),
      [
        // A malformed line holding a secret: it is skipped with a warning that must not quote it.
        SENTINELS.fileSecret,
        '[base]',
        'aws_access_key_id = AKIDBASE',
        `aws_secret_access_key = ${SENTINELS.fileSecret}`,
        `aws_session_token = ${SENTINELS.fileToken}`,
        `broken line ${SENTINELS.fileToken}`,
      ].join('\n'),
    );
    const env = {
      ...files.env,
      AWS_PROFILE: 'role',
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: SENTINELS.envSecret,
      AWS_SESSION_TOKEN: SENTINELS.envToken,
    };
    const sink = new RecordingSink();
    const redactor = createRedactor(env);
    const logger = createRedactingLogger(sink, redactor);
    const manager = new ConnectionManager({
      store: new MemoryStore(),
      env,
      logger,
      redactor,
      clientOptions: { maxAttempts: 1 },
    });
    const notifications: string[] = [];
    try {
      await manager.initialize();
      assert.equal(manager.current?.profile, 'role');
      assert.ok(
        sink.lines.some((l) => l.includes('not a "key = value" line')),
        'the malformed lines were not reported',
      );

      const error = await manager
        .clients()
        .ecs()
        .send(new ListClustersCommand({}))
        .then(
          () => assert.fail('expected AccessDenied'),
          (e: unknown) => e,
        );
      // The raw SDK error really carries every sentinel (so the checks below can fail).
      for (const value of [
        SENTINELS.roleSecret,
        SENTINELS.envSecret,
        SENTINELS.fileToken,
        SENTINELS.unknownSecret,
      ]) {
        assert.ok((error as Error).message.includes(value));
      }

      // What the explorer and showError do with it.
      const problem = manager.describeError(error, { step: 'Listing clusters' });
      assert.equal(problem.kind, 'accessDenied');
      logger.error(`Listing clusters: ${problem.message} (${problem.detail ?? ''})`, error);
      const unredacted = describeAwsError(error, { step: 'Listing clusters' });
      logger.error(unredacted.message, error);
      logger.warn(`detail: ${unredacted.detail ?? ''}`);
      logger.info(`error object: ${JSON.stringify(error)}`);
      logger.debug(String(error));
      notifications.push(redactor(unredacted.message), problem.message, problem.detail ?? '');

      assertNoSentinel(sink.lines, 'the log');
      assertNoSentinel(notifications, 'a notification');
      assert.ok(
        sink.lines.some((l) => l.includes('ecs:ListClusters')),
        'the useful part was redacted too',
      );
    } finally {
      manager.dispose();
      await removeDir(files.dir);
    }
  });

  it('the redacting logger redacts error stacks and causes', () => {
    const sink = new RecordingSink();
    const redact = createRedactor({ AWS_SECRET_ACCESS_KEY: SENTINELS.envSecret });
    const logger = createRedactingLogger(sink, redact);
    const cause = new Error(`inner ${SENTINELS.envSecret}`);
    logger.error('outer', new Error(`wrapper ${SENTINELS.envSecret}`, { cause }));
    logger.error('plain value', { token: SENTINELS.envSecret });
    assertNoSentinel(sink.lines, 'the logger');
    assert.match(sink.lines[0] ?? '', /caused by:/);
  });
});
