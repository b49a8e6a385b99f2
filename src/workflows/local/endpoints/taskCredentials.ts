/**
 * The credentials the credentials endpoint hands to a local task's containers: the task role's, by
 * STS AssumeRole with the user's profile, kept fresh; or, when the user chose it after the role
 * could not be assumed, the profile's own credentials. Editor-free; no timers: a credential is
 * refreshed when asked for within REFRESH_BEFORE_EXPIRY_MS of its expiry (docs/local-run.md §3).
 */

export interface TaskCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration: Date;
  /** The role the credentials are for (empty when they are the user's own). */
  readonly roleArn: string;
}

export interface CredentialsSource {
  /** What the containers get, for the run's report ("task role arn:…", "your own credentials"). */
  readonly description: string;
  get(): Promise<TaskCredentials>;
}

/** What AssumeRole returns; StsGateway.assumeRole gives it. */
export interface AssumedRoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export type AssumeRole = (request: {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
}) => Promise<AssumedRoleCredentials>;

/**
 * Hand out new credentials once fewer than 20 minutes remain. The SDKs in the containers refresh
 * ahead of expiry themselves (botocore asks 15 minutes before, the JS SDK 5): served credentials
 * must outlive that window, or every call of theirs would fetch again.
 */
export const REFRESH_BEFORE_EXPIRY_MS = 20 * 60_000;

/** AssumeRole's default and, for a role chained from a role profile, its maximum. */
export const SESSION_DURATION_SECONDS = 3600;

/** A role session name STS accepts (2–64 of `[\w+=,.@-]`), e.g. `ecs-local-web-1a2b3c`. */
export function roleSessionName(taskId: string): string {
  const cleaned = `ecs-local-${taskId}`.replace(/[^\w+=,.@-]/g, '-');
  return cleaned.slice(0, 64);
}

/** The task role's credentials, assumed on first use and again before they expire. */
export function taskRoleCredentials(options: {
  roleArn: string;
  sessionName: string;
  assumeRole: AssumeRole;
  now?: () => number;
  /** Called with the secret parts of every new credential (the redactor's registerSecret). */
  onSecret?: (secret: string) => void;
}): CredentialsSource {
  const now = options.now ?? Date.now;
  let current: TaskCredentials | undefined;
  let pending: Promise<TaskCredentials> | undefined;
  const fresh = (c: TaskCredentials | undefined): c is TaskCredentials =>
    c !== undefined && c.expiration.getTime() - now() > REFRESH_BEFORE_EXPIRY_MS;
  const assume = async (): Promise<TaskCredentials> => {
    const assumed = await options.assumeRole({
      roleArn: options.roleArn,
      sessionName: options.sessionName,
      durationSeconds: SESSION_DURATION_SECONDS,
    });
    options.onSecret?.(assumed.secretAccessKey);
    options.onSecret?.(assumed.sessionToken);
    return { ...assumed, roleArn: options.roleArn };
  };
  return {
    description: `the task role ${options.roleArn}`,
    async get() {
      if (fresh(current)) return current;
      pending ??= assume().finally(() => (pending = undefined));
      try {
        current = await pending;
      } catch (error) {
        // A refresh that fails while the last credentials are still valid serves those.
        if (current && current.expiration.getTime() > now()) return current;
        throw error;
      }
      return current;
    },
  };
}

/** The user's own credentials (what the profile resolves to), served only when the user chose so. */
export function ownCredentials(options: {
  resolve: () => Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
  }>;
  now?: () => number;
}): CredentialsSource {
  const now = options.now ?? Date.now;
  return {
    description: 'your own AWS credentials (not the task role)',
    async get() {
      const c = await options.resolve();
      // Long-term keys never expire; the endpoint's contract needs an Expiration, so the
      // containers are told to ask again in an hour.
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
        expiration: c.expiration ?? new Date(now() + SESSION_DURATION_SECONDS * 1000),
        roleArn: '',
      };
    },
  };
}

/** Why the task role cannot be assumed, in words the user can act on. */
export class TaskRoleUnavailableError extends Error {
  override readonly name = 'TaskRoleUnavailableError';
  constructor(
    readonly roleArn: string,
    readonly reason: 'accessDenied' | 'noSuchRole' | 'other',
    override readonly cause: unknown,
  ) {
    super(taskRoleMessage(roleArn, reason, cause));
  }
}

/** The trust-policy statement that lets `principalArn` assume the role, for the explanation. */
export function trustStatementFor(principalArn: string): object {
  return { Effect: 'Allow', Principal: { AWS: principalArn }, Action: 'sts:AssumeRole' };
}

function taskRoleMessage(
  roleArn: string,
  reason: TaskRoleUnavailableError['reason'],
  cause: unknown,
): string {
  const detail = cause instanceof Error ? cause.message : String(cause);
  switch (reason) {
    case 'accessDenied':
      return (
        `Cannot give the local task its task role: your AWS identity may not assume ${roleArn} — ${detail} ` +
        'A task role usually trusts only ecs-tasks.amazonaws.com. Add your identity (or your account root) as a ' +
        'principal in the role trust policy, or run with your own credentials instead ' +
        '(the containers then act with your permissions, not the task role).'
      );
    case 'noSuchRole':
      return `Cannot give the local task its task role: ${roleArn} does not exist in this account — ${detail} Fix taskRoleArn, or run with your own credentials instead.`;
    default:
      return `Cannot give the local task its task role ${roleArn} — ${detail}`;
  }
}

/** Error names STS answers when the caller may not assume the role. */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

/**
 * Assumes the role once, before anything starts, so a denied role is explained up front (not as a
 * container failing later). Resolves with the source, or rejects with a TaskRoleUnavailableError.
 */
export async function checkTaskRole(source: CredentialsSource, roleArn: string): Promise<CredentialsSource> {
  try {
    await source.get();
    return source;
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    const message = error instanceof Error ? error.message : '';
    const reason = DENIED.has(String(name))
      ? 'accessDenied'
      : /NoSuchEntity|cannot be found|does not exist/i.test(`${String(name)} ${message}`)
        ? 'noSuchRole'
        : 'other';
    throw new TaskRoleUnavailableError(roleArn, reason, error);
  }
}
