/**
 * The data channel's handshake (docs/exec-protocol.md §4): the agent's HandshakeRequest lists actions
 * (SessionType, KMSEncryption); the client answers each in a HandshakeResponse, then the agent sends
 * HandshakeComplete. Written from the plugin's src/message/handshakemessage.go and the handshake part
 * of src/datachannel/streaming.go. Editor-free.
 */
import { clientCipher, DATA_KEY_BYTES, type DataKeySource, type SessionCipher } from './encryption';

/**
 * The ClientVersion we report. Agents decide features by the client's version (TCP multiplexing for
 * port sessions needs a plugin from 1.1.70); we implement what session-manager-plugin 1.2.650.0 does.
 */
export const CLIENT_VERSION = '1.2.650.0';

/** Session types the agent names (src/config/config.go). Shell-like ones are all served as a stream. */
export const SessionTypes = {
  Standard_Stream: 'Standard_Stream',
  InteractiveCommands: 'InteractiveCommands',
  NonInteractiveCommands: 'NonInteractiveCommands',
  Port: 'Port',
} as const;

export const ActionStatus = { Success: 1, Failed: 2, Unsupported: 3 } as const;

export interface HandshakeRequest {
  readonly AgentVersion?: string;
  readonly RequestedClientActions?: ReadonlyArray<{
    readonly ActionType: string;
    readonly ActionParameters?: unknown;
  }>;
}

export interface ProcessedClientAction {
  readonly ActionType: string;
  readonly ActionStatus: number;
  readonly ActionResult?: unknown;
  readonly Error?: string;
}

export interface HandshakeResponse {
  readonly ClientVersion: string;
  readonly ProcessedClientActions: ProcessedClientAction[];
  readonly Errors: string[];
}

export interface HandshakeComplete {
  /** Nanoseconds (a Go time.Duration). */
  readonly HandshakeTimeToComplete?: number;
  readonly CustomerMessage?: string;
}

export interface HandshakeOutcome {
  readonly response: HandshakeResponse;
  readonly agentVersion: string | undefined;
  readonly sessionType: string | undefined;
  readonly sessionProperties: unknown;
  /** Set when the agent asked for KMS encryption and the data key was generated. */
  readonly cipher: SessionCipher | undefined;
  readonly kmsKeyId: string | undefined;
}

export interface HandshakeContext {
  readonly sessionId: string;
  /** The session's target (`ecs:<cluster>_<taskId>_<runtimeId>` for ECS), part of the KMS encryption context. */
  readonly targetId: string | undefined;
  readonly kms: DataKeySource | undefined;
  readonly signal?: AbortSignal;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Answers a HandshakeRequest: never throws; failed actions are reported in the response. */
export async function answerHandshake(
  request: HandshakeRequest,
  context: HandshakeContext,
): Promise<HandshakeOutcome> {
  const processed: ProcessedClientAction[] = [];
  const errors: string[] = [];
  let sessionType: string | undefined;
  let sessionProperties: unknown;
  let cipher: SessionCipher | undefined;
  let kmsKeyId: string | undefined;

  for (const action of request.RequestedClientActions ?? []) {
    const params = (action.ActionParameters ?? {}) as Record<string, unknown>;
    if (action.ActionType === 'SessionType') {
      const requested = typeof params.SessionType === 'string' ? params.SessionType : '';
      if (
        requested === SessionTypes.Standard_Stream ||
        requested === SessionTypes.InteractiveCommands ||
        requested === SessionTypes.NonInteractiveCommands
      ) {
        sessionType = SessionTypes.Standard_Stream;
      } else if (requested === SessionTypes.Port) {
        sessionType = SessionTypes.Port;
      }
      sessionProperties = params.Properties;
      if (sessionType) {
        processed.push({ ActionType: 'SessionType', ActionStatus: ActionStatus.Success });
      } else {
        const error = `Failed to process action SessionType: Unknown session type ${requested}`;
        processed.push({ ActionType: 'SessionType', ActionStatus: ActionStatus.Failed, Error: error });
        errors.push(error);
      }
    } else if (action.ActionType === 'KMSEncryption') {
      kmsKeyId = typeof params.KMSKeyId === 'string' ? params.KMSKeyId : undefined;
      try {
        if (!kmsKeyId) throw new Error('the agent named no KMS key');
        if (!context.kms) throw new Error('no KMS client was given to the data channel');
        if (!context.targetId) throw new Error('the session target is unknown, so the encryption context is');
        const key = await context.kms.generateDataKey(
          {
            keyId: kmsKeyId,
            numberOfBytes: DATA_KEY_BYTES,
            encryptionContext: {
              'aws:ssm:SessionId': context.sessionId,
              'aws:ssm:TargetId': context.targetId,
            },
          },
          context.signal,
        );
        cipher = clientCipher(key.plaintext);
        processed.push({
          ActionType: 'KMSEncryption',
          ActionStatus: ActionStatus.Success,
          ActionResult: {
            KMSCipherTextKey: Buffer.from(key.ciphertextBlob).toString('base64'),
            KMSCipherTextHash: null,
          },
        });
      } catch (error) {
        const text = `Failed to process action KMSEncryption: ${errorText(error)}`;
        processed.push({ ActionType: 'KMSEncryption', ActionStatus: ActionStatus.Failed, Error: text });
        errors.push(text);
      }
    } else {
      const text = `Unsupported action ${action.ActionType}`;
      processed.push({ ActionType: action.ActionType, ActionStatus: ActionStatus.Unsupported, Error: text });
      errors.push(text);
    }
  }
  return {
    response: { ClientVersion: CLIENT_VERSION, ProcessedClientActions: processed, Errors: errors },
    agentVersion: request.AgentVersion,
    sessionType,
    sessionProperties,
    cipher,
    kmsKeyId,
  };
}

/** Compares dotted versions (`3.0.196.0`): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
