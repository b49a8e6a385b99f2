/**
 * Removes secrets from text before it reaches a log, an output channel or a notification.
 * Every sink (the redacting logger, showError) passes its text through one Redactor.
 *
 * Two layers:
 * - known values: the secret environment variables, plus anything registered at run time (secrets
 *   read from the shared credentials file, credentials returned by providers, SSO tokens);
 * - patterns for secrets we cannot know in advance: `aws_secret_access_key = …` lines, JSON/JS
 *   `"SecretAccessKey": "…"` fields, `X-Amz-Security-Token=…`, SigV4 `Signature=…`, `Bearer …`,
 *   passwords in URLs, and 40-character secret-looking strings after a "secret" keyword.
 */

export const REDACTED = '***';

/** Values shorter than this are never treated as secrets: they cannot be real AWS secrets, and
 * replacing a value like LocalStack's conventional `test` would mangle unrelated text. */
export const MIN_SECRET_LENGTH = 8;

/** Environment variables whose values are secrets. */
export const SECRET_ENV_VARS: readonly string[] = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
];

export interface Redactor {
  (text: string): string;
  /** Adds a value to redact from now on (ignored when shorter than MIN_SECRET_LENGTH). */
  registerSecret(value: string | undefined): void;
}

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // INI / env style: aws_secret_access_key = …, aws_session_token=…, AWS_SECRET_ACCESS_KEY=…
  [
    /\b((?:aws_)?(?:secret_access_key|session_token|security_token)\s*[=:]\s*["']?)[^\s,;'"}]+/gi,
    `$1${REDACTED}`,
  ],
  // JSON / JS objects: "SecretAccessKey": "…", secretAccessKey: '…', "accessToken": "…", etc.
  [
    /(["']?\b(?:secretAccessKey|sessionToken|accessToken|refreshToken|clientSecret|SecretAccessKey|SessionToken|Token)["']?\s*[:=]\s*)(["'])[^"']*\2/g,
    `$1$2${REDACTED}$2`,
  ],
  // Security token in query strings and headers.
  [/(X-Amz-Security-Token\s*[=:]\s*)[^\s&"',;]+/gi, `$1${REDACTED}`],
  // SigV4 signatures (Authorization header and presigned URLs).
  [/(Signature\s*=\s*)[0-9a-f]{16,}/gi, `$1${REDACTED}`],
  [/(X-Amz-Signature\s*=\s*)[0-9a-f]+/gi, `$1${REDACTED}`],
  // Bearer tokens.
  [/(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*/g, `$1${REDACTED}`],
  // user:password@ in URLs (proxy settings).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, `$1${REDACTED}@`],
  // 40-character, base64-ish strings after a word containing "secret".
  [/(secret[\w-]*["']?\s*(?:[=:]|\bis\b)?\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi, `$1${REDACTED}`],
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Creates a redactor that knows the secret environment variables of `env`. */
export function createRedactor(env: Readonly<Record<string, string | undefined>> = {}): Redactor {
  const secrets = new Set<string>();
  let matcher: RegExp | undefined;

  const registerSecret = (value: string | undefined): void => {
    if (!value) return;
    const trimmed = value.trim();
    if (trimmed.length < MIN_SECRET_LENGTH || secrets.has(trimmed)) return;
    secrets.add(trimmed);
    // Longest first, so a secret that contains another is replaced whole.
    const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    matcher = new RegExp(alternatives.join('|'), 'g');
  };

  for (const name of SECRET_ENV_VARS) registerSecret(env[name]);
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('AWS_BEARER_TOKEN')) registerSecret(value);
  }

  const redact = ((input: string): string => {
    let output = typeof input === 'string' ? input : String(input);
    if (matcher) output = output.replace(matcher, REDACTED);
    for (const [pattern, replacement] of PATTERNS) output = output.replace(pattern, replacement);
    return output;
  }) as Redactor;
  redact.registerSecret = registerSecret;
  return redact;
}

/** Registers the secret parts of a credential identity (secret key, session token). */
export function registerCredentialSecrets(
  redactor: Pick<Redactor, 'registerSecret'>,
  credentials: { readonly secretAccessKey?: string; readonly sessionToken?: string },
): void {
  redactor.registerSecret(credentials.secretAccessKey);
  redactor.registerSecret(credentials.sessionToken);
}
