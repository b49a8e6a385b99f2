/**
 * Runs the ticked items of a clean-up plan, one result per item, in a safe order: the service
 * (auto scaling removed, scaled to 0, deleted) → task-definition revisions (DeregisterTaskDefinition;
 * DeleteTaskDefinitions is not used: the fake AWS endpoint does not speak it, and a deregistered
 * revision costs nothing) → ECR images (BatchDeleteImage, ≤100 per call) → the repository, only
 * when it is then empty → the cluster last, only once it is empty. A failure is reported for its
 * item and the rest carry on; a cancellation skips what is left. Editor-free.
 */
import { sleep } from '../../shared/concurrency';
import type {
  CleanUpGateways,
  CleanUpItem,
  CleanUpItemResult,
  ClusterItem,
  ImageItem,
  RepositoryItem,
  RevisionItem,
  ServiceItem,
} from './cleanUpTypes';
import { CLEAN_UP_ORDER } from './cleanUpTypes';
import { clusterNotEmptyReason, drainAndDeleteService, waitForEmptyCluster } from './deleteServiceSafely';

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  /** A line per step, for the progress notification and the output channel. */
  readonly onProgress?: (text: string) => void;
  /** How long to wait for a deleted service's tasks to drain before deleting the cluster. */
  readonly drainTimeoutMs?: number;
  readonly pollMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function executeCleanUp(
  selected: readonly CleanUpItem[],
  gateways: CleanUpGateways,
  options: ExecuteOptions = {},
): Promise<CleanUpItemResult[]> {
  const results: CleanUpItemResult[] = [];
  const report = options.onProgress ?? (() => undefined);
  const of = <K extends CleanUpItem['kind']>(kind: K) =>
    selected.filter((i): i is Extract<CleanUpItem, { kind: K }> => i.kind === kind);
  const cancelled = () => options.signal?.aborted === true;
  const skipCancelled = (items: readonly CleanUpItem[]) => {
    for (const item of items)
      results.push({ item, outcome: 'skipped', message: 'Cancelled before it was deleted.' });
  };
  const attempt = async (item: CleanUpItem, work: () => Promise<CleanUpItemResult>) => {
    if (cancelled()) return skipCancelled([item]);
    try {
      results.push(await work());
    } catch (error) {
      if (cancelled()) return skipCancelled([item]);
      results.push({ item, outcome: 'failed', message: message(error) });
    }
  };

  for (const item of of('service')) {
    report(`Deleting service ${item.service}…`);
    await attempt(item, () => deleteService(item, gateways, options.signal));
  }
  const revisions = of('revision');
  for (const [i, item] of revisions.entries()) {
    report(`Deregistering ${item.label} (${i + 1}/${revisions.length})…`);
    await attempt(item, () => deregister(item, gateways));
  }
  const images = of('image');
  if (images.length > 0) {
    report(`Deleting ${images.length} image${images.length === 1 ? '' : 's'}…`);
    if (cancelled()) skipCancelled(images);
    else results.push(...(await deleteImages(images, gateways, options.signal)));
  }
  for (const item of of('repository')) {
    report(`Deleting repository ${item.repository}…`);
    await attempt(item, () => deleteRepository(item, gateways, options.signal));
  }
  for (const item of of('cluster')) {
    report(`Deleting cluster ${item.cluster} once it is empty…`);
    await attempt(item, () => deleteCluster(item, gateways, options));
  }
  const rank = (r: CleanUpItemResult) => CLEAN_UP_ORDER.indexOf(r.item.kind);
  return results.sort((a, b) => rank(a) - rank(b));
}

