/** An AWS service error as the fake raises it; the protocol adapter turns it into the wire shape. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }

  /** Sender (4xx) or Receiver (5xx), as query-protocol errors say it. */
  get faultType(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Faults every service can raise; each protocol (and service) names them in its own way. */
export type StandardError =
  | 'throttle'
  | 'serverError'
  | 'expiredToken'
  | 'accessDenied'
  | 'missingAuth'
  | 'unknownOperation'
  | 'malformedRequest';

export interface ErrorSpec {
  code: string;
  status: number;
  message: string;
}

export type StandardErrorTable = Record<StandardError, ErrorSpec>;

export function errorFrom(spec: ErrorSpec, message = spec.message): AwsError {
  return new AwsError(spec.code, message, spec.status);
}
