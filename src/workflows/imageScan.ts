/**
 * Waiting for ECR's scan on push after a push: DescribeImageScanFindings polled with backoff,
 * bounded in time and cancellable. Neither the bound nor a cancellation nor a failed scan is a
 * failure of the push: the wait ends with an outcome that says what happened. Editor-free.
 *
 * Why not the SDK's `waitUntilImageScanComplete`: it takes the ECRClient rather than the gateway,
 * works in whole seconds (minDelay 5 s), throws for the timeout and the abort, and rejects at once
 * on ScanNotFoundException / ImageNotFoundException, which ECR can answer for a moment right after
 * the push. Here those mean "not started yet".
 */
import type { EcrGateway, EcrRepository } from '../aws/ecrGateway';

export const SCAN_WAIT_DEFAULTS = { maxWaitMs: 120_000, minDelayMs: 2_000, maxDelayMs: 15_000 } as const;

/** ECR statuses after which another poll can still change the answer. */
const PENDING_STATUSES = new Set(['IN_PROGRESS', 'PENDING']);
/** Statuses with findings to show (ACTIVE: enhanced scanning, scanned continuously). */
const DONE_STATUSES = new Set(['COMPLETE', 'ACTIVE']);
/** Errors that mean the scan (or the image, on ECR's side) is not there yet. */
const NOT_YET_ERRORS = new Set(['ScanNotFoundException', 'ImageNotFoundException']);

export interface ScanWaitOptions {
  /** The bound (default 120 s). */
  readonly maxWaitMs?: number;
  /** The first pause between polls (default 2 s), doubled up to maxDelayMs (default 15 s). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * `complete`: the counts are final. `failed`: ECR could not scan (see description). `timeout`: the
 * scan was still running at the bound. `cancelled`: the wait was cancelled. `error`: ECR did not
 * answer the question (e.g. access denied); the description says why.
 */
export type ScanOutcome = 'complete' | 'failed' | 'timeout' | 'cancelled' | 'error';

export interface ImageScanReport {
  readonly outcome: ScanOutcome;
  /** ECR's last status (`COMPLETE`, `FAILED`, `IN_PROGRESS`…), `PENDING` before the scan showed up. */
  readonly status: string;
  readonly description?: string;
  /** By severity, as ECR reports them (severities without findings are absent). */
  readonly findingSeverityCounts: Readonly<Record<string, number>>;
  readonly waitedMs: number;
  /** The image's page (its findings) in the ECR console, in the repository's region. */
  readonly consoleUrl: string;
}

function consoleHost(partition: string, region: string): string {
  if (partition === 'aws-cn') return `https://console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `https://console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

/** The ECR console page of an image, in the repository's region and partition (from its ARN). */
export function ecrImageConsoleUrl(
  repository: Pick<EcrRepository, 'arn' | 'name' | 'registryId'>,
  digest: string,
): string {
  const [, partition = 'aws', , region = 'us-east-1', account = ''] = repository.arn.split(':');
  const registryId = repository.registryId ?? account;
  return (
    `${consoleHost(partition, region)}/ecr/repositories/private/${registryId}/${repository.name}` +
    `/_/image/${digest}/details?region=${region}`
  );
}

/** "1 critical, 4 high, 11 medium" (most severe first), or "no findings". */
export function formatSeverityCounts(counts: Readonly<Record<string, number>>): string {
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([severity, n]) => `${n} ${severity.toLowerCase()}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** One sentence for the notification and the output channel. */
export function describeScan(report: ImageScanReport): string {
  switch (report.outcome) {
    case 'complete':
      return `Scan findings: ${formatSeverityCounts(report.findingSeverityCounts)}.`;
    case 'failed':
      return `The image scan failed (${report.status})${report.description ? `: ${report.description}` : '.'}`;
    case 'timeout':
      return `The image scan is still running after ${Math.round(report.waitedMs / 1000)} s: see the console for its findings.`;
    case 'cancelled':
      return 'Stopped waiting for the image scan; it goes on in ECR.';
    case 'error':
      return `Could not read the image scan${report.description ? `: ${report.description}` : '.'}`;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls the image's scan until it has a result, the bound passes or the signal aborts; never
 * throws for those. `onPoll` sees every status read (for progress).
 */
export async function waitForImageScan(
  ecr: Pick<EcrGateway, 'scanFindings'>,
  repository: Pick<EcrRepository, 'arn' | 'name' | 'registryId'>,
  digest: string,
  options: ScanWaitOptions = {},
  signal?: AbortSignal,
  onPoll?: (status: string) => void,
): Promise<ImageScanReport> {
  const maxWaitMs = options.maxWaitMs ?? SCAN_WAIT_DEFAULTS.maxWaitMs;
  const maxDelayMs = Math.max(1, options.maxDelayMs ?? SCAN_WAIT_DEFAULTS.maxDelayMs);
  let delay = Math.min(maxDelayMs, Math.max(1, options.minDelayMs ?? SCAN_WAIT_DEFAULTS.minDelayMs));
  const started = Date.now();
  const consoleUrl = ecrImageConsoleUrl(repository, digest);
  let status = 'PENDING';
  let description: string | undefined;
  const report = (outcome: ScanOutcome, counts: Readonly<Record<string, number>> = {}): ImageScanReport => ({
    outcome,
    status,
    ...(description ? { description } : {}),
    findingSeverityCounts: counts,
    waitedMs: Date.now() - started,
    consoleUrl,
  });

  for (;;) {
    if (signal?.aborted) return report('cancelled');
    const remaining = maxWaitMs - (Date.now() - started);
    if (remaining <= 0) return report('timeout');
    // The bound also limits the call in flight; the caller's signal cancels it.
    const callSignal = signal
      ? AbortSignal.any([signal, AbortSignal.timeout(remaining)])
      : AbortSignal.timeout(remaining);
    try {
      const findings = await ecr.scanFindings(repository.name, { digest }, callSignal);
      status = findings.status;
      description = findings.description;
      onPoll?.(status);
      if (DONE_STATUSES.has(status)) return report('complete', findings.counts);
      if (!PENDING_STATUSES.has(status)) return report('failed');
    } catch (error) {
      if (signal?.aborted) return report('cancelled');
      if (callSignal.aborted) return report('timeout');
      if (!(error instanceof Error) || !NOT_YET_ERRORS.has(error.name)) {
        description = error instanceof Error ? error.message : String(error);
        return report('error');
      }
      onPoll?.(status);
    }
    const left = maxWaitMs - (Date.now() - started);
    if (left <= 0) return report('timeout');
    await sleep(Math.min(delay, left), signal);
    delay = Math.min(maxDelayMs, delay * 2);
  }
}
