/**
 * Opaque, tamper-evident page tokens: base64 of {offset, scope, mac}. A token only works for the
 * operation and filters (the scope) that issued it, and only on the server instance that made it.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface PageRequest {
  /** Operation plus every filter, e.g. 'ListServices|prod|FARGATE'. */
  scope: string;
  nextToken?: string;
  maxResults?: number;
  defaultPageSize: number;
  maxPageSize?: number;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export type InvalidFactory = (message: string) => Error;

export class Paginator {
  private readonly secret = randomBytes(16);

  private mac(scope: string, offset: number): string {
    return createHmac('sha256', this.secret).update(`${scope}\n${offset}`).digest('base64url').slice(0, 22);
  }

  token(scope: string, offset: number): string {
    return Buffer.from(JSON.stringify({ v: 1, o: offset, m: this.mac(scope, offset) })).toString('base64');
  }

  /** The offset a token stands for; throws (via `invalid`) when it was not issued for this scope. */
  offset(scope: string, token: string, invalid: InvalidFactory): number {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    } catch {
      throw invalid('Invalid nextToken.');
    }
    const { o, m } = (parsed ?? {}) as { o?: unknown; m?: unknown };
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || m !== this.mac(scope, o)) {
      throw invalid('Invalid nextToken.');
    }
    return o;
  }

  page<T>(items: readonly T[], req: PageRequest, invalid: InvalidFactory): Page<T> {
    const max = req.maxPageSize ?? 100;
    if (req.maxResults !== undefined && req.maxResults !== null) {
      if (!Number.isInteger(req.maxResults) || req.maxResults < 1 || req.maxResults > max) {
        throw invalid(`maxResults must be between 1 and ${max}.`);
      }
    }
    const size = req.maxResults ?? req.defaultPageSize;
    const start = req.nextToken ? this.offset(req.scope, req.nextToken, invalid) : 0;
    const end = start + size;
    return {
      items: items.slice(start, end),
      nextToken: end < items.length ? this.token(req.scope, end) : undefined,
    };
  }
}
