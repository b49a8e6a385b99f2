/**
 * Host ports for a local task's portMappings, on 127.0.0.1 only. A port the task definition names
 * as hostPort must be free (else an error before the start: the user asked for it); otherwise the
 * host port is the container port, or the next free one above it, said in a notice
 * (docs/local-run.md §5). Editor-free; "free" is tested by binding, through `isFree`.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { LocalPortMapping } from './localTask';
import type { PlannedContainer } from './localTaskPlan';

export const LOCAL_HOST_IP = '127.0.0.1';
const SEARCH = 100;

export class PortInUseError extends Error {
  constructor(
    readonly container: string,
    readonly port: number,
  ) {
    super(
      `Port ${port} on 127.0.0.1 is already in use, and container ${container} asks for it as its hostPort. Stop what listens on it (or a local task still running), or remove "hostPort" so the next free port is used.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Binds and releases 127.0.0.1:port (TCP; UDP with a datagram socket). */
export function isPortFree(port: number, protocol: 'tcp' | 'udp' = 'tcp'): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, LOCAL_HOST_IP, () => socket.close(() => resolve(true)));
      return;
    }
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOCAL_HOST_IP, () => server.close(() => resolve(true)));
  });
}

export type IsPortFree = (port: number, protocol: 'tcp' | 'udp') => Promise<boolean>;

export interface AllocatedPorts {
  readonly byContainer: ReadonlyMap<string, readonly LocalPortMapping[]>;
  /** "Container web: port 8080 is in use; published on 127.0.0.1:8081 instead." */
  readonly notices: readonly string[];
}

export async function allocateHostPorts(
  containers: readonly PlannedContainer[],
  isFree: IsPortFree = isPortFree,
): Promise<AllocatedPorts> {
  const taken = new Set<string>();
  const byContainer = new Map<string, LocalPortMapping[]>();
  const notices: string[] = [];
  for (const c of containers) {
    const mappings: LocalPortMapping[] = [];
    for (const p of c.ports) {
      const key = (port: number) => `${p.protocol}/${port}`;
      if (taken.has(key(p.containerPort))) continue; // the same port twice in one namespace: once
      if (p.requestedHostPort !== undefined && p.requestedHostPort !== 0) {
        if (!(await isFree(p.requestedHostPort, p.protocol)))
          throw new PortInUseError(c.name, p.requestedHostPort);
        taken.add(key(p.requestedHostPort));
        mappings.push({
          containerPort: p.containerPort,
          hostPort: p.requestedHostPort,
          protocol: p.protocol,
          hostIp: LOCAL_HOST_IP,
        });
        continue;
      }
      let hostPort: number | undefined;
      for (
        let candidate = p.containerPort;
        candidate < p.containerPort + SEARCH && candidate <= 65535;
        candidate++
      ) {
        if (!taken.has(key(candidate)) && (await isFree(candidate, p.protocol))) {
          hostPort = candidate;
          break;
        }
      }
      if (hostPort === undefined) {
        throw new Error(
          `Container ${c.name}: no free port on 127.0.0.1 from ${p.containerPort} to ${p.containerPort + SEARCH - 1} for containerPort ${p.containerPort}.`,
        );
      }
      if (hostPort !== p.containerPort) {
        notices.push(
          `Container ${c.name}: port ${p.containerPort} on 127.0.0.1 is in use; containerPort ${p.containerPort} is published on 127.0.0.1:${hostPort} instead.`,
        );
      }
      taken.add(key(hostPort));
      mappings.push({
        containerPort: p.containerPort,
        hostPort,
        protocol: p.protocol,
        hostIp: LOCAL_HOST_IP,
      });
    }
    byContainer.set(c.name, mappings);
  }
  return { byContainer, notices };
}
