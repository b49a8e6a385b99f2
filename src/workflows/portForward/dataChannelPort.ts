/**
 * The data channel (src/ssm/dataChannel.ts) as a port channel: input cut into messages of
 * `messageSize` bytes (the agent reads and writes 1,024-byte pieces, sizes its buffers for them, and
 * other clients report larger messages unstable: docs/port-forwarding.md §4), a full/drain signal from
 * the messages not yet on the wire (they wait while the window of unacknowledged messages is full),
 * and the end of the session. Editor-free.
 */
import type { SsmSession } from '../../aws/ssmGateway';
import { Emitter } from '../../shared/events';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import { type DataChannel, openDataChannel, type OpenDataChannelOptions } from '../../ssm/dataChannel';
import type { ChannelPayload, PortForwardChannel } from './portChannel';

export const DEFAULT_MESSAGE_SIZE = 1024;
/** Bytes handed to the channel and not yet sent before send() says to wait. */
const HIGH_WATER_BYTES = 256 * 1024;
/**
 * Messages sent and not yet acknowledged before send() says to wait: our ack window. The channel's
 * own window (10,000, the plugin's) is far more than a link of ~1 MB/s drains within the 1 s
 * retransmission ceiling, so a sender that fills it makes the agent's acknowledgements late and
 * everything is sent again (docs/port-forwarding.md §4).
 */
const MAX_UNACKNOWLEDGED = 256;
/** How often a full window is looked at again (the channel has no acknowledgement event). */
const WINDOW_CHECK_MS = 2;

export interface PortChannelOptions {
  readonly messageSize?: number;
  readonly highWaterBytes?: number;
  readonly maxUnacknowledged?: number;
}

export function portChannelFrom(channel: DataChannel, options: PortChannelOptions = {}): PortForwardChannel {
  const messageSize = Math.max(1, options.messageSize ?? DEFAULT_MESSAGE_SIZE);
  const highWater = options.highWaterBytes ?? HIGH_WATER_BYTES;
  const maxUnacknowledged = options.maxUnacknowledged ?? MAX_UNACKNOWLEDGED;
  const drain = new Emitter<void>();
  const payloads = new Emitter<ChannelPayload>();
  const closedEmitter = new Emitter<Error | undefined>();
  let queued = 0;
  let wantsDrain = false;
  let windowTimer: NodeJS.Timeout | undefined;
  const windowFull = () => channel.stats().unacknowledged >= maxUnacknowledged;
  const maybeDrain = () => {
    if (!wantsDrain || queued > highWater / 2 || windowFull()) return;
    wantsDrain = false;
    if (windowTimer) clearInterval(windowTimer);
    windowTimer = undefined;
    drain.fire();
  };

  channel.onOutput((event) => payloads.fire({ payloadType: event.payloadType, payload: event.data }));
  void channel.closed.then((closure) => {
    if (windowTimer) clearInterval(windowTimer);
    closedEmitter.fire(closure.reason === 'clientClosed' ? undefined : new Error(closure.message));
    drain.dispose();
    payloads.dispose();
    closedEmitter.dispose();
  });

  const properties = channel.sessionProperties as { type?: unknown } | undefined;
  return {
    agentVersion: channel.agentVersion,
    portSessionType: typeof properties?.type === 'string' ? properties.type : undefined,
    send(payloadType, payload) {
      if (channel.isClosed) return false;
      for (let at = 0; at < payload.length || at === 0; at += messageSize) {
        const part = payload.subarray(at, Math.min(payload.length, at + messageSize));
        queued += part.length;
        channel.send(payloadType, part).then(
          () => {
            queued -= part.length;
            maybeDrain();
          },
          // A send rejects only once the channel closed; onClosed tells the forwarder.
          () => undefined,
        );
        if (payload.length === 0) break;
      }
      if (queued < highWater && !windowFull()) return true;
      wantsDrain = true;
      // Acknowledgements have no event: look again shortly while the window is full.
      windowTimer ??= setInterval(maybeDrain, WINDOW_CHECK_MS);
      return false;
    },
    onDrain: drain.event,
    onPayload: payloads.event,
    onClosed: closedEmitter.event,
    close: () => channel.close(),
  };
}

export interface OpenPortChannelOptions extends PortChannelOptions {
  readonly logger: Logger;
  readonly redactor?: Pick<Redactor, 'registerSecret'>;
  /** KMS for clusters that encrypt sessions (the agent asks for it in the handshake). */
  readonly kms?: OpenDataChannelOptions['kms'];
  readonly webSocketFactory?: OpenDataChannelOptions['webSocketFactory'];
}

/** Opens a port session's data channel (token, handshake) and wraps it. */
export async function openPortChannel(
  session: SsmSession,
  signal: AbortSignal,
  target: string,
  options: OpenPortChannelOptions,
): Promise<PortForwardChannel> {
  const channel = await openDataChannel({
    streamUrl: session.streamUrl,
    tokenValue: session.tokenValue,
    sessionId: session.sessionId,
    targetId: target,
    signal,
    logger: options.logger,
    ...(options.redactor ? { redactor: options.redactor } : {}),
    ...(options.kms ? { kms: options.kms } : {}),
    ...(options.webSocketFactory ? { webSocketFactory: options.webSocketFactory } : {}),
  });
  return portChannelFrom(channel, options);
}
