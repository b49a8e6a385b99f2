/**
 * A data channel in memory between the product's port forwarder and the fake agent's Port handler:
 * ordered payloads both ways, delivered on a later turn of the event loop, and a window of messages
 * "in flight" (send() false past it, drain when the agent took them), so the smux codecs of both
 * sides and the TCP plumbing are tested without the WebSocket layer (dataChannel.ts is tested on
 * its own, and end to end in portForward.test.ts).
 */
import { Emitter } from '../../../src/shared/events';
import type { ChannelPayload, PortForwardChannel } from '../../../src/workflows/portForward/portChannel';
import {
  type AgentSessionHandler,
  type AgentSessionIo,
  createPortHandler,
  type PortHandlerOptions,
  type PortSessionProperties,
} from '../../fakeAws/ssmAgent/port/portHandler';

export interface MemorySession {
  readonly client: PortForwardChannel;
  readonly agent: AgentSessionHandler & { readonly mode: 'multiplexed' | 'basic' };
  /** The agent ends the session (channel_closed). */
  agentCloses(reason?: string): void;
  readonly sentByClient: ChannelPayload[];
}

export function memorySession(
  properties: PortSessionProperties,
  options: PortHandlerOptions & { clientVersion?: string; window?: number; record?: boolean },
): MemorySession {
  const window = options.window ?? 64;
  const payloads = new Emitter<ChannelPayload>();
  const drain = new Emitter<void>();
  const closed = new Emitter<Error | undefined>();
  const agentDrain: Array<() => void> = [];
  const sentByClient: ChannelPayload[] = [];
  let inFlight = 0;
  let ended = false;
  let toClientInFlight = 0;

  const end = (error: Error | undefined) => {
    if (ended) return;
    ended = true;
    agent.close();
    setImmediate(() => closed.fire(error));
  };

  const io: AgentSessionIo = {
    clientVersion: options.clientVersion ?? '1.2.650.0',
    sendOutput(payloadType, payload) {
      if (ended) return false;
      const copy = Buffer.from(payload);
      toClientInFlight++;
      setImmediate(() => {
        toClientInFlight--;
        if (!ended) payloads.fire({ payloadType, payload: copy });
        if (toClientInFlight === 0) for (const f of agentDrain) f();
      });
      return toClientInFlight < window;
    },
    onDrain: (listener) => void agentDrain.push(listener),
    end: (reason) => end(reason ? new Error(`The agent closed the session: ${reason}`) : undefined),
  };
  const agent = createPortHandler(properties, io, options);

  const client: PortForwardChannel = {
    agentVersion: options.agentVersion,
    portSessionType: properties.type,
    send(payloadType, payload) {
      if (ended) return false;
      const copy = Buffer.from(payload);
      if (options.record) sentByClient.push({ payloadType, payload: copy });
      inFlight++;
      setImmediate(() => {
        inFlight--;
        if (!ended) agent.input(payloadType, copy);
        if (inFlight === 0) drain.fire();
      });
      return inFlight < window;
    },
    onDrain: drain.event,
    onPayload: payloads.event,
    onClosed: closed.event,
    close: () => end(undefined),
  };
  return { client, agent, agentCloses: (reason) => io.end(reason), sentByClient };
}
