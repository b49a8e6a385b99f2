/** Times as people read them: compact ages ("3h 5m") and local clock times with their age. */

/** "45s", "12m", "3h 5m", "4d" — the compact ages people read in kubectl/e1s. */
export function formatAge(fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `2026-12-07 09:12:03 (3h 5m ago)`: the user's local time (the process's time zone, as the tree's
 * ages are relative to the local clock), with its age; `(in 5m)` for a time still to come.
 */
export function localTimeWithAge(date: Date | undefined, nowMs: number): string | undefined {
  if (!date || Number.isNaN(date.getTime())) return undefined;
  const local =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const at = date.getTime();
  const age = at > nowMs + 1000 ? `in ${formatAge(nowMs, at)}` : `${formatAge(at, nowMs)} ago`;
  return `${local} (${age})`;
}
