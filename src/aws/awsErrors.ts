/**
 * The one translation from whatever the AWS SDK (or Node's networking) throws into a problem the
 * user can act on: what failed (the step), why, and what to do, with the variable part last.
 *
 * Errors are recognised by their `name` / `Code` / Node `code` and `$metadata`, not by their text,
 * except where the SDK gives nothing else: credential-provider failures are all
 * `CredentialsProviderError` / `TokenProviderError`, and only their message says whether the SSO
 * session expired ("…To refresh this SSO session run aws sso login…") or nothing was found at all.
 */
import { ENVIRONMENT_PROFILE } from './connection';

// The problem types live in awsProblem.ts; importers keep using this module.
export {
  AwsError,
  NoCredentialsError,
  isCredentialProblem,
  recordRequestInfo,
  requestInfoOf,
} from './awsProblem';
import {
  ACCESS_DENIED,
  EXPIRED_TOKEN,
  INVALID_CREDENTIALS,
  INVALID_INPUT,
  NETWORK_CODES,
  NOT_FOUND,
  THROTTLED,
  TLS_CODES,
} from './awsErrorCodes';
export type {
  AwsErrorContext,
  AwsProblem,
  AwsProblemAction,
  AwsProblemKind,
  RequestInfo,
} from './awsProblem';
import {
  AwsError,
  type AwsErrorContext,
  type AwsProblem,
  type AwsProblemAction,
  type RequestInfo,
  requestInfoOf,
} from './awsProblem';

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  readonly hostname?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly cause?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The AWS error code, or the Node error code for a plain `Error`. */
function errorCode(error: ErrorLike): string | undefined {
  const name = text(error.name);
  const code = text(error.Code) ?? text(error.code);
  if (name && name !== 'Error' && name !== 'Unknown') return name;
  return code ?? name;
}

function isProviderError(error: ErrorLike): boolean {
  const name = text(error.name);
  return (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    name === 'ProviderError' ||
    /Could not load credentials from any providers/.test(text(error.message) ?? '')
  );
}

const SSO_SESSION_PROBLEM =
  /To refresh this SSO session|SSO session (associated with this profile )?(has expired|is invalid)|SSO session token associated with profile|in SSO Token|Token is expired|UnauthorizedException/i;

/** Finds the innermost error that says something (SDK wrappers and `cause` chains). */
function unwrap(error: unknown): ErrorLike {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof current !== 'object' || current === null) break;
    const candidate = current as ErrorLike;
    if (AwsError.is(candidate)) return candidate;
    if (candidate.$metadata || candidate.$fault || isProviderError(candidate)) return candidate;
    const code = text(candidate.code);
    if (code && (NETWORK_CODES.has(code) || TLS_CODES.has(code))) return candidate;
    if (candidate.cause === undefined) return candidate;
    current = candidate.cause;
  }
  if (typeof current === 'object' && current !== null) return current;
  return { message: typeof current === 'string' ? current : String(current) };
}