async function deleteService(
  item: ServiceItem,
  gateways: CleanUpGateways,
  signal?: AbortSignal,
): Promise<CleanUpItemResult> {
  const deleted = await drainAndDeleteService(
    gateways,
    {
      cluster: item.cluster,
      service: item.service,
      desiredCount: item.desiredCount,
      autoScaled: item.autoScaled,
    },
    signal,
  );
  const steps = [
    deleted.scalingRemoved ? 'auto scaling removed' : undefined,
    deleted.scaledToZero ? `scaled from ${item.desiredCount} to 0` : undefined,
  ].filter(Boolean);
  return {
    item,
    outcome: 'deleted',
    message: `Service ${item.service} deleted${steps.length ? ` (${steps.join(', ')})` : ''}; it shows DRAINING until its tasks stop.`,
  };
}

async function deregister(item: RevisionItem, gateways: CleanUpGateways): Promise<CleanUpItemResult> {
  await gateways.taskDefinitions.deregister(item.arn);
  return { item, outcome: 'deleted', message: `${item.label} deregistered (INACTIVE).` };
}

async function deleteImages(
  images: readonly ImageItem[],
  gateways: CleanUpGateways,
  signal?: AbortSignal,
): Promise<CleanUpItemResult[]> {
  const byRepository = new Map<string, ImageItem[]>();
  for (const image of images)
    byRepository.set(image.repository, [...(byRepository.get(image.repository) ?? []), image]);
  const results: CleanUpItemResult[] = [];
  for (const [repository, items] of byRepository) {
    try {
      const out = await gateways.ecr.deleteImages(
        repository,
        items.map((i) => i.digest),
        signal,
      );
      const deleted = new Set(out.deleted);
      const failures = new Map(out.failures.map((f) => [f.digest, f.reason]));
      for (const item of items) {
        if (deleted.has(item.digest))
          results.push({ item, outcome: 'deleted', message: `Image ${shortDigest(item.digest)} deleted.` });
        else
          results.push({
            item,
            outcome: 'failed',
            message: `ECR did not delete image ${shortDigest(item.digest)}: ${failures.get(item.digest) ?? 'no reason given'}`,
          });
      }
    } catch (error) {
      for (const item of items) results.push({ item, outcome: 'failed', message: message(error) });
    }
  }
  return results;
}

async function deleteRepository(
  item: RepositoryItem,
  gateways: CleanUpGateways,
  signal?: AbortSignal,
): Promise<CleanUpItemResult> {
  const left = await gateways.ecr.listImages(item.repository, signal);
  if (left.length > 0) {
    return {
      item,
      outcome: 'skipped',
      message: `Repository ${item.repository} still holds ${left.length} image${left.length === 1 ? '' : 's'}, so it was kept. Tick its images too (or keep 0) to delete it.`,
    };
  }
  await gateways.ecr.deleteRepository(item.repository, signal);
  return { item, outcome: 'deleted', message: `Repository ${item.repository} deleted.` };
}

async function deleteCluster(
  item: ClusterItem,
  gateways: CleanUpGateways,
  options: ExecuteOptions,
): Promise<CleanUpItemResult> {
  const state = await waitForEmptyCluster(gateways.ecs, item.cluster, {
    timeoutMs: options.drainTimeoutMs ?? 120_000,
    pollMs: options.pollMs ?? 5_000,
    sleep: options.sleep ?? sleep,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!state.cluster) {
    return { item, outcome: 'skipped', message: `Cluster ${item.cluster} no longer exists.` };
  }
  const notEmpty = clusterNotEmptyReason(item.cluster, state.cluster, state.services);
  if (notEmpty)
    return { item, outcome: 'skipped', message: `${notEmpty} (Run Clean Up again to delete it.)` };
  await gateways.ecs.deleteCluster(item.cluster, options.signal);
  return { item, outcome: 'deleted', message: `Cluster ${item.cluster} deleted.` };
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** "3 deleted, 1 skipped, 1 failed" */
export function summarizeResults(results: readonly CleanUpItemResult[]): string {
  const count = (o: CleanUpItemResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return [
    `${count('deleted')} deleted`,
    count('skipped') ? `${count('skipped')} skipped` : '',
    count('failed') ? `${count('failed')} failed` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
