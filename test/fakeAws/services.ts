/**
 * The contract between the HTTP server and one fake AWS service (ECS, STS, later ECR, Logs…).
 * A module says how it is reached (JSON target prefix, or query signing name and version),
 * which protocol it speaks, and handles operations; the server does HTTP, auth, faults and stats.
 */
import type { AwsError, StandardErrorTable } from './errors';

export interface CallContext {
  /** The service's signing name: 'ecs', 'sts'. Also the IAM action prefix. */
  readonly service: string;
  readonly operation: string;
  readonly accessKeyId: string | undefined;
  readonly region: string;
  readonly accountId: string;
  readonly requestId: string;
  /** The request's User-Agent header (CloudTrail records it). */
  readonly userAgent?: string;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Protocol {
  readonly kind: 'json' | 'query';
  readonly standardErrors: StandardErrorTable;
  /** Parses the request body into the handler's input; throws an AwsError when malformed. */
  parse(body: string): unknown;
  reply(result: unknown, ctx: CallContext): HttpReply;
  error(err: AwsError, ctx: CallContext): HttpReply;
}

export interface ServiceModule {
  /** SigV4 signing name ('ecs', 'sts'); query protocols are routed by it. */
  readonly signingName: string;
  readonly protocol: Protocol;
  /** JSON protocols: the X-Amz-Target prefix before the dot, e.g. 'AmazonEC2ContainerServiceV20141113'. */
  readonly jsonTargetPrefix?: string;
  /** Query protocols: the Version form field, e.g. '2011-06-15' (used when a request is unsigned). */
  readonly queryVersion?: string;
  /** This service's names for standard errors, where they differ from its protocol's. */
  readonly errors?: Partial<StandardErrorTable>;
  /** The resource an AccessDenied message names for this call ('*' when none). */
  resourceFor?(operation: string, input: unknown, ctx: CallContext): string;
  /** Runs one operation; throws AwsError for service errors (an unknown operation included). */
  handle(operation: string, input: unknown, ctx: CallContext): unknown;
}
