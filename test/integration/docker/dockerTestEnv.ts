/**
 * The real dockerd + authenticated registry for the Docker tests (../shared/tools/docker-test-env.sh).
 * Reused when its variables are already set (.ci/run exports them); otherwise started here, which
 * needs root. When it cannot start: CI (test/support/ci.ts) fails, anywhere else the suite skips with one line.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCi } from '../../support/ci';

export interface DockerTestEnv {
  readonly dockerHost: string;
  readonly registry: string;
  readonly user: string;
  readonly password: string;
  readonly baseImage: string;
}

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || dir.endsWith(`${path.sep}out`)) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

function fromEnv(): DockerTestEnv | undefined {
  const e = process.env;
  if (
    !e.DOCKER_HOST ||
    !e.DOCKER_TEST_REGISTRY ||
    !e.DOCKER_TEST_REGISTRY_PASSWORD ||
    !e.DOCKER_TEST_BASE_IMAGE
  ) {
    return undefined;
  }
  return {
    dockerHost: e.DOCKER_HOST,
    registry: e.DOCKER_TEST_REGISTRY,
    user: e.DOCKER_TEST_REGISTRY_USER ?? 'AWS',
    password: e.DOCKER_TEST_REGISTRY_PASSWORD,
    baseImage: e.DOCKER_TEST_BASE_IMAGE,
  };
}

let started: Promise<DockerTestEnv> | undefined;

function startEnv(): Promise<DockerTestEnv> {
  const shared = process.env.ECS_SHARED_DIR ?? path.resolve(repoRoot(), '..', 'shared');
  const script = path.join(shared, 'tools', 'docker-test-env.sh');
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(script)) {
      reject(new Error(`docker-test-env.sh not found (set ECS_SHARED_DIR): ${script}`));
      return;
    }
    execFile('bash', [script, 'up'], { timeout: 180_000 }, (error, stdout, stderr) => {
      if (error) {
        const last = stderr.trim().split('\n').pop() ?? error.message;
        reject(new Error(`docker-test-env.sh up failed: ${last}`));
        return;
      }
      for (const match of stdout.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) {
        if (match[1]) process.env[match[1]] = (match[2] ?? '').replace(/^'(.*)'$/, '$1');
      }
      const env = fromEnv();
      if (env) resolve(env);
      else reject(new Error('docker-test-env.sh did not print the expected variables'));
    });
  });
}

/**
 * The environment from the variables, else started (once per process; its variables are then set
 * in process.env, so child processes inherit them). Rejects when it cannot start.
 */
export function ensureDockerTestEnv(): Promise<DockerTestEnv> {
  const existing = fromEnv();
  if (existing) return Promise.resolve(existing);
  started ??= startEnv();
  return started;
}

/** Call in a mocha `before`: the environment, or a skip (outside CI) when it cannot start. */
export async function requireDockerTestEnv(ctx: Mocha.Context): Promise<DockerTestEnv> {
  const existing = fromEnv();
  if (existing) return existing;
  ctx.timeout(200_000);
  try {
    return await ensureDockerTestEnv();
  } catch (error) {
    if (isCi()) throw error;
    console.log(`    (skipped: no Docker test environment — ${(error as Error).message})`);
    ctx.skip();
  }
}
