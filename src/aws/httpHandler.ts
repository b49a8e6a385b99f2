/**
 * The HTTP handler every AWS client (and the SDK's inner STS/SSO clients) uses: Node's http/https
 * with keep-alive, plus the two conventions the SDK for JavaScript does not implement itself:
 * - AWS_CA_BUNDLE: a PEM file whose certificates are trusted IN ADDITION to Node's default CAs
 *   (corporate TLS-inspecting proxies);
 * - HTTPS_PROXY / HTTP_PROXY / ALL_PROXY with NO_PROXY, chosen per request from the target URL.
 *
 * Proxy selection follows the `proxy-from-env` package's rules (lower-case variable first, then
 * upper-case; NO_PROXY entries are host names, `.suffix`/`*.suffix` patterns, optional `:port`, or `*`),
 * but reads the injected environment instead of process.env so that it is testable and a test
 * machine's own proxy settings cannot leak into tests.
 * Requests through a proxy are tunnelled with CONNECT (https-proxy-agent), also for http:// targets.
 * Every request asks for keep-alive itself (`Connection: keep-alive`): inside VS Code's extension
 * host the agent is replaced per request, and without the header every call would open (and, for
 * https, handshake) a new connection (docs/performance.md §3). A request's abort signal may come
 * on the request itself (requestAbort.ts) instead of the handler options.
 */
import type * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { promises as fsPromises } from 'node:fs';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { abortSignalOf } from './requestAbort';
import { sdk } from './sdkModules';
import type { Logger } from '../shared/logger';
import type { Env } from './sharedConfig';

/** The parts of the SDK's HttpHandler contract that clients use. */
export type AwsRequestHandler = Pick<
  NodeHttpHandler,
  'handle' | 'destroy' | 'updateHttpClientConfig' | 'httpHandlerConfigs' | 'metadata'
>;

type HandleArgs = Parameters<NodeHttpHandler['handle']>;
type UpdateArgs = Parameters<NodeHttpHandler['updateHttpClientConfig']>;

/** Abandon a connection attempt after this long (the SDK default is no limit, which hangs the explorer). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

function envValue(env: Env, name: string): string {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || '';
}

/** True when a host:port must NOT go through the proxy (NO_PROXY), with proxy-from-env's rules. */
function bypassesProxy(hostname: string, port: number, env: Env): boolean {
  const noProxy = envValue(env, 'no_proxy').toLowerCase();
  if (!noProxy) return false;
  if (noProxy === '*') return true;
  return noProxy.split(/[,\s]/).some((entry) => {
    if (!entry) return false;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    const entryHost = withPort ? (withPort[1] ?? '') : entry;
    const entryPort = withPort ? Number.parseInt(withPort[2] ?? '', 10) : 0;
    if (entryPort && entryPort !== port) return false;
    if (!/^[.*]/.test(entryHost)) return hostname === entryHost;
    const suffix = entryHost.startsWith('*') ? entryHost.slice(1) : entryHost;
    return hostname.endsWith(suffix);
  });
}

/** The proxy URL to use for a request URL, or undefined to connect directly. */
export function proxyForUrl(url: string, env: Env): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  // Keep the brackets of IPv6 literals, as proxy-from-env does.
  const hostname = parsed.host.replace(/:\d*$/, '').toLowerCase();
  if (!hostname) return undefined;
  const port = Number.parseInt(parsed.port, 10) || DEFAULT_PORTS[protocol] || 0;
  if (bypassesProxy(hostname, port, env)) return undefined;
  let proxy = envValue(env, `${protocol}_proxy`) || envValue(env, 'all_proxy');
  if (!proxy) return undefined;
  if (!proxy.includes('://')) proxy = `${protocol}://${proxy}`;
  return proxy;
}

function anyProxyConfigured(env: Env): boolean {
  return ['https_proxy', 'http_proxy', 'all_proxy'].some((name) => envValue(env, name) !== '');
}

export interface HttpHandlerOptions {
  readonly env: Env;
  readonly logger: Logger;
  /** Injected for tests; defaults to fs.promises.readFile(…, 'utf8'). */
  readonly readFile?: (filePath: string) => Promise<string>;
  readonly connectionTimeoutMs?: number;
}

/**
 * Reads AWS_CA_BUNDLE (if set) and returns the CA list to trust: Node's defaults plus the bundle.
 * Undefined when the variable is unset or the file cannot be read (reported as a warning).
 */
export async function loadCaBundle(options: HttpHandlerOptions): Promise<string[] | undefined> {
  const bundlePath = options.env.AWS_CA_BUNDLE;
  if (!bundlePath) return undefined;
  const readFile = options.readFile ?? ((p: string) => fsPromises.readFile(p, 'utf8'));
  try {
    const pem = await readFile(bundlePath);
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      options.logger.warn(`AWS_CA_BUNDLE does not contain any PEM certificate; ignored: ${bundlePath}`);
      return undefined;
    }
    return [...tls.rootCertificates, pem];
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    options.logger.warn(
      `Could not read AWS_CA_BUNDLE; using the default certificate authorities: ${bundlePath} (${typeof code === 'string' ? code : 'error'})`,
    );
    return undefined;
  }
}

/** Describes a proxy URL for logs without its user name or password. */
function proxyLabel(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unparseable proxy URL)';
  }
}

/**
 * HttpsProxyAgent applies its `ca` option only to the connection to the proxy (it resets the agent's
 * request options), so the TLS session with the target, tunnelled through CONNECT, would not trust the
 * bundle. This subclass adds the CA list to each secure target connection.
 * https-proxy-agent is an ES module; the dynamic import keeps this CommonJS module loadable.
 */
