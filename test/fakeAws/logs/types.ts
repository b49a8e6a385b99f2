/** Internal records of the fake CloudWatch Logs. The API shapes are made from them by the handlers. */

/** One ingested event. `seq` is the ingestion order across the whole account (ties on timestamp). */
export interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  readonly seq: number;
  /** FilterLogEvents' eventId: 56 digits, unique in the account, like the real ones. */
  readonly eventId: string;
  /** UTF-8 bytes of the message plus the 26 bytes of overhead CloudWatch counts per event. */
  readonly size: number;
}

export interface StreamRecord {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
  /** Sorted by (timestamp, seq): the order GetLogEvents and FilterLogEvents return. */
  readonly events: StoredEvent[];
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface GroupRecord {
  readonly name: string;
  /** DescribeLogGroups' `arn`: ends with `:*` (the form IAM policies use). */
  readonly arn: string;
  /** DescribeLogGroups' `logGroupArn`: no `:*` (the form StartLiveTail and logGroupIdentifier take). */
  readonly logGroupArn: string;
  readonly createdAt: number;
  retentionInDays?: number;
  readonly streams: Map<string, StreamRecord>;
}

/** An event as a test or the admin API puts it: the timestamp defaults to the fake's clock. */
export interface EventInput {
  readonly timestamp?: number;
  readonly message: string;
}
