// The counts file contract of scripts/test.js: test-results/<suite>.json = {passed, failed, skipped}.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCi } from '../../support/ci';
import { resultsDir } from './paths';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function writeSuiteResults(suite: string, counts: Counts & { metrics?: unknown }): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${suite}.json`), JSON.stringify(counts));
}

/**
 * A tool the suite needs is missing: in CI (CI=true) that is a failure, elsewhere a skip, said on
 * one line. Writes the counts and returns the exit code to use.
 */
export function missingPrerequisite(suite: string, what: string): number {
  if (isCi()) {
    console.log(`${suite}: FAILED: ${what} (required when CI=true)`);
    writeSuiteResults(suite, { passed: 0, failed: 1, skipped: 0 });
    return 1;
  }
  console.log(`${suite}: skipped: ${what}`);
  writeSuiteResults(suite, { passed: 0, failed: 0, skipped: 1 });
  return 0;
}
