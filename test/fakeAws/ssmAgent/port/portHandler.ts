/**
 * The fake agent's Port session (session type "Port"), as amazon-ssm-agent's port plugin behaves
 * (agent/session/plugins/port: port.go, port_mux.go, port_basic.go; docs/port-forwarding.md §3), with
 * REAL TCP connections to servers on loopback:
 * - multiplexed when the session's `type` is LocalPortForwarding, the client's version is at least
 *   1.1.70 and the agent is newer than 3.0.196.0: an smux server (agentSmux.ts) over the Output payloads;
 *   each SYN dials the destination; a failed dial sends the Flag payload ConnectToPortError (3) and FINs
 *   the stream; a stream ends whole when either side ends (the agent's handleDataTransfer closes both);
 * - basic otherwise: one destination connection, dialled at the start; Output payloads are written to
 *   it; the Flag DisconnectToPort (1) closes it and the next Output dials again; when the destination
 *   closes first the agent says nothing to the client and dials again on the next Output;
 * - the Flag TerminateSession (2) ends the session.
 * The agent reads its side in 1,024-byte pieces (StreamDataPayloadSize), so its Output messages are at
 * most that long and cut smux frames anywhere.
 */
import * as net from 'node:net';
import { AgentSmuxServer } from './agentSmux';

export const PAYLOAD_OUTPUT = 1;
export const PAYLOAD_FLAG = 10;
export const FLAG_DISCONNECT_TO_PORT = 1;
export const FLAG_TERMINATE_SESSION = 2;
export const FLAG_CONNECT_TO_PORT_ERROR = 3;

/** What the fake agent's data channel gives a session handler. */
export interface AgentSessionIo {
  /** The client's version from its handshake response (ClientVersion). */
  readonly clientVersion: string;
  /** Sends an output_stream_data message; false when its queue is full (then `onDrain`). */
  sendOutput(payloadType: number, payload: Buffer): boolean | void;
  onDrain?(listener: () => void): void;
  /** Ends the session from the agent's side (channel_closed). */
  end(reason?: string): void;
}

export interface AgentSessionHandler {
  /** An input_stream_data payload from the client, in order. */
  input(payloadType: number, payload: Buffer): void;
  close(): void;
}

export interface PortHandlerOptions {
  /** The agent version the fake reports in its handshake (basic below 3.0.196.0 and at it). */
  readonly agentVersion: string;
  /** Where a destination really is: a container port or a remote host mapped to a loopback server. */
  readonly resolve?: (host: string | undefined, port: number) => { host: string; port: number };
  /** Bytes per Output message (the agent: 1,024). */
  readonly outputChunkSize?: number;
  /** The agent's smux keepalive (DefaultConfig: NOP every 10 s, closed after 30 s of silence); off when absent. */
  readonly keepAlive?: { intervalMs: number; timeoutMs: number };
  /** Every destination connection the handler opened, for the tests' assertions. */
  readonly onDial?: (socket: net.Socket) => void;
}

export interface PortSessionProperties {
  readonly portNumber?: string;
  readonly host?: string;
  readonly type?: string;
}

/** "a.b.c.d" > "w.x.y.z" as the plugin's versionutil compares (same length, numeric parts). */
export function versionGreater(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  if (x.length !== y.length || [...x, ...y].some((n) => !Number.isInteger(n))) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return false;
}

function versionAtLeast(a: string, b: string): boolean {
  return a === b || versionGreater(a, b) || versionGreaterLoose(a, b);
}

/** The agent's versionutil.Compare pads missing parts with zeros ("1.2.0.0" vs "1.1.70"). */
function versionGreaterLoose(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p !== q) return p > q;
  }
  return false;
}

export function usesMultiplexing(
  agentVersion: string,
  clientVersion: string,
  type: string | undefined,
): boolean {
  return (
    type === 'LocalPortForwarding' &&
    versionGreater(agentVersion, '3.0.196.0') &&
    versionAtLeast(clientVersion, '1.1.70')
  );
}

function flag(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
}

