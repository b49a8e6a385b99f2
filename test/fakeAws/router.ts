/**
 * Finds the service module and operation of an SDK request: by X-Amz-Target prefix for JSON
 * protocols; by the Action form field plus the SigV4 scope's service (or Version) for query ones.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseForm } from './protocols/query';
import type { ServiceModule } from './services';

export interface Route {
  module: ServiceModule;
  operation: string;
}

export type RouteResult =
  { kind: 'ok'; route: Route } | { kind: 'unknown'; protocol: 'json' | 'query'; name: string };

export class Router {
  private readonly byTarget = new Map<string, ServiceModule>();
  private readonly queryModules: ServiceModule[] = [];

  add(module: ServiceModule): void {
    if (module.protocol.kind === 'json') {
      if (!module.jsonTargetPrefix)
        throw new Error(`${module.signingName}: a JSON service needs jsonTargetPrefix`);
      this.byTarget.set(module.jsonTargetPrefix, module);
    } else {
      this.queryModules.push(module);
    }
  }

  route(headers: IncomingHttpHeaders, body: string, scopeService: string | undefined): RouteResult {
    const target = headers['x-amz-target'];
    if (typeof target === 'string') {
      const dot = target.lastIndexOf('.');
      const prefix = dot < 0 ? target : target.slice(0, dot);
      const operation = target.slice(dot + 1);
      const module = this.byTarget.get(prefix);
      return module && operation
        ? { kind: 'ok', route: { module, operation } }
        : { kind: 'unknown', protocol: 'json', name: target };
    }
    const form = parseForm(body);
    const action = form['Action'] ?? '';
    const module =
      this.queryModules.find((m) => scopeService !== undefined && m.signingName === scopeService) ??
      this.queryModules.find((m) => m.queryVersion !== undefined && m.queryVersion === form['Version']);
    return module && action
      ? { kind: 'ok', route: { module, operation: action } }
      : { kind: 'unknown', protocol: 'query', name: action || '(none)' };
  }
}
