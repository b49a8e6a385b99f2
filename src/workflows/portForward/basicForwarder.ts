/**
 * Basic port forwarding, for agents up to 3.0.196.0 (and sessions that are not LocalPortForwarding):
 * the data channel carries ONE connection's bytes as Output payloads, so local connections are served
 * one at a time, as the plugin's basicportforwarding.go does (docs/port-forwarding.md §3):
 * - a connection accepted while another is being forwarded waits (paused, in order) and the user is
 *   told how many wait: a browser opening several connections stalls on this mode;
 * - when the local connection closes, the Flag DisconnectToPort tells the agent to close its
 *   connection to the destination; the agent dials again on the next data, for the next connection;
 * - the agent never says when the destination closed its side, so the local connection stays open
 *   until the local client closes it (a limit of the protocol, not of this code);
 * - output that arrives while no connection is open is dropped, as the plugin drops it.
 * Editor-free.
 */
import type * as net from 'node:net';
import type { Disposable } from '../../shared/events';
import {
  FLAG_CONNECT_TO_PORT_ERROR,
  FLAG_DISCONNECT_TO_PORT,
  flagPayload,
  PAYLOAD_FLAG,
  PAYLOAD_OUTPUT,
  type PortForwardChannel,
  readFlag,
} from './portChannel';
import type { Forwarder, ForwarderEvents } from './forwarder';

/** Bytes per message sent (the plugin reads 1,024 at a time; larger is fine for the agent's reader). */
const DEFAULT_MESSAGE_SIZE = 32_768;

export interface BasicForwarderOptions {
  readonly messageSize?: number;
  readonly events: ForwarderEvents;
}

export function startBasicForwarder(
  server: net.Server,
  channel: PortForwardChannel,
  options: BasicForwarderOptions,
): Forwarder {
  const { events } = options;
  const messageSize = options.messageSize ?? DEFAULT_MESSAGE_SIZE;
  const queue: net.Socket[] = [];
  let active: net.Socket | undefined;
  let closed = false;
  let channelFull = false;
  const subscriptions: Disposable[] = [];

  const send = (data: Buffer): boolean => {
    let ok = true;
    for (let at = 0; at < data.length; at += messageSize)
      ok = channel.send(PAYLOAD_OUTPUT, data.subarray(at, Math.min(data.length, at + messageSize))) && ok;
    return ok;
  };

  const activate = (socket: net.Socket) => {
    active = socket;
    events.connectionsChanged(1);
    socket.on('data', (data: Buffer) => {
      if (!send(data)) {
        channelFull = true;
        socket.pause();
      }
    });
    if (!channelFull) socket.resume();
  };

  const next = () => {
    active = undefined;
    while (queue.length > 0) {
      const socket = queue.shift()!;
      events.waiting(queue.length);
      if (!socket.destroyed) return activate(socket);
    }
    events.connectionsChanged(0);
  };

  subscriptions.push(
    channel.onDrain(() => {
      channelFull = false;
      active?.resume();
    }),
    channel.onPayload(({ payloadType, payload }) => {
      if (payloadType === PAYLOAD_OUTPUT) active?.write(payload);
      else if (payloadType === PAYLOAD_FLAG && readFlag(payload) === FLAG_CONNECT_TO_PORT_ERROR)
        events.connectError();
    }),
  );

  const onConnection = (socket: net.Socket) => {
    if (closed) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.pause();
    // Basic mode has no half-close: the local end closes the forwarded connection.
    socket.on('end', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const index = queue.indexOf(socket);
      if (index >= 0) {
        queue.splice(index, 1);
        events.waiting(queue.length);
      }
      if (socket !== active || closed) return;
      channel.send(PAYLOAD_FLAG, flagPayload(FLAG_DISCONNECT_TO_PORT));
      next();
    });
    if (active) {
      queue.push(socket);
      events.waiting(queue.length);
    } else {
      activate(socket);
    }
  };
  server.on('connection', onConnection);

  return {
    mode: 'basic',
    get connections() {
      return (active ? 1 : 0) + queue.length;
    },
    close() {
      if (closed) return;
      closed = true;
      server.off('connection', onConnection);
      for (const s of subscriptions.splice(0)) s.dispose();
      active?.destroy();
      for (const socket of queue.splice(0)) socket.destroy();
      active = undefined;
    },
  };
}
