/**
 * What a failed AWS call means to the user, as data: the problem kinds, the suggested fix, the
 * error class that carries a translated problem, and where a failed request went (recorded by the
 * client factory). The translation itself is awsErrors.ts.
 */
import type { AwsConnection } from './connection';

export type AwsProblemKind =
  | 'expiredToken'
  | 'ssoLogin'
  | 'noCredentials'
  | 'invalidCredentials'
  | 'accessDenied'
  | 'throttled'
  | 'notFound'
  | 'invalidInput'
  | 'network'
  | 'endpoint'
  | 'unknown';

export interface AwsProblemAction {
  readonly title: string;
  /** `refresh`: the thing is gone — re-list the views; running the command again would fail the same way. */
  readonly kind: 'ssoLogin' | 'openConfig' | 'selectProfile' | 'retry' | 'refresh';
  /** The profile the action is about (for ssoLogin: the profile to pass to `aws sso login --profile`). */
  readonly profile?: string;
}

export interface AwsProblem {
  readonly kind: AwsProblemKind;
  /** One sentence or two for a notification: what failed — why — what to do: variable part. */
  readonly message: string;
  /** The underlying error (name, message, request id) for the log or a "details" line. */
  readonly detail?: string;
  readonly action?: AwsProblemAction;
}

export interface AwsErrorContext {
  /** The API action, e.g. `ecs:ListServices` (defaults to the one recorded on the error by the client factory). */
  readonly operation?: string;
  /** What the user was doing, as a gerund phrase: "Listing clusters". */
  readonly step?: string;
  readonly connection?: AwsConnection;
  /** Applied to message and detail; pass the extension's redactor. */
  readonly redact?: (text: string) => string;
}

/** An error that already carries its translation; describeAwsError returns its problem unchanged. */
export class AwsError extends Error {
  override readonly name = 'AwsError';

  constructor(
    readonly problem: AwsProblem,
    options?: { cause?: unknown },
  ) {
    super(problem.message, options);
  }

  static is(value: unknown): value is AwsError {
    return (
      value instanceof AwsError ||
      (value instanceof Error &&
        value.name === 'AwsError' &&
        typeof (value as { problem?: { kind?: unknown } }).problem?.kind === 'string')
    );
  }
}

/** Thrown by ConnectionSource.clients() when there is no profile and no environment credentials. */
export class NoCredentialsError extends AwsError {
  constructor() {
    super({
      kind: 'noCredentials',
      message:
        'No AWS credentials were found. Add a profile to the AWS config or credentials file, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: ~/.aws/config',
      action: { title: 'Open AWS Config', kind: 'openConfig' },
    });
  }
}

/** Problems the explorer answers with its "no credentials" welcome view. */
export function isCredentialProblem(problem: AwsProblem): boolean {
  return (
    problem.kind === 'noCredentials' ||
    problem.kind === 'expiredToken' ||
    problem.kind === 'ssoLogin' ||
    problem.kind === 'invalidCredentials'
  );
}

/** Where a failed request went; recorded on SDK errors by the client factory's middleware. */
export interface RequestInfo {
  /** e.g. `ecs:ListClusters`. */
  readonly operation?: string;
  /** The URL the request was sent to. */
  readonly endpoint?: string;
  /** Set when the endpoint was configured (AWS_ENDPOINT_URL…, endpoint_url), naming the setting. */
  readonly endpointSource?: string;
}

const REQUEST_INFO = Symbol.for('ecsFargate.awsRequestInfo');

/** Attaches request info to an error (non-enumerable, so it never shows up when the error is logged). */
export function recordRequestInfo(error: unknown, info: RequestInfo): void {
  if (typeof error !== 'object' || error === null || REQUEST_INFO in error) return;
  try {
    Object.defineProperty(error, REQUEST_INFO, { value: info, enumerable: false });
  } catch {
    // A frozen error keeps its plain translation.
  }
}

export function requestInfoOf(error: unknown): RequestInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { [REQUEST_INFO]?: RequestInfo })[REQUEST_INFO];
}