export function createPortHandler(
  properties: PortSessionProperties,
  io: AgentSessionIo,
  options: PortHandlerOptions,
): AgentSessionHandler & { readonly mode: 'multiplexed' | 'basic' } {
  const port = Number(properties.portNumber ?? '80');
  const destination = () =>
    options.resolve?.(properties.host, port) ?? { host: properties.host ?? '127.0.0.1', port };
  const chunk = options.outputChunkSize ?? 1024;
  const sockets = new Set<net.Socket>();
  const waitingForDrain = new Set<net.Socket>();
  let closed = false;

  const output = (payloadType: number, bytes: Buffer): boolean => {
    let ok = true;
    for (let at = 0; at < bytes.length; at += chunk)
      ok = io.sendOutput(payloadType, bytes.subarray(at, Math.min(bytes.length, at + chunk))) !== false && ok;
    return ok;
  };
  io.onDrain?.(() => {
    for (const socket of waitingForDrain) socket.resume();
    waitingForDrain.clear();
  });
  const dial = (): net.Socket => {
    const { host, port: p } = destination();
    const socket = net.connect({ host, port: p, allowHalfOpen: false });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    options.onDial?.(socket);
    return socket;
  };
  const pauseUntilDrained = (socket: net.Socket, ok: boolean) => {
    if (!ok && io.onDrain) {
      socket.pause();
      waitingForDrain.add(socket);
    }
  };

  const closeAll = () => {
    if (closed) return;
    closed = true;
    for (const socket of sockets) socket.destroy();
    if (timers) for (const t of timers) clearInterval(t);
  };

  let timers: NodeJS.Timeout[] | undefined;
  const multiplexed = usesMultiplexing(options.agentVersion, io.clientVersion, properties.type);

  if (multiplexed) {
    const streams = new Map<number, net.Socket>();
    let sendOk = true;
    const mux: AgentSmuxServer = new AgentSmuxServer(
      (bytes) => {
        sendOk = output(PAYLOAD_OUTPUT, bytes) && sendOk;
      },
      {
        open(sid) {
          const socket = dial();
          let connected = false;
          let finSent = false;
          const finOnce = () => {
            if (finSent || closed) return;
            finSent = true;
            streams.delete(sid);
            mux.fin(sid);
          };
          streams.set(sid, socket);
          socket.on('connect', () => (connected = true));
          socket.on('data', (data: Buffer) => {
            sendOk = true;
            mux.write(sid, data);
            pauseUntilDrained(socket, sendOk);
          });
          socket.on('error', () => {
            if (!connected && !closed) void output(PAYLOAD_FLAG, flag(FLAG_CONNECT_TO_PORT_ERROR));
          });
          // io.Copy ended on either side: both are closed (handleDataTransfer).
          socket.on('close', finOnce);
        },
        data(sid, data) {
          streams.get(sid)?.write(data);
        },
        fin(sid) {
          const socket = streams.get(sid);
          // The agent's io.Copy(conn, stream) returns on EOF and closes the destination connection
          // once what it had was written.
          socket?.end(() => socket.destroy());
        },
        broken(reason) {
          io.end(`smux: ${reason}`);
          closeAll();
        },
      },
    );
    if (options.keepAlive) {
      const { intervalMs, timeoutMs } = options.keepAlive;
      timers = [
        setInterval(() => mux.nop(), intervalMs),
        setInterval(() => {
          if (!mux.heard) {
            io.end('smux keepalive timeout');
            closeAll();
          }
          mux.heard = false;
        }, timeoutMs),
      ];
    }
    return {
      mode: 'multiplexed',
      input(payloadType, payload) {
        if (closed) return;
        if (payloadType === PAYLOAD_OUTPUT) mux.input(payload);
        else if (payloadType === PAYLOAD_FLAG && payload.readUInt32BE(0) === FLAG_TERMINATE_SESSION) {
          closeAll();
          io.end();
        }
      },
      close: closeAll,
    };
  }

  // Basic: one connection at a time, re-dialled on the next data after a disconnect.
  let current: net.Socket | undefined;
  const connect = () => {
    const socket = dial();
    current = socket;
    socket.on('data', (data: Buffer) => pauseUntilDrained(socket, output(PAYLOAD_OUTPUT, data)));
    socket.on('close', () => {
      if (current === socket) current = undefined;
    });
    socket.on('error', () => undefined);
    return socket;
  };
  connect();
  return {
    mode: 'basic',
    input(payloadType, payload) {
      if (closed) return;
      if (payloadType === PAYLOAD_OUTPUT) {
        (current ?? connect()).write(payload);
      } else if (payloadType === PAYLOAD_FLAG) {
        const value = payload.readUInt32BE(0);
        if (value === FLAG_DISCONNECT_TO_PORT) {
          current?.destroy();
          current = undefined;
        } else if (value === FLAG_TERMINATE_SESSION) {
          closeAll();
          io.end();
        }
      }
    },
    close: closeAll,
  };
}
