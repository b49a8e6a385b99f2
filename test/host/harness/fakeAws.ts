// The project's fake AWS endpoint (test/fakeAws, compiled to out/test/fakeAws/cli.js) as a child
// process group, and the environment that points the real AWS SDK clients at it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { spawnGroup } from './processes';

export const defaultFakeAwsCli = path.join(repoRoot, 'out', 'test', 'fakeAws', 'cli.js');

/** `ECS_FAKE_AWS_CLI` (a compiled cli.js) or the project's; undefined when not built. */
export function locateFakeAwsCli(): string | undefined {
  const cli = process.env.ECS_FAKE_AWS_CLI ?? defaultFakeAwsCli;
  return fs.existsSync(cli) ? cli : undefined;
}

export interface FakeAws {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `node cli.js --port 0 --fleet FLEET` and waits for its `FAKE_AWS_URL=...` line. */
export async function startFakeAws(
  cli: string,
  options: { fleet?: string; logFile?: string; timeoutMs?: number } = {},
): Promise<FakeAws> {
  const group = spawnGroup(process.execPath, [cli, '--port', '0', '--fleet', options.fleet ?? 'demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: repoRoot,
  });
  const log = options.logFile ? fs.createWriteStream(options.logFile) : undefined;
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`fake AWS printed no FAKE_AWS_URL within ${options.timeoutMs ?? 20000} ms: ${seen}`),
        ),
      options.timeoutMs ?? 20_000,
    );
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const m = /FAKE_AWS_URL=(\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    group.child.stdout!.on('data', onData);
    group.child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    group.child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fake AWS exited (code ${code}) before printing its URL: ${seen}`));
    });
  }).catch(async (e: unknown) => {
    await group.stop();
    throw e;
  });
  // Keep draining its output so it never blocks on a full pipe.
  group.child.stdout!.on('data', (chunk: Buffer) => log?.write(chunk));
  group.child.stderr!.on('data', (chunk: Buffer) => log?.write(chunk));
  return {
    url,
    pid: group.pid,
    stop: async () => {
      await group.stop(2000);
      log?.end();
    },
  };
}

/**
 * The environment for anything that should talk to the fake: the SDK's standard endpoint setting,
 * a region, static test keys, and config/credentials files in `dir` so ~/.aws is never read.
 */
export function fakeAwsEnv(url: string, dir: string): Record<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  fs.writeFileSync(config, '[default]\nregion = us-east-1\n');
  fs.writeFileSync(
    credentials,
    '[default]\naws_access_key_id = AKIAFAKEECSTEST00000\naws_secret_access_key = fake-secret-for-tests\n',
  );
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEECSTEST00000',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-tests',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    ECS_FAKE_AWS_URL: url,
  };
}
