// The counts file contract of scripts/test.js: test-results/<suite>.json = {passed, failed, skipped}.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCi } from '../../support/ci';
import { resultsDir } from './paths';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  /** Each failed test's full title and first error line: scripts/test.js prints them last. */
  failures?: FailedTest[];
}

export interface FailedTest {
  title: string;
  error: string;
}

/** The first lines of an error (an assertion's message and its diff), short enough for the summary. */
export function errorSummary(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((l) => l.trim());
  return lines.filter(Boolean).slice(0, 4).join(' ⏎ ').slice(0, 400);
}

export function writeSuiteResults(
  suite: string,
  counts: Counts & { metrics?: unknown; missing?: string },
): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${suite}.json`), JSON.stringify(counts));
}

/**
 * A tool the suite needs is missing: in CI (CI=true) that is a failure, elsewhere its `tests` are
 * counted as skipped, with the reason on one line (and in the counts, for scripts/test.js's summary).
 * Writes the counts and returns the exit code to use.
 */
export function missingPrerequisite(suite: string, what: string, tests = 1): number {
  if (isCi()) {
    console.log(`${suite}: FAILED: ${what} (required when CI=true)`);
    writeSuiteResults(suite, { passed: 0, failed: 1, skipped: 0 });
    return 1;
  }
  console.log(`${suite}: skipped: ${what} (${tests} test${tests === 1 ? '' : 's'} not run)`);
  writeSuiteResults(suite, { passed: 0, failed: 0, skipped: tests, missing: what });
  return 0;
}
