/**
 * One data-channel session, as the SSM agent plays it (amazon-ssm-agent's side of
 * session-manager-plugin src/datachannel/streaming.go): the token frame, the handshake (session type,
 * KMS encryption with the encryption challenge), acknowledgements both ways, retransmission of
 * unacknowledged output, in-order input, and channel_closed. Faults (types.ts) are applied on the way out.
 * Uses its own codec (agentCodec.ts), never src/ssm.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import type { FakeKms } from '../kms/fakeKms';
import { readFrame, writeFrame, type AgentFrame } from './agentCodec';
import type {
  AgentFaults,
  SessionContext,
  SessionHandler,
  SessionHandlerFactory,
  SessionSpec,
} from './types';

export const FAKE_AGENT_VERSION = '3.3.1802.0';

const P = {
  output: 1,
  size: 3,
  handshakeRequest: 5,
  handshakeResponse: 6,
  handshakeComplete: 7,
  challengeRequest: 8,
  challengeResponse: 9,
  flag: 10,
  stderr: 11,
  exitCode: 12,
};

interface Unacked {
  frame: Buffer;
  sentAt: number;
}

export interface SessionCounters {
  inputs: number;
  duplicateInputs: number;
  acksSent: number;
  acksDropped: number;
  acksReceived: number;
  outputs: number;
  retransmissions: number;
  /** Every input payload received, in order (tests read the bytes the client sent). */
  received: Buffer[];
  /** Frames the agent's codec rejected (a framing mistake in the client). */
  badFrames: string[];
}

export interface AgentSessionOptions {
  readonly spec: SessionSpec;
  readonly token: string;
  readonly socket: WebSocket;
  readonly factory: SessionHandlerFactory | undefined;
  readonly faults: AgentFaults;
  readonly kms: FakeKms | undefined;
  readonly resendMs: number;
  readonly onEnd: () => void;
}

export class AgentSession {
  readonly counters: SessionCounters = {
    inputs: 0,
    duplicateInputs: 0,
    acksSent: 0,
    acksDropped: 0,
    acksReceived: 0,
    outputs: 0,
    retransmissions: 0,
    received: [],
    badFrames: [],
  };
  clientVersion = '';
  tokenFrame: Record<string, unknown> | undefined;
  handshakeResponse: Record<string, unknown> | undefined;
  encrypted = false;
  ended = false;

  private nextOut = 0n;
  private expectedIn = 0n;
  private readonly inBuffer = new Map<bigint, AgentFrame>();
  private readonly unacked = new Map<bigint, Unacked>();
  private held: Buffer | undefined;
  private state: 'token' | 'handshake' | 'challenge' | 'running' = 'token';
  private handler: SessionHandler | undefined;
  private encryptKey: Buffer | undefined;
  private decryptKey: Buffer | undefined;
  private challenge: Buffer | undefined;
  private closing = false;
  private readonly timer: NodeJS.Timeout;
  private readonly started = Date.now();

  get sessionId(): string {
    return this.options.spec.sessionId;
  }

