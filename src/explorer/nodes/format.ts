/** Pure formatting shared by the nodes: ages, ids, markdown-safe text, status icons. */
import type { NodeIcon } from './explorerNode';

export { formatAge, localTimeWithAge } from '../../shared/time';

/** The last path segment of an ARN: the task id, the service name, `family:revision`. */
export function lastSegment(arn: string | undefined): string {
  if (!arn) return '';
  const i = arn.lastIndexOf('/');
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/** Task ids are 32 hex characters; the first 8 are unique enough to read in a tree. */
export function shortTaskId(taskArn: string | undefined): string {
  return lastSegment(taskArn).slice(0, 8);
}

/** Escapes text for Markdown so names and AWS messages render literally. */
export function md(text: string | number | undefined): string {
  if (text === undefined || text === '') return '—';
  return String(text).replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

export function code(text: string | undefined): string {
  if (!text) return '—';
  return '`' + text.replace(/`/g, "'") + '`';
}

/** A Markdown tooltip: a bold title, then `Name: value` lines (empty values are left out). */
export function tooltip(title: string, fields: ReadonlyArray<readonly [string, string | undefined]>): string {
  const lines = fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `**${k}:** ${v ?? ''}`);
  return [`**${md(title)}**`, '', lines.join('  \n')].join('\n');
}

export const Icons = {
  ok: (id = 'pass'): NodeIcon => ({ id, color: 'testing.iconPassed' }),
  busy: (): NodeIcon => ({ id: 'sync~spin', color: 'charts.blue' }),
  warning: (id = 'warning'): NodeIcon => ({ id, color: 'list.warningForeground' }),
  error: (id = 'error'): NodeIcon => ({ id, color: 'list.errorForeground' }),
  idle: (id = 'circle-outline'): NodeIcon => ({ id, color: 'disabledForeground' }),
} as const;

/** ECS task/container states that are on their way somewhere (docs/aws-facts.md §5). */
const transitional = new Set([
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
]);

export function isTransitionalStatus(status: string | undefined): boolean {
  return status !== undefined && transitional.has(status);
}

/** "1 service", "3 services". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
