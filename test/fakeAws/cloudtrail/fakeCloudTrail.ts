/**
 * CloudTrail's event history as the fake keeps it: a management event for every ECS call that starts
 * or stops a service deployment (CreateService, UpdateService, StopServiceDeployment), in the CloudTrail
 * record format (eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion,
 * sourceIPAddress, userAgent, requestParameters, responseElements, requestID, eventID, readOnly,
 * eventType, managementEvent, recipientAccountId), and LookupEvents over it as the API reference
 * describes: one lookup attribute at most, a time range, MaxResults 1–50 with NextToken pages, newest
 * first, only the last 90 days. Written from the CloudTrail documentation (User Guide "CloudTrail
 * record contents", "userIdentity element"; API Reference LookupEvents), not from src/.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AwsError } from '../errors';
import { Paginator } from '../pagination';

export const LOOKUP_LIMITS = { maxResults: 50, historyDays: 90 } as const;
const DAY_MS = 24 * 60 * 60_000;

/** The caller as CloudTrail's userIdentity element records it. */
export interface TrailIdentity {
  readonly type: 'IAMUser' | 'AssumedRole' | 'Root' | 'AWSService' | 'FederatedUser';
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  /** AssumedRole: the role's session issuer (sessionContext.sessionIssuer). */
  readonly sessionIssuer?: { readonly type: 'Role'; readonly arn: string; readonly userName: string };
}

/** One stored event: the Lookup fields and the whole record (CloudTrailEvent). */
export interface TrailRecord {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: number;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly accessKeyId: string | undefined;
  readonly username: string | undefined;
  readonly resources: ReadonlyArray<{ readonly ResourceType: string; readonly ResourceName: string }>;
  readonly record: Record<string, unknown>;
}

export interface RecordCall {
  readonly eventName: string;
  readonly eventSource?: string;
  readonly accessKeyId?: string;
  readonly userAgent?: string;
  readonly sourceIPAddress?: string;
  readonly requestParameters?: unknown;
  readonly responseElements?: unknown;
  readonly requestId?: string;
  /** Default: now. */
  readonly at?: number;
  /** Default: the access key's identity (identities), else an IAM user. */
  readonly identity?: TrailIdentity;
  readonly resources?: ReadonlyArray<{ readonly ResourceType: string; readonly ResourceName: string }>;
}

export const LOOKUP_KEYS = new Set([
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
]);

export function cloudTrailError(code: string, message: string): AwsError {
  return new AwsError(code, message, 400);
}