  constructor(private readonly options: AgentSessionOptions) {
    const { socket } = options;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      try {
        if (isBinary) this.onBinary(data);
        else this.onText(data.toString('utf8'));
      } catch (error) {
        this.counters.badFrames.push(error instanceof Error ? error.message : String(error));
      }
    });
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
    this.timer = setInterval(() => this.resend(), options.resendMs);
  }

  private get faults(): AgentFaults {
    return this.options.faults;
  }

  private onText(text: string): void {
    if (this.state !== 'token') return;
    const frame = JSON.parse(text) as Record<string, unknown>;
    this.tokenFrame = frame;
    if (frame.MessageSchemaVersion !== '1.0' || typeof frame.RequestId !== 'string') {
      this.options.socket.close(1008, 'malformed token frame');
      return;
    }
    if (frame.TokenValue !== this.options.token) {
      this.options.socket.close(1008, 'invalid token');
      return;
    }
    this.state = 'handshake';
    if (this.faults.stallHandshake) return;
    const spec = this.options.spec;
    const actions: unknown[] = [
      {
        ActionType: 'SessionType',
        ActionParameters: { SessionType: spec.sessionType, Properties: spec.properties },
      },
    ];
    if (spec.kmsKeyId)
      actions.push({ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: spec.kmsKeyId } });
    this.sendJson(P.handshakeRequest, {
      AgentVersion: this.options.spec.agentVersion ?? FAKE_AGENT_VERSION,
      RequestedClientActions: actions,
    });
  }

  private onBinary(data: Buffer): void {
    const frame = readFrame(data);
    switch (frame.type) {
      case 'acknowledge': {
        const ack = JSON.parse(frame.payload.toString('utf8')) as {
          AcknowledgedMessageSequenceNumber: number;
          AcknowledgedMessageType: string;
          AcknowledgedMessageId: string;
        };
        if (ack.AcknowledgedMessageType !== 'output_stream_data') {
          this.counters.badFrames.push(`ack names message type ${ack.AcknowledgedMessageType}`);
        }
        this.counters.acksReceived++;
        this.unacked.delete(BigInt(ack.AcknowledgedMessageSequenceNumber));
        this.maybeClose();
        return;
      }
      case 'input_stream_data':
        this.onInput(frame);
        return;
      default:
        this.counters.badFrames.push(`unexpected message type ${frame.type}`);
    }
  }

  private onInput(frame: AgentFrame): void {
    if (this.faults.dropAcks && this.faults.dropAcks > 0) {
      this.faults.dropAcks--;
      this.counters.acksDropped++;
    } else {
      this.transmit(
        writeFrame({
          type: 'acknowledge',
          flags: 3n,
          payload: Buffer.from(
            JSON.stringify({
              AcknowledgedMessageType: frame.type,
              AcknowledgedMessageId: frame.id,
              AcknowledgedMessageSequenceNumber: Number(frame.sequence),
              IsSequentialMessage: true,
            }),
          ),
        }),
      );
      this.counters.acksSent++;
    }
    if (frame.sequence < this.expectedIn || this.inBuffer.has(frame.sequence)) {
      this.counters.duplicateInputs++;
      return;
    }
    this.inBuffer.set(frame.sequence, frame);
    for (let next = this.inBuffer.get(this.expectedIn); next; next = this.inBuffer.get(this.expectedIn)) {
      this.inBuffer.delete(this.expectedIn);
      this.expectedIn++;
      this.counters.inputs++;
      void this.deliver(next);
    }
  }

  /** Input waits for the handler (a docker exec takes a moment to start). */
  private handlerStarted: Promise<void> = Promise.resolve();
  private delivering: Promise<void> = Promise.resolve();

  private deliver(frame: AgentFrame): Promise<void> {
    this.delivering = this.delivering.then(() => this.deliverNow(frame)).catch(() => undefined);
    return this.delivering;
  }

  private async deliverNow(frame: AgentFrame): Promise<void> {
    let payload = frame.payload;
    if (frame.payloadType !== P.handshakeResponse && frame.payloadType !== P.challengeResponse) {
      await this.handlerStarted;
    }
    switch (frame.payloadType) {
      case P.handshakeResponse:
        await this.onHandshakeResponse(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
        return;
      case P.challengeResponse: {
        const { Challenge } = JSON.parse(payload.toString('utf8')) as { Challenge: string };
        const back = this.open(Buffer.from(Challenge, 'base64'));
        if (!this.challenge || !back.equals(this.challenge)) {
          this.close('Encryption challenge failed');
          return;
        }
        await this.startHandler();
        return;
      }
      case P.output:
        if (this.encrypted) payload = this.open(payload);
        this.counters.received.push(payload);
        this.handler?.input(payload);
        return;
      case P.size: {
        const size = JSON.parse(payload.toString('utf8')) as { cols: number; rows: number };
        // Applied before the next frame is delivered, as the agent's ioctl is: input that follows
        // a Size (`stty size`) must see the new size.
        await this.handler?.resize?.(size.cols, size.rows);
        return;
      }
      case P.flag: {
        const flag = payload.readUInt32BE(0);
        if (flag === 2) {
          this.handler?.end();
          this.handler = undefined;
          this.close('');
        } else this.handler?.flag?.(flag);
        return;
      }
      default:
        this.handler?.other?.(frame.payloadType, payload);
    }
  }

  private async onHandshakeResponse(response: Record<string, unknown>): Promise<void> {
    this.handshakeResponse = response;
    this.clientVersion = typeof response.ClientVersion === 'string' ? response.ClientVersion : '';
    const actions = (response.ProcessedClientActions ?? []) as Array<{
      ActionType: string;
      ActionStatus: number;
      ActionResult?: { KMSCipherTextKey?: string };
      Error?: string;
    }>;
    const failed = actions.filter((a) => a.ActionStatus !== 1);
    if (failed.length > 0 || (Array.isArray(response.Errors) && response.Errors.length > 0)) {
      this.close(`Handshake failed: ${failed.map((a) => a.Error ?? a.ActionType).join('; ')}`);
      return;
    }
    const spec = this.options.spec;
    if (spec.kmsKeyId) {
      const kmsAction = actions.find((a) => a.ActionType === 'KMSEncryption');
      const blob = kmsAction?.ActionResult?.KMSCipherTextKey;
      if (!blob || !this.options.kms) {
        this.close('Handshake failed: no KMS data key');
        return;
      }
      let key: Buffer;
      try {
        key = this.options.kms.decrypt(Buffer.from(blob, 'base64'), {
          'aws:ssm:SessionId': spec.sessionId,
          'aws:ssm:TargetId': spec.target,
        }).plaintext;
      } catch {
        this.close('Handshake failed: the data key does not decrypt with the session encryption context');
        return;
      }
      // The agent uses the halves the other way round from the client.
      this.encryptKey = key.subarray(0, 32);
      this.decryptKey = key.subarray(32, 64);
      this.encrypted = true;
      this.state = 'challenge';
      this.challenge = randomBytes(64);
      this.sendJson(P.challengeRequest, { Challenge: this.seal(this.challenge).toString('base64') });
      return;
    }
    await this.startHandler();
  }

  private startHandler(): Promise<void> {
    this.handlerStarted = this.startHandlerNow();
    return Promise.resolve();
  }

  private async startHandlerNow(): Promise<void> {
    this.state = 'running';
    this.sendJson(P.handshakeComplete, {
      HandshakeTimeToComplete: (Date.now() - this.started) * 1_000_000,
      CustomerMessage: '',
    });
    const factory = this.options.factory;
    if (!factory) {
      this.close(`The fake agent has no handler for session type ${this.options.spec.sessionType}`);
      return;
    }
    const context: SessionContext = {
      spec: this.options.spec,
      agentVersion: this.options.spec.agentVersion ?? FAKE_AGENT_VERSION,
      clientVersion: this.clientVersion,
      unacknowledged: () => this.unacked.size,
      send: (data, payloadType = P.output) => this.sendStream(payloadType, data),
      exit: (code) => {
        this.sendStream(P.exitCode, Buffer.from(`EXIT_CODE: ${code}`));
        this.close('');
      },
      close: (output) => this.close(output ?? ''),
    };
    try {
      this.handler = await factory(context);
    } catch (error) {
      this.close(`Unable to start command: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private seal(plain: Buffer): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptKey!, nonce);
    return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  private open(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.decryptKey!, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  }

  private sendJson(payloadType: number, value: unknown): void {
    this.sendStream(payloadType, Buffer.from(JSON.stringify(value)));
  }

  private sendStream(payloadType: number, data: Buffer): void {
    if (this.ended || this.closing) return;
    const encrypt = this.encrypted && [P.output, P.stderr, P.exitCode].includes(payloadType);
    const frame = writeFrame({
      type: 'output_stream_data',
      sequence: this.nextOut++,
      payloadType,
      payload: encrypt ? this.seal(data) : data,
    });
    this.unacked.set(this.nextOut - 1n, { frame, sentAt: Date.now() });
    this.counters.outputs++;
    const f = this.faults;
    if (f.closeSocketAfterOutputs !== undefined && this.counters.outputs > f.closeSocketAfterOutputs) {
      this.options.socket.terminate();
      return;
    }
    if (f.dropOutputs && f.dropOutputs > 0 && this.state === 'running') {
      f.dropOutputs--;
      return;
    }
    if (f.reorder && f.reorder > 0 && this.state === 'running') {
      if (!this.held) {
        // Held until the next output overtakes it (or the agent's resend timer sends it again).
        this.held = frame;
        return;
      }
      f.reorder--;
      this.transmitOutput(frame);
      this.releaseHeld();
      return;
    }
    this.transmitOutput(frame);
  }

  /** Sends a running session's output, twice while the duplicate fault lasts. */
  private transmitOutput(frame: Buffer): void {
    this.transmit(frame);
    const f = this.faults;
    if (f.duplicate && f.duplicate > 0 && this.state === 'running') {
      f.duplicate--;
      this.transmit(frame);
    }
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = undefined;
    if (held) this.transmitOutput(held);
  }

  private transmit(frame: Buffer): void {
    if (this.options.socket.readyState === this.options.socket.OPEN) this.options.socket.send(frame);
  }

  private resend(): void {
    const now = Date.now();
    for (const [, message] of this.unacked) {
      if (now - message.sentAt < this.options.resendMs * 2) continue;
      message.sentAt = now;
      this.counters.retransmissions++;
      this.transmit(message.frame);
    }
  }

  /** channel_closed once the client has acknowledged every output message (so nothing is lost). */
  close(output: string): void {
    if (this.closing || this.ended) return;
    this.closing = true;
    this.maybeClose(output);
  }

  private pendingOutput = '';
  private maybeClose(output?: string): void {
    if (output !== undefined) this.pendingOutput = output;
    if (!this.closing || this.ended || this.unacked.size > 0) return;
    const spec = this.options.spec;
    this.transmit(
      writeFrame({
        type: 'channel_closed',
        payload: Buffer.from(
          JSON.stringify({
            MessageId: '',
            CreatedDate: new Date().toISOString(),
            DestinationId: spec.target,
            SessionId: spec.sessionId,
            MessageType: 'channel_closed',
            SchemaVersion: 1,
            Output: this.pendingOutput,
          }),
        ),
      }),
    );
    this.options.socket.close(1000);
    this.finish();
  }

  finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.handler?.end();
    this.handler = undefined;
    this.options.onEnd();
  }
}
