/**
 * The log retentions the `ecsFargate.logs.newGroupRetentionDays` setting accepts (apart from
 * workflows/logGroups.ts so the settings, read at activation, do not load the workflow).
 */
/** What PutRetentionPolicy accepts (docs/aws-facts.md); 0 here means "never expire" (no policy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** A retention the setting may hold: a CloudWatch value, or 0 for never expire. */
export function isValidRetention(days: unknown): days is number {
  return days === 0 || (typeof days === 'number' && LOG_RETENTION_DAYS.includes(days));
}
