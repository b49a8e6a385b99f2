/**
 * The local end of a port forward: a TCP server on 127.0.0.1 only, never on all interfaces (a forward
 * into a task must not be reachable from the user's network). Editor-free.
 *
 * With a port given, that port or a clear error; without one, the preferred port (the container's;
 * 8000 above it when it is below 1024, so 80 → 8080 and 443 → 8443 need no privileges) when it is
 * free, else the next free one above it, else any free port the system picks.
 */
import type * as net from 'node:net';

export const LOOPBACK = '127.0.0.1';
/** How many ports above the preferred one are tried before the system picks one. */
const NEXT_FREE_TRIES = 20;

export class LocalPortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalPortError';
  }
}

function listenOnce(server: net.Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: LOOPBACK, port, exclusive: true });
  });
}

export interface LocalListenOptions {
  /** The port the user asked for: only that one. */
  readonly port?: number;
  /** Without `port`: tried first, then the ones above it. */
  readonly preferredPort?: number;
}

/** A listening server on 127.0.0.1 (connections are handled by the caller's 'connection' listener). */
export async function listenOnLoopback(server: net.Server, options: LocalListenOptions): Promise<number> {
  if (options.port !== undefined) {
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)
      throw new LocalPortError(`The local port must be a number from 1 to 65535: ${options.port}`);
    if (await listenOnce(server, options.port)) return boundPort(server);
    throw new LocalPortError(
      `Local port ${options.port} on ${LOOPBACK} is in use (or needs privileges). Choose another port, or leave it empty for the next free one: ${options.port}`,
    );
  }
  const wanted = options.preferredPort;
  const preferred = wanted !== undefined && wanted < 1024 ? wanted + 8000 : wanted;
  if (preferred !== undefined && preferred >= 1 && preferred <= 65535) {
    for (let port = preferred; port < Math.min(preferred + NEXT_FREE_TRIES, 65536); port++)
      if (await listenOnce(server, port)) return boundPort(server);
  }
  if (await listenOnce(server, 0)) return boundPort(server);
  throw new LocalPortError(`No free local port on ${LOOPBACK}.`);
}

function boundPort(server: net.Server): number {
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new LocalPortError('The local listener has no TCP address.');
  return address.port;
}
