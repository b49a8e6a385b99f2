/**
 * The endpoints a local task's containers call, on one node:http server per task:
 * - the task metadata endpoint v4 (`ECS_CONTAINER_METADATA_URI_V4` = `http://<host>:<port>/v4/<token>`
 *   with `/`, `/task`, `/stats`, `/task/stats`), answering from the runner's live snapshot;
 * - the credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI` + `AWS_CONTAINER_AUTHORIZATION_TOKEN`),
 *   which refuses a missing (401) or wrong (403) token.
 * Paths, status codes and bodies follow the ECS agent (docs/local-run.md §2–3). Editor-free.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../../shared/logger';
import type { CredentialsSource } from './taskCredentials';
import { containerMetadata, taskMetadata } from './metadataShapes';
import type { MetadataTask } from './metadataTask';

/** Docker's stats JSON for one container (`GET /containers/{id}/stats?stream=false`), passed through. */
export type DockerStats = unknown;

export interface TaskEndpointsOptions {
  /** The task as it is now; called on every request. */
  readonly task: () => MetadataTask;
  /** One sample of Docker's stats for a container; absent: the stats paths answer 404. */
  readonly stats?: (dockerId: string) => Promise<DockerStats>;
  /** The task role's credentials; absent (no taskRoleArn): no credentials endpoint, as on Fargate. */
  readonly credentials?: CredentialsSource;
  /** Where the server listens, and the host the containers use in the URLs (endpointAddress.ts). */
  readonly listen: { readonly host: string; readonly port?: number; readonly urlHost?: string };
  /** The region the containers see in AWS_REGION / AWS_DEFAULT_REGION, as Fargate sets them. */
  readonly region?: string;
  /** Receives the authorization token, to redact it from every log (the redactor's registerSecret). */
  readonly onSecret?: (secret: string) => void;
  readonly logger?: Logger;
}

export interface TaskEndpoints {
  /** `http://<urlHost>:<port>`: what the containers reach. */
  readonly baseUrl: string;
  /** The address the server listens on (`host:port`). */
  readonly listening: { readonly host: string; readonly port: number };
  /** The variables the endpoints add to a container's environment. */
  envFor(containerName: string): Record<string, string>;
  /** Stops serving (open connections are closed); resolves once the port is free. */
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The last path segment Fargate uses: the task id, a dash, a number (`…5e4f-2495160603`). */
function containerToken(taskIdHex: string): string {
  return `${taskIdHex}-${randomBytes(4).readUInt32BE(0)}`;
}

/** Starts the task's endpoint server. Rejects when the address cannot be bound (EADDRNOTAVAIL…). */
export async function startTaskEndpoints(options: TaskEndpointsOptions): Promise<TaskEndpoints> {
  const logger = options.logger ?? silentLogger;
  const taskIdHex = randomBytes(16).toString('hex');
  const authToken = randomBytes(32).toString('base64url');
  const credentialsPath = `/v2/credentials/${randomUUID()}`;
  options.onSecret?.(authToken);
  const tokenToName = new Map<string, string>();
  const nameToToken = new Map<string, string>();

  const findContainer = (token: string) => {
    const name = tokenToName.get(token);
    const task = options.task();
    return { task, container: name === undefined ? undefined : task.containers.find((c) => c.name === name) };
  };

  const handleMetadata = async (res: ServerResponse, token: string, rest: string): Promise<void> => {
    const { task, container } = findContainer(token);
    if (!container) {
      const what = rest.includes('stats') ? 'stats' : 'metadata';
      send(
        res,
        404,
        `V4 ${rest.startsWith('/task') ? 'task' : 'container'} ${what} handler: unable to get container ID from request: ${token}`,
      );
      return;
    }
    switch (rest) {
      case '':
        send(res, 200, containerMetadata(task, container));
        return;
      case '/task':
        send(res, 200, taskMetadata(task));
        return;
      case '/stats': {
        if (!options.stats || !container.dockerId) {
          send(res, 404, `V4 container stats handler: unable to get stats for container: ${container.name}`);
          return;
        }
        send(res, 200, await options.stats(container.dockerId));
        return;
      }
      case '/task/stats': {
        if (!options.stats) {
          send(res, 404, 'V4 task stats handler: unable to get task stats');
          return;
        }
        const read = options.stats;
        const entries = await Promise.all(
          task.containers
            .filter((c) => c.dockerId)
            .map(
              async (c) =>
                [c.dockerId as string, await read(c.dockerId as string).catch(() => null)] as const,
            ),
        );
        send(res, 200, Object.fromEntries(entries));
        return;
      }
      default:
        send(res, 404, `V4 handler: no such path: ${rest}`);
    }
  };

  const handleCredentials = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const source = options.credentials;
    const given = req.headers.authorization;
    if (!source) {
      send(res, 404, { code: 'NoCredentials', message: 'This task has no task role.' });
      return;
    }
    if (given === undefined || given === '') {
      send(res, 401, { code: 'NoAuthorizationToken', message: 'The Authorization header is missing.' });
      return;
    }
    if (!tokensEqual(given, authToken)) {
      send(res, 403, { code: 'InvalidAuthorizationToken', message: 'The authorization token is not valid.' });
      return;
    }
    try {
      const c = await source.get();
      send(res, 200, {
        RoleArn: c.roleArn,
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken ?? '',
        Expiration: c.expiration.toISOString(),
      });
    } catch (error) {
      logger.warn(`Local task credentials could not be obtained: ${(error as Error).message}`);
      send(res, 500, { code: 'InternalServerError', message: (error as Error).message });
    }
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET') {
      send(res, 405, `Method not allowed: ${req.method ?? ''}`);
      return;
    }
    const work =
      path === credentialsPath
        ? handleCredentials(req, res)
        : (() => {
            const match = /^\/v4\/([^/]+)(\/task|\/stats|\/task\/stats)?\/?$/.exec(path);
            if (!match?.[1]) {
              send(res, 404, `No such endpoint: ${path}`);
              return Promise.resolve();
            }
            return handleMetadata(res, match[1], match[2] ?? '');
          })();
    work.catch((error: unknown) => {
      logger.warn(
        `Local task endpoint ${path.startsWith('/v4/') ? 'metadata' : 'request'} failed: ${(error as Error).message}`,
      );
      if (!res.headersSent) send(res, 500, 'failed to get metadata');
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port ?? 0, options.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = options.listen.urlHost ?? options.listen.host;
  const baseUrl = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;
  logger.debug(
    `Local task endpoints listening on ${options.listen.host}:${port} (containers use ${baseUrl})`,
  );

  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    listening: { host: options.listen.host, port },
    envFor(containerName) {
      let token = nameToToken.get(containerName);
      if (!token) {
        token = containerToken(taskIdHex);
        nameToToken.set(containerName, token);
        tokenToName.set(token, containerName);
      }
      return {
        ECS_CONTAINER_METADATA_URI_V4: `${baseUrl}/v4/${token}`,
        AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
        ...(options.region ? { AWS_REGION: options.region, AWS_DEFAULT_REGION: options.region } : {}),
        ...(options.credentials
          ? {
              AWS_CONTAINER_CREDENTIALS_FULL_URI: `${baseUrl}${credentialsPath}`,
              AWS_CONTAINER_AUTHORIZATION_TOKEN: authToken,
            }
          : {}),
      };
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
