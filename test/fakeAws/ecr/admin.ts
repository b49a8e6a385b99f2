/**
 * The fake ECR's admin routes under /__fake/ecr/ (for the host tests, which run the fake in another
 * process and cannot pass FakeEcr options):
 *   POST /__fake/ecr/registry {endpoint, user, password} → GetAuthorizationToken answers with a token
 *        for that REAL registry (e.g. docker-test-env.sh's 127.0.0.1:5000), repository URIs and the
 *        proxyEndpoint name it, and images pushed there become ECR images (a HEAD on the manifest).
 *        `endpoint` is host:port (http) or a URL with its scheme.
 *   GET  /__fake/ecr/registry → {registry, proxyEndpoint, user} (never the password)
 *   GET  /__fake/ecr/images?repository=R → the image records the fake knows
 *   POST /__fake/ecr/images {repository, tag?, sizeBytes?, pushedAt?} → records a pushed image (what
 *        `FakeEcr.putImage` does in-process; `pushedAt` in epoch ms orders pushes made within one ms)
 */
import type { HttpReply } from '../services';
import type { FakeEcr } from './fakeEcr';
import { registryLookup } from './registryLookup';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
};

/** `127.0.0.1:5000` or `http://127.0.0.1:5000` → host and scheme. */
export function parseRegistryEndpoint(endpoint: string): { host: string; scheme: 'http' | 'https' } {
  const withScheme = /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`endpoint must be http or https, not ${url.protocol}`);
  if (url.pathname !== '/' || url.search || url.username)
    throw new Error('endpoint is a registry host[:port], with no path, query or credentials');
  return { host: url.host, scheme: url.protocol === 'https:' ? 'https' : 'http' };
}

function registryView(ecr: FakeEcr): unknown {
  return { registry: ecr.registry, proxyEndpoint: ecr.proxyEndpoint, user: ecr.username };
}

/** Answers a /__fake/ecr/ route, or undefined when the path is not one. */
export function handleEcrAdmin(
  ecr: FakeEcr,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__fake/ecr/registry':
        return json(200, registryView(ecr));
      case 'POST /__fake/ecr/registry': {
        const { host, scheme } = parseRegistryEndpoint(text(body['endpoint'], 'endpoint'));
        const username = text(body['user'] ?? 'AWS', 'user');
        const password = text(body['password'], 'password');
        // The lookup speaks plain HTTP: only a local (http) registry can be asked about its images.
        const lookup = scheme === 'http' ? registryLookup(host, username, password) : undefined;
        ecr.useRegistry({ host, scheme, username, password, ...(lookup ? { lookup } : {}) });
        return json(200, registryView(ecr));
      }
      case 'GET /__fake/ecr/images': {
        const repository = text(url.searchParams.get('repository') ?? undefined, 'repository');
        return json(200, ecr.images.get(repository) ?? []);
      }
      case 'POST /__fake/ecr/images': {
        const repository = text(body['repository'], 'repository');
        const tag = body['tag'] === undefined ? undefined : text(body['tag'], 'tag');
        const sizeBytes = body['sizeBytes'];
        const pushedAt = body['pushedAt'];
        if (sizeBytes !== undefined && typeof sizeBytes !== 'number')
          throw new Error('sizeBytes must be a number');
        if (pushedAt !== undefined && typeof pushedAt !== 'number')
          throw new Error('pushedAt must be epoch ms');
        const record = ecr.putImage(repository, {
          ...(tag !== undefined ? { tag } : {}),
          ...(sizeBytes !== undefined ? { sizeBytes } : {}),
        });
        if (pushedAt !== undefined) record.pushedAt = new Date(pushedAt);
        return json(200, record);
      }
      default:
        return undefined;
    }
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
