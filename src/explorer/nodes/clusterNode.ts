/**
 * A cluster: active services, running and pending tasks, Container Insights on/off. Its children
 * are its services (all of them, listed and described in parallel batches, never "Load more";
 * in the tree they appear a page at a time with a "Loading more…" row until the end, see
 * serviceListing.ts), then the Standalone and Stopped task groups.
 */
import type { Cluster } from '@aws-sdk/client-ecs';
import { ContextValues } from '../contextValues';
import { consoleUrls } from '../consoleUrls';
import { describedChildren } from './describedChildren';
import { LoadingNode } from './loadingNode';
import { ServiceListing, type ListingSnapshot } from './serviceListing';
import type {
  ChildrenProgress,
  ExplorerContext,
  ExplorerNode,
  NodeView,
  ServiceDecoration,
  ServiceDecorations,
} from './explorerNode';
import { Icons, code, md, plural, tooltip } from './format';
import { ServiceNode } from './serviceNode';
import { TaskGroupNode } from './taskGroupNode';

export class ClusterNode implements ExplorerNode {
  readonly parent = undefined;

  /** The services listing in progress, or finished and not shown yet. */
  private listing: ServiceListing | undefined;

  constructor(
    private readonly ctx: ExplorerContext,
    public cluster: Cluster,
  ) {}

  get name(): string {
    return this.cluster.clusterName ?? '';
  }

  get id(): string {
    return `${this.ctx.region}/cluster:${this.name}`;
  }

  get arn(): string | undefined {
    return this.cluster.clusterArn;
  }

  /** 'on', 'off', or undefined when the setting was not returned. */
  get containerInsights(): 'on' | 'off' | undefined {
    const setting = this.cluster.settings?.find((s) => s.name === 'containerInsights');
    if (!setting) return undefined;
    return setting.value === 'disabled' ? 'off' : 'on'; // 'enabled' and 'enhanced' are both on
  }

  /** One DescribeClusters for this cluster (not a re-list of every cluster in the region). */
  async reload(signal?: AbortSignal): Promise<void> {
    const { items } = await this.ctx.ecs.describeClusters([this.cluster.clusterArn ?? this.name], signal);
    const fresh = items.find((c) => c.clusterArn === this.cluster.clusterArn);
    if (fresh) this.cluster = fresh;
  }

  consoleUrl(): string {
    return consoleUrls.cluster(this.ctx.region, this.name);
  }

  async getChildren(signal?: AbortSignal, progress?: ChildrenProgress): Promise<ExplorerNode[]> {
    if (!progress) return this.childrenOf(await this.listAll(signal), undefined);
    // A listing still going on (or finished but not shown yet) is shown as it stands; otherwise
    // this expand or refresh starts a fresh one.
    let listing = this.listing;
    if (!listing) {
      listing = this.startListing(progress, signal);
      this.listing = listing;
    }
    await listing.firstRows;
    const snapshot = listing.snapshot();
    if (listing.settled && this.listing === listing) this.listing = undefined;
    if (snapshot.state.kind === 'failed' && snapshot.services.length === 0) throw snapshot.state.error;
    return this.childrenOf(snapshot, progress);
  }

  private startListing(progress: ChildrenProgress, signal?: AbortSignal): ServiceListing {
    const listing = new ServiceListing(
      {
        list: (onBatch) => this.ctx.ecs.listServices(this.name, signal, onBatch),
        decorate: async (services) =>
          (await this.ctx.decorateServices?.(this.name, services, signal)) ??
          new Map<string, ServiceDecoration>(),
      },
      () => progress.changed(this),
    );
    listing.start();
    return listing;
  }

