import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describeAwsError } from '../../../src/aws/awsErrors';
import { createAwsClientFactory } from '../../../src/aws/clientFactory';
import { emptySharedConfig } from '../../../src/aws/sharedConfig';
import { createHttpHandler, loadCaBundle, proxyForUrl } from '../../../src/aws/httpHandler';
import { requireOrSkip } from '../../support/ci';
import { recordingLogger, removeDir, tempDir } from './support/localAws';

describe('httpHandler', () => {
  describe('proxyForUrl (proxy-from-env rules, injected environment)', () => {
    it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lower case first', () => {
      const env = {
        HTTPS_PROXY: 'http://upper:1',
        https_proxy: 'http://lower:2',
        HTTP_PROXY: 'http://plain:3',
      };
      assert.equal(proxyForUrl('https://ecs.eu-west-1.amazonaws.com', env), 'http://lower:2');
      assert.equal(proxyForUrl('http://localhost:4566', env), 'http://plain:3');
      assert.equal(proxyForUrl('https://x', { HTTPS_PROXY: 'http://upper:1' }), 'http://upper:1');
    });

    it('falls back to ALL_PROXY and adds the scheme of the request when the proxy has none', () => {
      assert.equal(proxyForUrl('https://x', { ALL_PROXY: 'corp:3128' }), 'https://corp:3128');
    });

    it('returns nothing without proxy variables', () => {
      assert.equal(proxyForUrl('https://ecs.us-east-1.amazonaws.com', {}), undefined);
    });

    it('honours NO_PROXY host names, suffixes, wildcards, ports and "*"', () => {
      const proxy = { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1' };
      const noProxy = (value: string, url: string) => proxyForUrl(url, { ...proxy, NO_PROXY: value });
      assert.equal(noProxy('localhost,127.0.0.1', 'http://127.0.0.1:4566'), undefined);
      assert.equal(noProxy('localhost,127.0.0.1', 'https://ecs.us-east-1.amazonaws.com'), 'http://p:1');
      assert.equal(noProxy('.amazonaws.com', 'https://ecs.us-east-1.amazonaws.com'), undefined);
      assert.equal(noProxy('*.amazonaws.com', 'https://sts.amazonaws.com'), undefined);
      assert.equal(noProxy('amazonaws.com', 'https://ecs.us-east-1.amazonaws.com'), 'http://p:1');
      assert.equal(noProxy('localhost:4566', 'http://localhost:4566'), undefined);
      assert.equal(noProxy('localhost:4566', 'http://localhost:4567'), 'http://p:1');
      assert.equal(noProxy('*', 'https://anything.example'), undefined);
      assert.equal(proxyForUrl('http://127.0.0.1:1', { ...proxy, no_proxy: '127.0.0.1' }), undefined);
    });
  });

  it('is a plain NodeHttpHandler when neither AWS_CA_BUNDLE nor a proxy is set', () => {
    const logger = recordingLogger();
    assert.ok(createHttpHandler({ env: {}, logger }) instanceof NodeHttpHandler);
    assert.ok(
      !(createHttpHandler({ env: { HTTPS_PROXY: 'http://p:1' }, logger }) instanceof NodeHttpHandler),
    );
    assert.ok(!(createHttpHandler({ env: { AWS_CA_BUNDLE: '/x.pem' }, logger }) instanceof NodeHttpHandler));
  });

  it("keeps the connection when the request is given an agent without keep-alive (VS Code's http patch)", async () => {
    // What @vscode/proxy-agent does in the extension host: a fresh agent per request, keepAlive off,
    // that hands the request to the keep-alive agent underneath. Node decides keep-alive from the
    // request's own agent, so without an explicit header every call opens a new connection.
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ port: req.socket.remotePort, connection: req.headers.connection }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const pool = new http.Agent({ keepAlive: true, maxSockets: 50 });
    class PerRequestAgent extends http.Agent {
      addRequest(...args: unknown[]): void {
        (pool as unknown as { addRequest(...a: unknown[]): void }).addRequest(...args);
      }
    }
    const handler = createHttpHandler({ env: {}, logger: recordingLogger() }) as NodeHttpHandler;
    // Each request goes out on an agent of its own, as under VS Code's patch.
    const send = async (perRequestAgent = true) => {
      if (perRequestAgent) handler.updateHttpClientConfig('httpAgent', new PerRequestAgent());
      const request = {
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        method: 'GET',
        path: '/',
        headers: {},
      };
      const { response } = await handler.handle(
        request as unknown as Parameters<NodeHttpHandler['handle']>[0],
      );
      const chunks: Buffer[] = [];
      for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
      return JSON.parse(Buffer.concat(chunks).toString()) as { port: number; connection: string };
    };
    try {
      await send(false); // the handler's own agent first: smithy loads node:http on that path
      const first = await send();
      const second = await send();
      assert.equal(first.connection, 'keep-alive');
      assert.equal(second.port, first.port, "the second request reused the first one's connection");
    } finally {
      pool.destroy();
      handler.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('loadCaBundle adds the bundle to the default CAs, and warns (path only) when it cannot be read', async () => {
    const logger = recordingLogger();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const ca = await loadCaBundle({
      env: { AWS_CA_BUNDLE: '/ca.pem' },
      logger,
      readFile: () => Promise.resolve(pem),
    });
    assert.equal(ca?.length, tls.rootCertificates.length + 1);
    assert.equal(ca?.at(-1), pem);

    const missing = await loadCaBundle({
      env: { AWS_CA_BUNDLE: '/nope.pem' },
      logger,
      readFile: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
    });
    assert.equal(missing, undefined);
    assert.ok(
      logger.lines.some((l) => l.startsWith('warn') && l.includes('/nope.pem') && l.includes('ENOENT')),
    );
    assert.equal(await loadCaBundle({ env: {}, logger }), undefined);
  });

  describe('against a local HTTPS server with a private CA', function () {
    this.timeout(20000);
    let dir: string;
    let caFile: string;
    let server: https.Server;
    let serverUrl: string;
    let proxy: net.Server;
    let proxyUrl: string;
    const tunnels: string[] = [];
    const serverHits: string[] = [];

    before(async function () {
      dir = await tempDir();
      const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      try {
        run('version');
      } catch {
        // The private CA is made with openssl (Debian package openssl; .ci/run installs it).
        requireOrSkip(this, 'openssl not found on PATH: the TLS and proxy checks need it for a private CA');
      }
      run(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '2',
        '-subj',
        '/CN=ECS Fargate Test CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      );
      run(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=localhost',
      );
      await fs.writeFile(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
      run(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        '-days',
        '2',
        '-extfile',
        'san.ext',
      );
      caFile = path.join(dir, 'ca.pem');

      server = https.createServer(
        {
          key: await fs.readFile(path.join(dir, 'server.key')),
          cert: await fs.readFile(path.join(dir, 'server.pem')),
        },
        (req, res) => {
          serverHits.push(String(req.headers['x-amz-target']));
          req.resume();
          req.on('end', () => {
            res.setHeader('content-type', 'application/x-amz-json-1.1');
            res.end(JSON.stringify({ clusterArns: ['arn:aws:ecs:eu-west-1:123456789012:cluster/tls'] }));
          });
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      serverUrl = `https://localhost:${(server.address() as AddressInfo).port}`;

      // A minimal CONNECT proxy that records each tunnel's target.
      proxy = http.createServer();
      proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        tunnels.push(req.url ?? '');
        const [host, port] = (req.url ?? '').split(':');
        const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });

    after(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      if (proxy) {
        (proxy as http.Server).closeAllConnections();
        await new Promise((resolve) => proxy.close(resolve));
      }
      if (dir) await removeDir(dir);
    });

    beforeEach(() => {
      tunnels.length = 0;
      serverHits.length = 0;
    });

    async function listClusters(env: Record<string, string>) {
      const factory = createAwsClientFactory({
        connection: { profile: 'environment', profileKind: 'environment', region: 'eu-west-1' },
        credentials: () => Promise.resolve({ accessKeyId: 'AKIDTLS', secretAccessKey: 'secret' }),
        env: { AWS_ENDPOINT_URL_ECS: serverUrl, ...env },
        files: emptySharedConfig({ configFile: '/none', credentialsFile: '/none' }),
        logger: recordingLogger(),
        maxAttempts: 1,
      });
      try {
        return await factory.ecs().send(new ListClustersCommand({}));
      } finally {
        factory.destroy();
      }
    }

    it('trusts the server only when AWS_CA_BUNDLE names its CA', async () => {
      const ok = await listClusters({ AWS_CA_BUNDLE: caFile });
      assert.deepEqual(ok.clusterArns, ['arn:aws:ecs:eu-west-1:123456789012:cluster/tls']);

      const error = await listClusters({}).then(
        () => assert.fail('an untrusted certificate was accepted'),
        (e: unknown) => e,
      );
      const problem = describeAwsError(error, { step: 'Listing clusters' });
      assert.equal(problem.kind, 'network');
      assert.match(problem.message, /AWS_CA_BUNDLE/);
    });

    it('tunnels through HTTPS_PROXY (keeping the CA bundle for the target) unless NO_PROXY matches', async () => {
      const viaProxy = await listClusters({ AWS_CA_BUNDLE: caFile, HTTPS_PROXY: proxyUrl });
      assert.equal(viaProxy.clusterArns?.length, 1);
      assert.equal(tunnels.length, 1);
      assert.match(tunnels[0] ?? '', /^localhost:\d+$/);

      tunnels.length = 0;
      await listClusters({ AWS_CA_BUNDLE: caFile, HTTPS_PROXY: proxyUrl, NO_PROXY: 'localhost' });
      assert.deepEqual(tunnels, []);
      assert.equal(serverHits.length, 2);
    });
  });
});
