/** How clean-up items read in the quick pick and the confirmation (editor-free, unit tested). */
import type { CleanUpItem, CleanUpKind } from './cleanUpTypes';
import { CLEAN_UP_ORDER } from './cleanUpTypes';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 minutes ago", "5 hours ago", "3 days ago"; "age unknown" without a date. */
export function age(date: Date | undefined, now: number): string {
  if (!date) return 'age unknown';
  const ms = Math.max(0, now - date.getTime());
  const ago = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return ago(Math.floor(ms / MINUTE), 'minute');
  if (ms < DAY) return ago(Math.floor(ms / HOUR), 'hour');
  return ago(Math.floor(ms / DAY), 'day');
}

const NOUNS: Readonly<Record<CleanUpKind, readonly [string, string]>> = {
  service: ['service', 'services'],
  revision: ['task-definition revision', 'task-definition revisions'],
  image: ['image', 'images'],
  repository: ['repository', 'repositories'],
  cluster: ['cluster', 'clusters'],
};

/** "1 service, 4 task-definition revisions and 7 images", in delete order. */
export function countSummary(items: readonly CleanUpItem[]): string {
  const parts = CLEAN_UP_ORDER.flatMap((kind) => {
    const n = items.filter((i) => i.kind === kind).length;
    return n === 0 ? [] : [`${n} ${NOUNS[kind][n === 1 ? 0 : 1]}`];
  });
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export interface ItemText {
  readonly label: string;
  /** What it is and its age. */
  readonly description: string;
  /** What deleting it does, or why to think twice. */
  readonly detail?: string;
}

const created = (item: CleanUpItem) => (item.createdByExtension ? 'created by the extension · ' : '');

export function describeItem(item: CleanUpItem, now: number): ItemText {
  const when = age(item.createdAt, now);
  switch (item.kind) {
    case 'service':
      return {
        label: `$(server-process) ${item.service}`,
        description: `service in ${item.cluster} · ${created(item)}${when}`,
        detail: [
          item.autoScaled ? 'auto scaling removed first' : undefined,
          item.desiredCount > 0 ? `scaled from ${item.desiredCount} to 0, then deleted` : 'deleted',
        ]
          .filter(Boolean)
          .join('; '),
      };
    case 'revision':
      return {
        label: `$(file-code) ${item.label}`,
        description: `task-definition revision · registered ${when}`,
        ...(item.inUse ? { detail: 'the service runs this revision now' } : {}),
      };
    case 'image': {
      const tags = item.tags.length > 0 ? item.tags.join(', ') : 'untagged';
      const size = item.sizeBytes !== undefined ? ` · ${(item.sizeBytes / 1024 / 1024).toFixed(1)} MB` : '';
      return {
        label: `$(package) ${item.repository}:${tags}`,
        description: `image ${item.digest.replace(/^sha256:/, '').slice(0, 12)}${size} · pushed ${when}`,
        ...(item.inUse ? { detail: "the service's task definition uses this image" } : {}),
      };
    }
    case 'repository':
      return {
        label: `$(repo) ${item.repository}`,
        description: `ECR repository · ${created(item)}${when}`,
        detail:
          item.imageCount > 0
            ? `holds ${item.imageCount} image${item.imageCount === 1 ? '' : 's'}: deleted only if none remain after the image deletes`
            : 'empty',
      };
    case 'cluster':
      return {
        label: `$(layers) ${item.cluster}`,
        description: `cluster · ${created(item)}deleted last, once empty`,
        ...(item.otherServices.length > 0
          ? { detail: `also holds ${item.otherServices.join(', ')}: it is kept while they exist` }
          : {}),
      };
  }
}
