// Where things are: the repository (found from this file, compiled or not), the shared tools folder
// beside it, the private tool installs, and the test-results folder that scripts/test.js reads.
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRepoRoot(start: string): string {
  // out/test/host/harness has no package.json, so the first one upwards is the repository's.
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);

/** `shared/` sits beside the checkout (here /work/shared, in CI a copy beside the clone). */
export const sharedDir = process.env.ECS_SHARED_DIR ?? path.join(path.dirname(repoRoot), 'shared');

/** Private tool installs (gitignored). */
export const toolsDir = path.join(repoRoot, '.tools');

export const resultsDir = path.join(repoRoot, 'test-results');

export const screenshotsDir = path.join(resultsDir, 'screenshots');

export interface PackageJson {
  name: string;
  publisher: string;
  version: string;
  displayName?: string;
  main?: string;
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    [key: string]: unknown;
  };
  scripts?: Record<string, string>;
}

export function readPackageJson(dir: string = repoRoot): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}
