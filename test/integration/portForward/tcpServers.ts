/** Real TCP servers on loopback for the port-forwarding tests and benchmark, and clients that check bytes. */
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';

export interface Listening {
  readonly port: number;
  readonly connections: Set<net.Socket>;
  close(): Promise<void>;
}

function track(server: net.Server): Set<net.Socket> {
  const connections = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  return connections;
}

async function listen(server: net.Server): Promise<Listening> {
  const connections = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server answering `hello from <path>` (and a body as big as ?size=N). */
export function httpServer(): Promise<Listening> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const size = Number(url.searchParams.get('size') ?? '0');
    const body = size > 0 ? Buffer.alloc(size, 'x') : Buffer.from(`hello from ${url.pathname}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
    res.end(body);
  });
  return listen(server);
}

/** Echoes every byte back. */
export function echoServer(): Promise<Listening> {
  return listen(net.createServer((socket) => socket.pipe(socket)));
}

/**
 * Sends `bytes` random bytes as soon as a client connects and hashes what it receives; the digests
 * of what it sent and received are kept per connection.
 */
export function exchangeServer(
  bytes: number,
): Promise<
  Listening & { results: Array<Promise<{ sent: string; received: string; receivedBytes: number }>> }
> {
  const results: Array<Promise<{ sent: string; received: string; receivedBytes: number }>> = [];
  const server = net.createServer((socket) => {
    const data = randomBytes(bytes);
    const sent = createHash('sha256').update(data).digest('hex');
    const hash = createHash('sha256');
    let receivedBytes = 0;
    results.push(
      new Promise((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          receivedBytes += chunk.length;
          if (receivedBytes >= bytes) {
            resolve({ sent, received: hash.digest('hex'), receivedBytes });
            socket.end();
          }
        });
      }),
    );
    socket.on('error', () => undefined);
    socket.write(data);
  });
  return listen(server).then((l) => ({ ...l, results }));
}

/** Connects, sends `bytes` random bytes, reads `expect` bytes back; digests of both. */
export function exchange(
  port: number,
  bytes: number,
  expect: number,
): Promise<{ sent: string; received: string; receivedBytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const data = randomBytes(bytes);
    const sent = createHash('sha256').update(data).digest('hex');
    const hash = createHash('sha256');
    let receivedBytes = 0;
    socket.on('connect', () => socket.write(data));
    socket.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      receivedBytes += chunk.length;
      if (receivedBytes >= expect) {
        socket.end();
        resolve({ sent, received: hash.digest('hex'), receivedBytes });
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (receivedBytes < expect)
        reject(new Error(`connection closed after ${receivedBytes} of ${expect} bytes`));
    });
  });
}

/** GET over a fresh connection (no keep-alive). */
export function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Resolves when a connection to the port is refused (the listener is gone). */
export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** The addresses the port listens on, from /proc/net/tcp (Linux); undefined elsewhere. */
export async function listeningAddresses(port: number): Promise<string[] | undefined> {
  const fs = await import('node:fs/promises');
  const read = async (file: string) => (await fs.readFile(file, 'utf8').catch(() => '')).split('\n').slice(1);
  const v4 = await read('/proc/net/tcp');
  const v6 = await read('/proc/net/tcp6');
  if (v4.length === 0 && v6.length === 0) return undefined;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const line of [...v4, ...v6]) {
    const parts = line.trim().split(/\s+/);
    const [address, portHex] = (parts[1] ?? '').split(':');
    // state 0A: LISTEN
    if (portHex === hexPort && parts[3] === '0A' && address) {
      out.push(
        address.length === 8
          ? [3, 2, 1, 0].map((i) => parseInt(address.slice(i * 2, i * 2 + 2), 16)).join('.')
          : `ipv6:${address}`,
      );
    }
  }
  return out;
}
