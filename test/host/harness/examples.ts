// The suites' sample workspace: examples/<name> as committed (scripts/examples.js, shared with
// `npm start`), never the folder a person may have used to try the extension.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { repoRoot } from './paths';

interface Examples {
  /** Copies examples/<name> at git HEAD into `dest` (which must not exist); returns how it copied. */
  copyPristineExample(name: string, dest: string): string;
  /** `npm start`'s own copies: {demo, aws}. */
  startWorkspaces: { demo: string; aws: string };
  /** The demo's folder under .tools/ and its fake account's state file in it. */
  demoDir: string;
  demoStateFile: string;
  /** What `npm start -- --demo-reset` does: removes the demo's folder (`dir`, default demoDir). */
  resetDemo(dir?: string): void;
}

const examples = createRequire(__filename)(path.join(repoRoot, 'scripts', 'examples.js')) as Examples;

export const copyPristineExample = (name: string, dest: string): string =>
  examples.copyPristineExample(name, dest);

export const { startWorkspaces, demoDir, demoStateFile } = examples;

export const resetDemo = (dir?: string): void => examples.resetDemo(dir);