/** `arn:aws:iam::A:role/deploy-bot` + session → the AssumedRole identity CloudTrail records. */
export function assumedRole(
  accountId: string,
  role: string,
  session: string,
  invokedBy?: string,
): TrailIdentity {
  const roleArn = `arn:aws:iam::${accountId}:role/${role}`;
  return {
    type: 'AssumedRole',
    principalId: `AROA${Buffer.from(role).toString('hex').toUpperCase().slice(0, 13)}:${session}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    accountId,
    ...(invokedBy ? { invokedBy } : {}),
    sessionIssuer: { type: 'Role', arn: roleArn, userName: role },
  };
}

export function iamUser(accountId: string, userName: string): TrailIdentity {
  return {
    type: 'IAMUser',
    principalId: `AIDA${Buffer.from(userName).toString('hex').toUpperCase().slice(0, 13)}`,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    accountId,
    userName,
  };
}

export class FakeCloudTrail {
  readonly events: TrailRecord[] = [];
  /** Who each access key is (default: an IAM user named after the key, as `test` for AKIDTEST…). */
  readonly identities = new Map<string, TrailIdentity>();
  /**
   * Whether ECS calls recorded from the fake's own ECS (ecsEvents.ts) name the service as their
   * resource. Off: they have no resources, so a ResourceName lookup does not find them.
   */
  indexEcsResources = true;
  /** The lookup attribute of each LookupEvents served (null: none), in order: what a test counts (the latest 1000). */
  readonly lookups: Array<{ readonly key: string; readonly value: string } | null> = [];
  private readonly pages = new Paginator();

  constructor(
    private readonly clock: Clock,
    readonly region: string,
    readonly accountId: string,
  ) {}

  reset(): void {
    this.events.length = 0;
    this.identities.clear();
    this.indexEcsResources = true;
    this.lookups.length = 0;
  }

  identityOf(accessKeyId: string | undefined): TrailIdentity {
    return (accessKeyId && this.identities.get(accessKeyId)) || iamUser(this.accountId, 'test');
  }

  /** Records a management event, as CloudTrail does for a write call it served. */
  record(call: RecordCall): TrailRecord {
    const at = call.at ?? this.clock.now();
    const identity = call.identity ?? this.identityOf(call.accessKeyId);
    const eventId = randomUUID();
    const userIdentity: Record<string, unknown> = {
      type: identity.type,
      ...(identity.principalId ? { principalId: identity.principalId } : {}),
      ...(identity.arn ? { arn: identity.arn } : {}),
      accountId: identity.accountId ?? this.accountId,
      ...(call.accessKeyId ? { accessKeyId: call.accessKeyId } : {}),
      ...(identity.userName ? { userName: identity.userName } : {}),
      ...(identity.invokedBy ? { invokedBy: identity.invokedBy } : {}),
      ...(identity.sessionIssuer
        ? {
            sessionContext: {
              sessionIssuer: {
                ...identity.sessionIssuer,
                principalId: identity.principalId,
                accountId: this.accountId,
              },
              attributes: {
                creationDate: new Date(at - 5 * 60_000).toISOString(),
                mfaAuthenticated: 'false',
              },
            },
          }
        : {}),
    };
    const eventSource = call.eventSource ?? 'ecs.amazonaws.com';
    const record = {
      eventVersion: '1.10',
      userIdentity,
      eventTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource,
      eventName: call.eventName,
      awsRegion: this.region,
      sourceIPAddress: call.sourceIPAddress ?? identity.invokedBy ?? '203.0.113.10',
      userAgent: call.userAgent ?? identity.invokedBy ?? 'aws-cli/2.15.0',
      requestParameters: call.requestParameters ?? null,
      responseElements: call.responseElements ?? null,
      requestID: call.requestId ?? randomUUID(),
      eventID: eventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: this.accountId,
      eventCategory: 'Management',
    };
    // Username in LookupEvents: the user name, or the role session name for an assumed role.
    const username =
      identity.userName ??
      (identity.type === 'AssumedRole'
        ? identity.arn?.split('/').pop()
        : identity.type === 'Root'
          ? 'root'
          : undefined);
    const stored: TrailRecord = {
      eventId,
      eventName: call.eventName,
      eventTime: at,
      eventSource,
      readOnly: false,
      accessKeyId: call.accessKeyId,
      username,
      resources: call.resources ?? [],
      record,
    };
    this.events.push(stored);
    return stored;
  }

  /** LookupEvents (API Reference): validation, filter, newest first, pages of ≤ 50. */
  lookup(input: Record<string, unknown>): Record<string, unknown> {
    const attributes = (input['LookupAttributes'] as Array<Record<string, unknown>> | undefined) ?? [];
    if (!Array.isArray(attributes) || attributes.length > 1) {
      throw cloudTrailError(
        'InvalidLookupAttributesException',
        'You cannot use more than one lookup attribute.',
      );
    }
    const attribute = attributes[0];
    if (attribute && (!LOOKUP_KEYS.has(String(attribute['AttributeKey'])) || !attribute['AttributeValue'])) {
      throw cloudTrailError(
        'InvalidLookupAttributesException',
        `Invalid lookup attribute: ${String(attribute['AttributeKey'])}.`,
      );
    }
    this.lookups.push(
      attribute
        ? { key: String(attribute['AttributeKey']), value: String(attribute['AttributeValue']) }
        : null,
    );
    if (this.lookups.length > 1000) this.lookups.shift();
    const now = this.clock.now();
    const seconds = (v: unknown): number | undefined =>
      typeof v === 'number' ? v * 1000 : typeof v === 'string' ? new Date(v).getTime() : undefined;
    const start = seconds(input['StartTime']);
    const end = seconds(input['EndTime']);
    if (start !== undefined && end !== undefined && start > end) {
      throw cloudTrailError('InvalidTimeRangeException', 'Start time must be before end time.');
    }
    const maxResults = input['MaxResults'] as number | undefined;
    if (
      maxResults !== undefined &&
      (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > LOOKUP_LIMITS.maxResults)
    ) {
      throw cloudTrailError(
        'InvalidMaxResultsException',
        `MaxResults must be between 1 and ${LOOKUP_LIMITS.maxResults}.`,
      );
    }
    const oldest = now - LOOKUP_LIMITS.historyDays * DAY_MS;
    const matches = this.events
      .filter((e) => e.eventTime >= oldest)
      .filter(
        (e) => (start === undefined || e.eventTime >= start) && (end === undefined || e.eventTime <= end),
      )
      .filter(
        (e) =>
          !attribute ||
          matchesAttribute(e, String(attribute['AttributeKey']), String(attribute['AttributeValue'])),
      )
      .sort((a, b) => b.eventTime - a.eventTime);
    const scope = `LookupEvents|${JSON.stringify(attribute ?? null)}|${start ?? ''}|${end ?? ''}`;
    const page = this.pages.page(
      matches,
      {
        scope,
        nextToken: typeof input['NextToken'] === 'string' ? input['NextToken'] : undefined,
        maxResults,
        defaultPageSize: LOOKUP_LIMITS.maxResults,
        maxPageSize: LOOKUP_LIMITS.maxResults,
      },
      (message) => cloudTrailError('InvalidNextTokenException', message),
    );
    return {
      Events: page.items.map((e) => ({
        EventId: e.eventId,
        EventName: e.eventName,
        ReadOnly: String(e.readOnly),
        ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
        EventTime: new Date(e.eventTime),
        EventSource: e.eventSource,
        ...(e.username ? { Username: e.username } : {}),
        Resources: e.resources,
        CloudTrailEvent: JSON.stringify(e.record),
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }
}

function matchesAttribute(e: TrailRecord, key: string, value: string): boolean {
  switch (key) {
    case 'EventId':
      return e.eventId === value;
    case 'EventName':
      return e.eventName === value;
    case 'EventSource':
      return e.eventSource === value;
    case 'ReadOnly':
      return String(e.readOnly) === value;
    case 'Username':
      return e.username === value;
    case 'AccessKeyId':
      return e.accessKeyId === value;
    case 'ResourceType':
      return e.resources.some((r) => r.ResourceType === value);
    case 'ResourceName':
      return e.resources.some((r) => r.ResourceName === value);
    default:
      return false;
  }
}
