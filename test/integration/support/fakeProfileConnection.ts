/**
 * The real ConnectionManager on a profile `dev` written to temporary AWS config files, its endpoint
 * the fake AWS: what a user's ~/.aws files give the extension, for integration tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionManager } from '../../../src/aws/connectionManager';
import { silentLogger, type Logger } from '../../../src/shared/logger';
import { createRedactor, type Redactor } from '../../../src/shared/redact';

export interface FakeProfileOptions {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  readonly logger?: Logger;
  readonly redactor?: Redactor;
}

export interface FakeProfileConnection {
  readonly connections: ConnectionManager;
  /** Where `config` and `credentials` are (a test may rewrite them, then reload). */
  readonly dir: string;
  /** Disposes the manager and removes the temporary files. */
  close(): void;
}

export async function connectFakeProfile(options: FakeProfileOptions): Promise<FakeProfileConnection> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-profile-'));
  fs.writeFileSync(path.join(dir, 'config'), '[profile dev]\nregion = us-east-1\n');
  const token = options.sessionToken ? `aws_session_token = ${options.sessionToken}\n` : '';
  fs.writeFileSync(
    path.join(dir, 'credentials'),
    `[dev]\naws_access_key_id = ${options.accessKeyId}\naws_secret_access_key = ${options.secretAccessKey ?? 'secret'}\n${token}`,
  );
  const state = new Map<string, unknown>();
  const connections = new ConnectionManager({
    store: {
      get: <T>(k: string) => state.get(k) as T | undefined,
      update: (k, v) => Promise.resolve(void state.set(k, v)),
    },
    env: {
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_PROFILE: 'dev',
      AWS_ENDPOINT_URL: options.endpoint,
    },
    logger: options.logger ?? silentLogger,
    redactor: options.redactor ?? createRedactor({}),
    clientOptions: { maxAttempts: 1 },
  });
  await connections.initialize();
  return {
    connections,
    dir,
    close: () => {
      connections.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