/** `User: … is not authorized to perform: ecs:ListServices on resource: …` → `ecs:ListServices`. */
export function deniedAction(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const match =
    /perform:\s*([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message) ??
    /\b([a-z0-9-]+:[A-Z][A-Za-z0-9]+)\b/.exec(message);
  return match?.[1];
}

function describeEndpoint(error: ErrorLike, info: RequestInfo | undefined): string | undefined {
  if (info?.endpoint) return info.endpoint;
  const host = text(error.hostname) ?? text(error.address);
  if (!host) return undefined;
  return typeof error.port === 'number' ? `${host}:${error.port}` : host;
}

function detailOf(error: ErrorLike): string | undefined {
  const name = text(error.name);
  const code = text(error.Code) ?? text(error.code);
  const label = name && name !== 'Error' ? name : (code ?? name);
  const message = text(error.message);
  const requestId = error.$metadata?.requestId;
  const parts = [label && message ? `${label}: ${message}` : (label ?? message)];
  if (requestId) parts.push(`request id ${requestId}`);
  const joined = parts.filter(Boolean).join('; ');
  return joined === '' ? undefined : joined;
}

/** Translates any thrown value into an AwsProblem. Never throws. */
export function describeAwsError(error: unknown, context: AwsErrorContext = {}): AwsProblem {
  const problem = translate(error, context);
  const redact = context.redact;
  if (!redact) return problem;
  return {
    ...problem,
    message: redact(problem.message),
    ...(problem.detail !== undefined ? { detail: redact(problem.detail) } : {}),
  };
}

function translate(error: unknown, context: AwsErrorContext): AwsProblem {
  if (AwsError.is(error)) return error.problem;
  const inner = unwrap(error);
  if (AwsError.is(inner)) return inner.problem;
  const info = requestInfoOf(error) ?? requestInfoOf(inner);
  const operation = context.operation ?? info?.operation;
  const lead = context.step
    ? `${context.step} failed`
    : operation
      ? `${operation} failed`
      : 'The AWS request failed';
  const connection = context.connection;
  const profile = connection?.profile;
  const ssoProfile = connection?.ssoProfile;
  const code = errorCode(inner);
  const message = text(inner.message);
  const detail = detailOf(inner);
  const withDetail = (p: Omit<AwsProblem, 'detail'>): AwsProblem => (detail ? { ...p, detail } : p);
  const retry: AwsProblemAction = { title: 'Retry', kind: 'retry' };
  const ssoAction = (p: string | undefined): AwsProblemAction => ({
    title: 'Sign In with SSO',
    kind: 'ssoLogin',
    ...(p ? { profile: p } : {}),
  });
  const ssoCommand = (p: string | undefined) => (p ? `aws sso login --profile ${p}` : 'aws sso login');

  // Node networking (the SDK re-throws these with $metadata attached).
  const nodeCode = text(inner.code);
  if (nodeCode && TLS_CODES.has(nodeCode)) {
    const where = describeEndpoint(inner, info);
    return withDetail({
      kind: 'network',
      message: `${lead} — the server's TLS certificate is not trusted (${nodeCode}). If a corporate proxy inspects TLS, set AWS_CA_BUNDLE to its CA bundle${where ? `: ${where}` : '.'}`,
      action: retry,
    });
  }
  if ((nodeCode && NETWORK_CODES.has(nodeCode)) || text(inner.name) === 'TimeoutError') {
    const where = describeEndpoint(inner, info);
    const why =
      nodeCode === 'ENOTFOUND' || nodeCode === 'EAI_AGAIN'
        ? 'the host name could not be resolved'
        : nodeCode === 'ECONNREFUSED'
          ? 'the connection was refused (nothing is listening there)'
          : nodeCode === 'ECONNRESET' || nodeCode === 'EPIPE'
            ? 'the connection was reset'
            : text(inner.name) === 'TimeoutError' ||
                nodeCode === 'ETIMEDOUT' ||
                nodeCode === 'ESOCKETTIMEDOUT'
              ? 'the connection timed out'
              : 'the network is unreachable';
    const hint = info?.endpointSource
      ? `Check that the endpoint set by ${info.endpointSource} is running`
      : 'Check the network connection and the proxy settings (HTTPS_PROXY, NO_PROXY)';
    return withDetail({
      kind: 'network',
      message: `${lead} — ${why}. ${hint}${where ? `: ${where}` : '.'}`,
      action: retry,
    });
  }

  // Credential providers (fromIni, fromSSO, fromProcess, fromEnv…).
  if (isProviderError(inner)) {
    const sso =
      SSO_SESSION_PROBLEM.test(message ?? '') &&
      !/Conflicting SSO|could not be found|missing required property|invalid SSO credentials/i.test(
        message ?? '',
      );
    if (sso) {
      const p = ssoProfile ?? profile;
      return withDetail({
        kind: 'ssoLogin',
        message: `${lead} — the IAM Identity Center (SSO) session has expired or was never started. Sign in again by running: ${ssoCommand(p)}`,
        action: ssoAction(p),
      });
    }
    if (/multi-factor authentication/i.test(message ?? '')) {
      return withDetail({
        kind: 'noCredentials',
        message: `${lead} — the profile needs an MFA code and none was entered. Retry and enter the code${profile ? `: ${profile}` : '.'}`,
        action: retry,
      });
    }
    if (profile === ENVIRONMENT_PROFILE) {
      return withDetail({
        kind: 'noCredentials',
        message: `${lead} — AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are no longer set in VS Code's environment. Choose a profile instead, or restart VS Code from a shell that sets them.`,
        action: { title: 'Choose Profile', kind: 'selectProfile' },
      });
    }
    if (profile) {
      return withDetail({
        kind: 'noCredentials',
        message: `${lead} — the credentials of the profile could not be loaded (see the details). Fix the profile in the AWS config or credentials file, or choose another profile: ${profile}`,
        action: { title: 'Open AWS Config', kind: 'openConfig', profile },
      });
    }
    return withDetail({
      kind: 'noCredentials',
      message: `${lead} — no AWS credentials were found. Choose a profile, or add one to the AWS config or credentials file.`,
      action: { title: 'Choose Profile', kind: 'selectProfile' },
    });
  }

  if (code && EXPIRED_TOKEN.has(code)) {
    if (ssoProfile) {
      return withDetail({
        kind: 'ssoLogin',
        message: `${lead} — the credentials from IAM Identity Center (SSO) have expired. Sign in again by running: ${ssoCommand(ssoProfile)}`,
        action: ssoAction(ssoProfile),
      });
    }
    const how =
      profile === ENVIRONMENT_PROFILE
        ? 'Export fresh AWS_SESSION_TOKEN credentials and restart VS Code from that shell, or choose a profile'
        : 'Refresh the session token in the credentials file (or re-run the tool that writes it) and retry';
    return withDetail({
      kind: 'expiredToken',
      message: `${lead} — the AWS session token has expired. ${how}${profile ? `: ${profile}` : '.'}`,
      action:
        profile === ENVIRONMENT_PROFILE || !profile
          ? { title: 'Choose Profile', kind: 'selectProfile' }
          : { title: 'Open AWS Config', kind: 'openConfig', profile },
    });
  }

  if (code && INVALID_CREDENTIALS.has(code)) {
    return withDetail({
      kind: 'invalidCredentials',
      message: `${lead} — AWS rejected the credentials (unknown access key, wrong secret, or a region the account has not enabled). Fix the credentials or choose another profile${profile ? `: ${profile}` : '.'}`,
      action: { title: 'Choose Profile', kind: 'selectProfile' },
    });
  }

  if (code && ACCESS_DENIED.has(code)) {
    const action = deniedAction(message) ?? operation;
    return withDetail({
      kind: 'accessDenied',
      message: `${lead} — access denied. Ask an administrator to allow the action for this identity, or choose another profile${action ? `: ${action}` : '.'}`,
      action: { title: 'Choose Profile', kind: 'selectProfile' },
    });
  }

  if ((code && THROTTLED.has(code)) || inner.$metadata?.httpStatusCode === 429) {
    const attempts = inner.$metadata?.attempts;
    return withDetail({
      kind: 'throttled',
      message: `${lead} — AWS kept throttling the requests${attempts ? ` after ${attempts} attempts` : ''}. Wait a moment and retry${operation ? `: ${operation}` : '.'}`,
      action: retry,
    });
  }

  if (code && (NOT_FOUND.has(code) || code.endsWith('NotFoundException'))) {
    return withDetail({
      kind: 'notFound',
      message: `${lead} — it does not exist (any more) in this account and region. Refresh and try again${message ? `: ${message}` : '.'}`,
      action: { title: 'Refresh', kind: 'refresh' },
    });
  }

  if (code && INVALID_INPUT.has(code)) {
    return withDetail({
      kind: 'invalidInput',
      message: `${lead} — AWS rejected the request${message ? `: ${message}` : '.'}`,
    });
  }

  const status = inner.$metadata?.httpStatusCode;
  const notAws =
    (text(inner.name) === 'Unknown' && !text(inner.Code)) ||
    (inner.$metadata !== undefined &&
      (text(inner.name) === 'SyntaxError' || /Deserialization error/.test(message ?? '')));
  if (notAws) {
    const where = info?.endpoint;
    const hint = info?.endpointSource
      ? `Check the endpoint set by ${info.endpointSource}`
      : 'A proxy or firewall may be answering instead of AWS';
    return withDetail({
      kind: 'endpoint',
      message: `${lead} — the endpoint did not answer like AWS${status ? ` (HTTP ${status})` : ''}. ${hint}${where ? `: ${where}` : '.'}`,
      action:
        info?.endpointSource && !info.endpointSource.startsWith('AWS_')
          ? { title: 'Open AWS Config', kind: 'openConfig', ...(profile ? { profile } : {}) }
          : retry,
    });
  }

  if (inner.$fault === 'server') {
    return withDetail({
      kind: 'unknown',
      message: `${lead} — AWS reported an internal error. Retry in a moment${code ? `: ${code}` : '.'}`,
      action: retry,
    });
  }

  return withDetail({
    kind: 'unknown',
    message: `${lead}${message ? `: ${message}` : '.'}`,
  });
}