async function trustingProxyAgentClass() {
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  type ConnectOptions = Parameters<InstanceType<typeof HttpsProxyAgent<string>>['connect']>[1];
  return class TrustingProxyAgent extends HttpsProxyAgent<string> {
    constructor(
      proxy: string,
      options: ConstructorParameters<typeof HttpsProxyAgent<string>>[1],
      private readonly trusted: string[] | undefined,
    ) {
      super(proxy, options);
    }

    override connect(request: http.ClientRequest, options: ConnectOptions): Promise<net.Socket> {
      const trusted = this.trusted;
      return super.connect(
        request,
        trusted && options.secureEndpoint ? { ...options, ca: trusted } : options,
      );
    }
  };
}

/** A Connection header of any case, as Node would send it. */
function hasConnectionHeader(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'connection');
}

/**
 * Asks for keep-alive on the request itself. VS Code's extension host patches http(s).request
 * (@vscode/proxy-agent, `http.proxySupport` "override", the default): each request gets a fresh
 * agent without keep-alive that hands the socket to ours (or to Node's global agent), and Node then
 * sends `Connection: close` because it decides keep-alive from the agent the request was given. An
 * explicit header makes Node keep the socket, and the agent underneath pools it. Outside VS Code
 * it is what Node sends anyway. Unsigned: SigV4 never signs `connection`, and this runs after signing.
 */
export function requestKeepAlive(request: HandleArgs[0]): void {
  if (!hasConnectionHeader(request.headers)) request.headers.connection = 'keep-alive';
}

type NodeHttpHandlerClass = ReturnType<typeof sdk.nodeHttpHandler>['NodeHttpHandler'];
let keepAliveClass: NodeHttpHandlerClass | undefined;

/** NodeHttpHandler that asks for keep-alive on every request (still a NodeHttpHandler). */
function keepAliveNodeHttpHandler(): NodeHttpHandlerClass {
  keepAliveClass ??= class KeepAliveNodeHttpHandler extends sdk.nodeHttpHandler().NodeHttpHandler {
    override handle(...args: HandleArgs): ReturnType<NodeHttpHandler['handle']> {
      const [request, options] = args;
      requestKeepAlive(request);
      // Clients resolve their middleware once, without per-call options: the call's signal comes on the request.
      const abortSignal = options?.abortSignal ?? abortSignalOf(request);
      return super.handle(request, abortSignal ? { ...options, abortSignal } : options);
    }
  };
  return keepAliveClass;
}

/**
 * Chooses, per request, between a direct handler and one handler per proxy URL. Each underlying
 * handler is a NodeHttpHandler whose agents trust the CA bundle.
 */
class RoutingHttpHandler implements AwsRequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly handlers = new Map<string, NodeHttpHandler>();
  /** origin → proxy URL (undefined: direct). A client talks to a handful of origins. */
  private readonly proxies = new Map<string, string | undefined>();
  private readonly updates: UpdateArgs[] = [];
  private ca: Promise<string[] | undefined> | undefined;

  constructor(private readonly options: HttpHandlerOptions) {}

  handle(...args: HandleArgs): ReturnType<NodeHttpHandler['handle']> {
    const [request] = args;
    const port = request.port ? `:${request.port}` : '';
    return this.handlerFor(this.proxyFor(`${request.protocol}//${request.hostname}${port}`)).handle(...args);
  }

  /** The environment is fixed for the handler's life, so each origin's choice is made once. */
  private proxyFor(origin: string): string | undefined {
    if (!this.proxies.has(origin)) this.proxies.set(origin, proxyForUrl(origin, this.options.env));
    return this.proxies.get(origin);
  }

  destroy(): void {
    for (const handler of this.handlers.values()) handler.destroy();
    this.handlers.clear();
  }

  updateHttpClientConfig(...args: UpdateArgs): void {
    this.updates.push(args);
    for (const handler of this.handlers.values()) handler.updateHttpClientConfig(...args);
  }

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.handlers.get('')?.httpHandlerConfigs() ?? {};
  }

  private caBundle(): Promise<string[] | undefined> {
    this.ca ??= loadCaBundle(this.options);
    return this.ca;
  }

  private handlerFor(proxy: string | undefined): NodeHttpHandler {
    const key = proxy ?? '';
    let handler = this.handlers.get(key);
    if (!handler) {
      const connectionTimeout = this.options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
      handler = new (keepAliveNodeHttpHandler())(async () => {
        const ca = await this.caBundle();
        if (proxy === undefined) {
          return {
            connectionTimeout,
            ...(ca ? { httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 50, ca }) } : {}),
          };
        }
        this.options.logger.info(`Connecting to AWS through the proxy ${proxyLabel(proxy)}`);
        const ProxyAgent = await trustingProxyAgentClass();
        const agentOptions = { keepAlive: true, maxSockets: 50, ...(ca ? { ca } : {}) };
        return {
          connectionTimeout,
          httpsAgent: new ProxyAgent(proxy, agentOptions, ca),
          httpAgent: new ProxyAgent(proxy, agentOptions, ca),
        };
      });
      for (const update of this.updates) handler.updateHttpClientConfig(...update);
      this.handlers.set(key, handler);
    }
    return handler;
  }
}

/**
 * The request handler for AWS clients (keep-alive asked on every request): a NodeHttpHandler (with a connection timeout) when
 * neither AWS_CA_BUNDLE nor a proxy variable is set, otherwise one that adds the CA bundle and
 * routes each request directly or through the proxy.
 */
export function createHttpHandler(options: HttpHandlerOptions): AwsRequestHandler {
  const connectionTimeout = options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
  if (!options.env.AWS_CA_BUNDLE && !anyProxyConfigured(options.env)) {
    return new (keepAliveNodeHttpHandler())({ connectionTimeout });
  }
  return new RoutingHttpHandler(options);
}
