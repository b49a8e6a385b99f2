import * as assert from 'node:assert/strict';
import type { EcrGateway, ScanFindings } from '../../../src/aws/ecrGateway';
import { imageTags } from '../../../src/workflows/buildAndPush';
import {
  describeScan,
  ecrImageConsoleUrl,
  formatSeverityCounts,
  waitForImageScan,
  type ImageScanReport,
} from '../../../src/workflows/imageScan';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REPO = {
  name: 'team/web',
  arn: 'arn:aws:ecr:eu-west-3:123456789012:repository/team/web',
  registryId: '123456789012',
};

function named(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A gateway answering the scripted findings (or errors) one poll after another; the last repeats. */
function scripted(
  answers: Array<ScanFindings | Error>,
): Pick<EcrGateway, 'scanFindings'> & { calls: number } {
  const gateway = {
    calls: 0,
    scanFindings: () => {
      const answer = answers[Math.min(gateway.calls++, answers.length - 1)];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer!);
    },
  };
  return gateway;
}

const fast = { minDelayMs: 5, maxDelayMs: 20 };

/** Lets pending promise callbacks and I/O run: `n` turns of the event loop, no timer involved. */
async function eventLoopTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('image scan after the push', () => {
  it('links the image in the ECR console of the repository’s region and partition', () => {
    assert.equal(
      ecrImageConsoleUrl(REPO, DIGEST),
      `https://eu-west-3.console.aws.amazon.com/ecr/repositories/private/123456789012/team/web/_/image/${DIGEST}/details?region=eu-west-3`,
    );
    const cn = { name: 'web', arn: 'arn:aws-cn:ecr:cn-north-1:123456789012:repository/web' };
    assert.match(
      ecrImageConsoleUrl(cn, DIGEST),
      /^https:\/\/console\.amazonaws\.cn\/ecr\/.*\/123456789012\/web\/.*region=cn-north-1$/,
    );
  });

  it('formats counts most severe first and leaves out zeros', () => {
    assert.equal(
      formatSeverityCounts({ LOW: 7, CRITICAL: 1, INFORMATIONAL: 2, HIGH: 0, MEDIUM: 3 }),
      '1 critical, 3 medium, 7 low, 2 informational',
    );
    assert.equal(formatSeverityCounts({}), 'no findings');
  });

  it('polls through ScanNotFound and IN_PROGRESS until COMPLETE', async () => {
    const ecr = scripted([
      named('ScanNotFoundException'),
      { status: 'IN_PROGRESS', counts: {} },
      { status: 'COMPLETE', counts: { HIGH: 2, LOW: 1 } },
    ]);
    const polled: string[] = [];
    const report = await waitForImageScan(ecr, REPO, DIGEST, fast, undefined, (s) => polled.push(s));
    assert.equal(report.outcome, 'complete');
    assert.deepEqual(report.findingSeverityCounts, { HIGH: 2, LOW: 1 });
    assert.deepEqual(polled, ['PENDING', 'IN_PROGRESS', 'COMPLETE']);
    assert.equal(ecr.calls, 3);
    assert.equal(describeScan(report), 'Scan findings: 2 high, 1 low.');
  });

  it('a FAILED scan ends the wait with the reason', async () => {
    const ecr = scripted([{ status: 'FAILED', description: 'UnsupportedImageError: nope', counts: {} }]);
    const report = await waitForImageScan(ecr, REPO, DIGEST, fast);
    assert.equal(report.outcome, 'failed');
    assert.match(describeScan(report), /failed \(FAILED\): UnsupportedImageError: nope/);
  });

  it('stops at the bound with outcome timeout, saying the scan is still running', async () => {
    // The scan never ends: returning at all is stopping at the bound.
    const ecr = scripted([{ status: 'IN_PROGRESS', counts: {} }]);
    // The bound is 50 pauses of the longest delay: a loaded machine that stalls the event loop for
    // a while still leaves room for several polls, so the count checks the backoff, not the speed.
    const report = await waitForImageScan(ecr, REPO, DIGEST, { maxWaitMs: 1000, ...fast });
    assert.equal(report.outcome, 'timeout');
    assert.equal(report.status, 'IN_PROGRESS');
    assert.ok(ecr.calls > 2, 'backoff, not one long sleep');
    assert.match(describeScan(report), /still running/);
  });

  it('an abort ends the wait at once (outcome cancelled), also during a long pause', async () => {
    // "At once" without a clock: the wait ends in the event-loop turns after the abort, long before
    // any timer of the 10 s pause could fire.
    const ecr = scripted([{ status: 'IN_PROGRESS', counts: {} }]);
    const controller = new AbortController();
    let report: ImageScanReport | undefined;
    const settled = (): ImageScanReport | undefined => report; // read after the awaits below
    void waitForImageScan(
      ecr,
      REPO,
      DIGEST,
      { maxWaitMs: 60_000, minDelayMs: 10_000, maxDelayMs: 10_000 },
      controller.signal,
    ).then((r) => (report = r));
    await eventLoopTurns(3);
    assert.equal(ecr.calls, 1, 'polled once, then pausing');
    assert.equal(settled(), undefined, 'still in the pause');
    controller.abort();
    await eventLoopTurns(3);
    assert.equal(settled()?.outcome, 'cancelled');
    assert.equal(ecr.calls, 1, 'no poll after the abort');
  });

  it('another error (access denied) ends the wait as outcome error, without throwing', async () => {
    const ecr = scripted([
      named('AccessDeniedException', 'not authorized to perform: ecr:DescribeImageScanFindings'),
    ]);
    const report = await waitForImageScan(ecr, REPO, DIGEST, fast);
    assert.equal(report.outcome, 'error');
    assert.match(describeScan(report), /not authorized/);
  });

  it('tags: the chosen one, then latest when asked, never latest twice; each validated', () => {
    assert.deepEqual(imageTags('abc1234-dirty', true), ['abc1234-dirty', 'latest']);
    assert.deepEqual(imageTags('abc1234', false), ['abc1234']);
    assert.deepEqual(imageTags('latest', true), ['latest']);
    assert.throws(() => imageTags('-bad', true), /A tag is 1–128/);
  });
});
