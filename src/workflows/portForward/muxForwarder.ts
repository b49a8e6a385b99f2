/**
 * Multiplexed port forwarding (agents newer than 3.0.196.0): every accepted local connection is one
 * smux stream over the data channel's Output payloads, so a browser's parallel connections all work
 * at once (docs/port-forwarding.md §2). Editor-free.
 *
 * Flow control, both ways:
 * - local → agent: a connection is paused while its stream's queue is over budget (SmuxStream.write
 *   false → onDrain), and the smux session stops sending while the data channel's queue is full
 *   (send false → onDrain → pump), so a fast client cannot fill memory;
 * - agent → local: bytes are released to smux once the local socket has taken them; past the smux
 *   receive buffer (4 MiB unreleased) the data channel is paused, which stops acknowledging and so
 *   holds the agent back (smux v1 has no per-stream window: one slow reader slows the session, as in
 *   the agent's own smux).
 * A stream's FIN ends the local connection's writing side and a local end sends FIN; when either side
 * breaks, both are closed. ConnectToPortError (the agent could not reach the destination) is reported.
 */
import type * as net from 'node:net';
import type { Disposable } from '../../shared/events';
import { SmuxClientSession, type SmuxStream } from '../../ssm/smuxSession';
import {
  FLAG_CONNECT_TO_PORT_ERROR,
  PAYLOAD_FLAG,
  PAYLOAD_OUTPUT,
  type PortForwardChannel,
  readFlag,
} from './portChannel';
import type { Forwarder, ForwarderEvents } from './forwarder';

export interface MuxForwarderOptions {
  readonly keepAlive: boolean;
  /** Bytes per data-channel message (smux frames are cut to fit). */
  readonly messageSize?: number;
  readonly events: ForwarderEvents;
}

export function startMuxForwarder(
  server: net.Server,
  channel: PortForwardChannel,
  options: MuxForwarderOptions,
): Forwarder {
  const { events } = options;
  const sockets = new Set<net.Socket>();
  const subscriptions: Disposable[] = [];
  let closed = false;

  const mux = new SmuxClientSession({
    transport: { write: (bytes) => channel.send(PAYLOAD_OUTPUT, bytes) },
    keepAlive: options.keepAlive ? undefined : false,
    ...(options.messageSize ? { writeChunkSize: options.messageSize } : {}),
  });

  subscriptions.push(
    channel.onDrain(() => mux.pump()),
    channel.onPayload(({ payloadType, payload }) => {
      if (payloadType === PAYLOAD_OUTPUT) mux.receive(payload);
      else if (payloadType === PAYLOAD_FLAG && readFlag(payload) === FLAG_CONNECT_TO_PORT_ERROR)
        events.connectError();
    }),
    mux.onReceiveFull((full) => (full ? channel.pause?.() : channel.resume?.())),
    mux.onClose((error) => {
      if (error && !closed) events.failed(error);
    }),
  );

  const onConnection = (socket: net.Socket) => {
    if (closed || mux.isClosed) {
      socket.destroy();
      return;
    }
    let stream: SmuxStream;
    try {
      stream = mux.openStream();
    } catch (error) {
      socket.destroy();
      events.failed(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    events.connectionsChanged(sockets.size);

    socket.on('data', (data: Buffer) => {
      if (!stream.write(data)) socket.pause();
    });
    stream.onDrain(() => socket.resume());
    socket.on('end', () => stream.end());
    stream.onData((data) => {
      // Released once the socket took it, so smux's receive budget follows the slowest consumer.
      socket.write(data, () => stream.release(data.length));
    });
    stream.onEnd(() => socket.end());
    stream.onClose(() => {
      if (!socket.destroyed) socket.end(() => socket.destroy());
    });
    socket.on('error', () => stream.destroy());
    socket.on('close', () => {
      stream.destroy();
      sockets.delete(socket);
      if (!closed) events.connectionsChanged(sockets.size);
    });
  };
  server.on('connection', onConnection);

  return {
    mode: 'multiplexed',
    get connections() {
      return sockets.size;
    },
    close() {
      if (closed) return;
      closed = true;
      server.off('connection', onConnection);
      for (const s of subscriptions.splice(0)) s.dispose();
      mux.close();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}
