/** "From when" for log history: `30m`, `2h`, `3d`, `1w` before now, or a past date and time. Editor-free. */

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Epoch ms, or undefined when the text is neither a duration nor a past ISO-like date and time. */
export function parseSince(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  const relative = /^(\d+)\s*([smhdw])$/i.exec(trimmed);
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]!.toLowerCase()]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) || time > now ? undefined : time;
}
