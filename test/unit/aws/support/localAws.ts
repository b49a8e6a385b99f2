/**
 * Test support for the connection tests: temp AWS files, a recording logger, an in-memory
 * workspaceState, and a tiny local "AWS" HTTP server that records every request (with its SigV4
 * access key) and answers with whatever the test's handler returns.
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../../../src/shared/logger';

export async function tempDir(prefix = 'ecs-fargate-aws-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export interface AwsFiles {
  readonly dir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  /** The env that points the tools at these files (and nowhere else). */
  readonly env: Record<string, string>;
}

/** Writes ~/.aws-like files into a fresh temp dir (undefined = the file does not exist). */
export async function writeAwsFiles(
  config: string | undefined,
  credentials: string | undefined,
): Promise<AwsFiles> {
  const dir = await tempDir();
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  if (config !== undefined) await fs.writeFile(configFile, config);
  if (credentials !== undefined) await fs.writeFile(credentialsFile, credentials);
  return {
    dir,
    configFile,
    credentialsFile,
    env: { HOME: dir, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
  };
}

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record = (level: string) => (message: string, error?: unknown) => {
    const suffix =
      error === undefined ? '' : ` | ${error instanceof Error ? error.message : JSON.stringify(error)}`;
    lines.push(`${level}: ${message}${suffix}`);
  };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** vscode.Memento-like workspaceState. */
export class MemoryStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** `X-Amz-Target` suffix for JSON protocols (`ListClusters`) or `Action` for query protocols (`AssumeRole`). */
  readonly action: string | undefined;
  /** The access key id from the SigV4 Authorization header. */
  readonly accessKeyId: string | undefined;
  /** `<region>/<service>` from the SigV4 credential scope. */
  readonly scope: string | undefined;
}

export interface Reply {
  readonly status?: number;
  readonly contentType?: string;
  readonly body: string;
}

export interface LocalAws {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export function parseRequest(req: http.IncomingMessage, body: string): RecordedRequest {
  const target = req.headers['x-amz-target'];
  const action =
    typeof target === 'string'
      ? target.split('.').pop()
      : (new URLSearchParams(body).get('Action') ?? undefined);
  const auth = req.headers.authorization ?? '';
  const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    headers: req.headers,
    body,
    action,
    accessKeyId: credential?.[1],
    scope: credential ? `${credential[2]}/${credential[3]}` : undefined,
  };
}

/** Starts the server on 127.0.0.1 with a random port. */
export async function startLocalAws(handler: (request: RecordedRequest) => Reply): Promise<LocalAws> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = parseRequest(req, Buffer.concat(chunks).toString('utf8'));
      requests.push(recorded);
      let reply: Reply;
      try {
        reply = handler(recorded);
      } catch (error) {
        reply = { status: 500, contentType: 'text/plain', body: String(error) };
      }
      res.statusCode = reply.status ?? 200;
      res.setHeader('content-type', reply.contentType ?? 'application/x-amz-json-1.1');
      res.setHeader('x-amzn-requestid', `req-${requests.length}`);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value) });

export const awsJsonError = (type: string, message: string, status = 400): Reply =>
  json({ __type: type, message }, status);

export function assumeRoleXml(accessKeyId: string, secretAccessKey: string, sessionToken: string): Reply {
  return {
    contentType: 'text/xml',
    body: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>${secretAccessKey}</SecretAccessKey>
      <SessionToken>${sessionToken}</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/test-role/session</Arn>
      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>assume-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
  };
}

export const listClustersReply = (...arns: string[]): Reply => json({ clusterArns: arns });
