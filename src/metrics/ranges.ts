/** The metrics chart's time ranges and the CloudWatch period of each (about 60–170 points per series). */
export type SeriesRange = '1h' | '6h' | '24h' | '7d';

export const SERIES_RANGES: readonly SeriesRange[] = ['1h', '6h', '24h', '7d'];

export const RANGES: Readonly<
  Record<SeriesRange, { readonly ms: number; readonly periodSeconds: number; readonly label: string }>
> = {
  '1h': { ms: 3_600_000, periodSeconds: 60, label: 'last hour' },
  '6h': { ms: 6 * 3_600_000, periodSeconds: 300, label: 'last 6 hours' },
  '24h': { ms: 24 * 3_600_000, periodSeconds: 900, label: 'last 24 hours' },
  '7d': { ms: 7 * 24 * 3_600_000, periodSeconds: 3600, label: 'last 7 days' },
};

export function isSeriesRange(value: unknown): value is SeriesRange {
  return typeof value === 'string' && (SERIES_RANGES as readonly string[]).includes(value);
}
