/** The `ecsFargate.*` settings and their defaults; a unit test keeps package.json in step with this. */
export const SETTINGS_SECTION = 'ecsFargate';

export const settingDefaults = {
  /**
   * 10: one ListServices page (100) is 10 DescribeServices batches (10 each), so 10 in flight
   * describe a page in one round trip and keep pace with the page chain (docs/architecture.md).
   */
  maxConcurrentRequests: 10,
  'explorer.liveUpdates': true,
  /** Extra globs (VS Code glob syntax) of files to check as task definitions, besides *task-definition*.json & co. */
  taskDefinitionFiles: [] as readonly string[],
  /** Time before each log line: local time, UTC, or none. */
  'logs.timestamps': 'local' as 'local' | 'utc' | 'none',
  /** Lines each log channel keeps; older ones are dropped. */
  'logs.maxLines': 10_000 as number,
  /** Follow the logs of tasks started by Run Task and Deploy. */
  'logs.followAfterRun': true as boolean,
  /** How to follow: Live Tail when permitted, else polling (auto); Live Tail only; polling only. */
  'logs.mode': 'auto' as 'auto' | 'liveTail' | 'polling',
  /**
   * Retention of the awslogs log groups the extension creates (Register, Run Task from a file,
   * Deploy): a CloudWatch Logs value in days, or 0 for never expire. Existing groups are not changed.
   */
  'logs.newGroupRetentionDays': 30 as number,
  /** How long Deploy waits for the service rollout before reporting what is still pending. */
  'deploy.timeoutMinutes': 15 as number,
  /** Check what would certainly fail (cluster, execution role, log groups, network) before deploying. */
  'deploy.preflight': true as boolean,
  /** The command Open Shell runs in the container (ECS Exec), e.g. `/bin/bash` or `sh -l`. */
  'exec.shellCommand': '/bin/sh' as string,
  /** Run Locally: S3 environmentFiles ARN → local file (absolute, or relative to the task definition's folder). */
  'local.environmentFiles': {} as Readonly<Record<string, string>>,
  /** Run Locally: a file of local secret values (`NAME=value` or `container.NAME=value`) used instead of AWS. */
  'local.secretsFile': '' as string,
  /**
   * Run Locally: when the task role cannot be assumed, serve the profile's own credentials to the
   * containers instead (they then act with your permissions, not the task role's).
   */
  'local.useOwnCredentials': false as boolean,
} as const;

export type SettingKey = keyof typeof settingDefaults;