  /** Everything at once (no tree to tell about progress). */
  private async listAll(signal?: AbortSignal): Promise<ListingSnapshot> {
    const result = await this.ctx.ecs.listServices(this.name, signal);
    const services = [...result.items].sort((a, b) =>
      (a.serviceName ?? '').localeCompare(b.serviceName ?? ''),
    );
    // Utilization and scaling for all the cluster's services in batched calls, not one per service.
    const decorations: ServiceDecorations =
      (await this.ctx.decorateServices?.(this.name, services, signal)) ??
      new Map<string, ServiceDecoration>();
    return { services, failures: result.failures, state: { kind: 'done', decorations } };
  }

  private childrenOf(snapshot: ListingSnapshot, progress: ChildrenProgress | undefined): ExplorerNode[] {
    const { state } = snapshot;
    const decorations = state.kind === 'done' ? state.decorations : undefined;
    const services = describedChildren(
      this,
      { items: snapshot.services, failures: snapshot.failures },
      (service) =>
        new ServiceNode(this, this.ctx, this.name, service, decorations?.get(service.serviceName ?? '')),
      'service',
      'No services',
    );
    const tail: ExplorerNode[] = [];
    if (state.kind === 'listing') tail.push(new LoadingNode(this, this.loadingProgress(snapshot)));
    if (state.kind === 'failed' && progress) tail.push(progress.problem(this, state.error));
    return [
      ...services,
      ...tail,
      new TaskGroupNode(this, this.ctx, this.name, 'standalone'),
      new TaskGroupNode(this, this.ctx, this.name, 'stopped'),
    ];
  }

  /** "100 of 2000 services" (the cluster's count of active services, when DescribeClusters gave it). */
  private loadingProgress(snapshot: ListingSnapshot): string {
    const total = this.cluster.activeServicesCount;
    const shown = snapshot.services.length;
    return total !== undefined && total >= shown
      ? `${shown} of ${plural(total, 'service')}`
      : plural(shown, 'service');
  }

  view(): NodeView {
    const c = this.cluster;
    const parts = [plural(c.activeServicesCount ?? 0, 'service'), `${c.runningTasksCount ?? 0} running`];
    if ((c.pendingTasksCount ?? 0) > 0) parts.push(`${c.pendingTasksCount} pending`);
    const insights = this.containerInsights;
    if (insights) parts.push(`Insights ${insights}`);
    if (c.status && c.status !== 'ACTIVE') parts.push(c.status);
    return {
      label: this.name,
      description: parts.join(' · '),
      tooltip: tooltip(`Cluster ${this.name}`, [
        ['Status', md(c.status)],
        ['Services', String(c.activeServicesCount ?? 0)],
        ['Tasks', `${c.runningTasksCount ?? 0} running / ${c.pendingTasksCount ?? 0} pending`],
        ['Container Insights', insights ?? 'unknown'],
        ['Capacity providers', c.capacityProviders?.length ? md(c.capacityProviders.join(', ')) : undefined],
        ['ARN', code(c.clusterArn)],
      ]),
      icon: c.status === 'ACTIVE' || !c.status ? { id: 'layers' } : Icons.idle('layers'),
      collapsible: 'collapsed',
      contextValue: ContextValues.cluster,
    };
  }
}

/**
 * The explorer's top level for one connection: every cluster, by name. No clusters at all gives
 * an empty list, so the view shows its "no clusters in this region" welcome content instead.
 */
export const clustersRoot = {
  step: 'Listing clusters',
  list: (ctx: ExplorerContext, signal?: AbortSignal) => listClusterNodes(ctx, signal),
};

export async function listClusterNodes(ctx: ExplorerContext, signal?: AbortSignal): Promise<ExplorerNode[]> {
  const result = await ctx.ecs.listClusters(signal);
  if (result.items.length === 0 && result.failures.length === 0) return [];
  const items = [...result.items].sort((a, b) => (a.clusterName ?? '').localeCompare(b.clusterName ?? ''));
  return describedChildren(
    undefined,
    { items, failures: result.failures },
    (c) => new ClusterNode(ctx, c),
    'cluster',
    '',
  );
}
