/**
 * What the agent's payloads mean for a session (docs/exec-protocol.md): the handshake request and
 * completion (session type, agent version, KMS encryption), the encryption challenge, and output that
 * is decrypted, marks an old agent's session as started, or carries the exit code. The session's
 * facts learnt from them live here. Written from the plugin's src/datachannel/streaming.go
 * (HandleHandshakeRequest, ProcessFirstMessage). Apart from the channel, which only orders and
 * acknowledges the messages this interprets.
 */
import type { Logger } from '../shared/logger';
import type { OpenDataChannelOptions, OutputEvent } from './dataChannelApi';
import type { SessionCipher } from './encryption';
import { answerHandshake, SessionTypes, type HandshakeComplete, type HandshakeRequest } from './handshake';
import { MessageFormatError, parseJsonPayload, PayloadType, type ClientMessage } from './message';

/** `EXIT_CODE: 3` (the agent's shell plugin) or a bare number. */
export function parseExitCode(payload: Buffer): number | undefined {
  const match = /(-?\d+)\s*$/.exec(payload.toString('utf8').trim());
  return match ? Number.parseInt(match[1] ?? '', 10) : undefined;
}

export interface SessionPayloadHooks {
  /** Sends a payload to the agent (through the send window). */
  readonly send: (payloadType: number, data: Uint8Array) => Promise<void>;
  /** The handshake failed: the session ends with this message. */
  readonly fail: (message: string) => void;
  /** The session is ready for input (handshake complete, or an old agent's first output). */
  readonly ready: () => void;
  /** Output for the listeners. */
  readonly emit: (event: OutputEvent) => void;
}

export type SessionPayloadsOptions = Pick<
  OpenDataChannelOptions,
  'sessionId' | 'targetId' | 'kms' | 'signal'
> & { readonly logger: Logger };

export class SessionPayloads {
  sessionType: string | undefined;
  sessionProperties: unknown;
  agentVersion: string | undefined;
  customerMessage: string | undefined;
  cipher: SessionCipher | undefined;
  exitCode: number | undefined;
  private handshakeStarted = false;

  constructor(
    private readonly options: SessionPayloadsOptions,
    private readonly hooks: SessionPayloadHooks,
  ) {}

  /** The payload as sent: an Output payload is encrypted when the session is. */
  seal(payloadType: number, data: Buffer): Buffer {
    return this.cipher && payloadType === PayloadType.Output ? this.cipher.encrypt(data) : data;
  }

  /** One output message, in sequence order; throws what made it unusable. */
  async handle(message: ClientMessage): Promise<void> {
    switch (message.payloadType) {
      case PayloadType.HandshakeRequest:
        return this.onHandshakeRequest(message);
      case PayloadType.HandshakeComplete: {
        const complete = parseJsonPayload<HandshakeComplete>(message, 'HandshakeComplete');
        this.customerMessage = complete.CustomerMessage || undefined;
        if (!this.sessionType) {
          this.hooks.fail('The agent completed the handshake without naming the session type.');
          return;
        }
        this.options.logger.debug(
          `Session ${this.options.sessionId}: handshake complete (${this.sessionType}, agent ${this.agentVersion ?? '?'})`,
        );
        this.hooks.ready();
        return;
      }
      case PayloadType.EncChallengeRequest: {
        const cipher = this.cipher;
        if (!cipher)
          throw new MessageFormatError('The agent sent an encryption challenge but encryption is off');
        const { Challenge } = parseJsonPayload<{ Challenge: string }>(message, 'EncChallengeRequest');
        const answer = cipher.encrypt(cipher.decrypt(Buffer.from(Challenge, 'base64')));
        await this.hooks.send(
          PayloadType.EncChallengeResponse,
          Buffer.from(JSON.stringify({ Challenge: answer.toString('base64') }), 'utf8'),
        );
        return;
      }
      default:
        this.onOutput(message);
    }
  }

  private async onHandshakeRequest(message: ClientMessage): Promise<void> {
    this.handshakeStarted = true;
    const request = parseJsonPayload<HandshakeRequest>(message, 'HandshakeRequest');
    const { sessionId, targetId, kms, signal } = this.options;
    const outcome = await answerHandshake(request, { sessionId, targetId, kms, signal });
    this.agentVersion = outcome.agentVersion;
    this.sessionType = outcome.sessionType;
    this.sessionProperties = outcome.sessionProperties;
    this.cipher = outcome.cipher;
    await this.hooks.send(
      PayloadType.HandshakeResponse,
      Buffer.from(JSON.stringify(outcome.response), 'utf8'),
    );
    if (outcome.response.Errors.length > 0) {
      this.hooks.fail(`The session's handshake failed: ${outcome.response.Errors.join('; ')}`);
    }
  }

  private onOutput(message: ClientMessage): void {
    let data = message.payload;
    if (
      this.cipher &&
      (message.payloadType === PayloadType.Output ||
        message.payloadType === PayloadType.StdErr ||
        message.payloadType === PayloadType.ExitCode)
    ) {
      data = this.cipher.decrypt(data);
    }
    if (!this.handshakeStarted && !this.sessionType && message.payloadType === PayloadType.Output) {
      // Agents without the handshake start with shell output (ProcessFirstMessage).
      this.sessionType = SessionTypes.Standard_Stream;
      this.hooks.ready();
    }
    if (message.payloadType === PayloadType.ExitCode) this.exitCode = parseExitCode(data) ?? this.exitCode;
    this.hooks.emit({ payloadType: message.payloadType, data, sequenceNumber: message.sequenceNumber });
  }
}
