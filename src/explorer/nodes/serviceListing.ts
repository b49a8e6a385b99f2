/**
 * One progressive listing of a cluster's services, behind the cluster node: the tree shows the
 * first page's services as soon as they are described (≈ 2 round trips after the click), then
 * appends the pages that arrived since (each re-render at least doubles the rows) while the page
 * chain goes on (never a "Load more" click), with a "Loading more…" row at the end until the
 * listing is complete. The rows are
 * always sorted by service name, so later pages slot in where their names belong.
 * A failure part-way keeps the services so far and puts an error row (with retry) where the
 * loading row was. Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { Described, DescribeFailure } from '../../aws/listAndDescribe';
import type { ServiceDecorations } from './explorerNode';

/** The fewest new services worth a re-render: one ListServices page (docs/aws-facts.md §4). */
export const ROWS_PER_UPDATE = 100;

export type ListingState =
  | { readonly kind: 'listing' }
  /** Every service is known; `decorations` (utilization, scaling) follow in a last update. */
  | { readonly kind: 'done'; readonly decorations?: ServiceDecorations }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface ListingSnapshot {
  /** Sorted by service name. */
  readonly services: readonly Service[];
  readonly failures: readonly DescribeFailure[];
  readonly state: ListingState;
}

export interface ServiceListingSource {
  list(onBatch: (batch: Described<Service>) => void): Promise<Described<Service>>;
  /** Utilization and scaling for the whole list, once it is complete (never throws). */
  decorate(services: readonly Service[]): Promise<ServiceDecorations>;
}

export class ServiceListing {
  private services: Service[] = [];
  private failures: DescribeFailure[] = [];
  private state: ListingState = { kind: 'listing' };
  /** Rows in the last snapshot; undefined until the first one was taken. */
  private shownRows: number | undefined;
  private updatePending = false;
  private sorted = true;
  /** Resolves when the first rows can be shown: a page's worth, or the end (whichever comes first). */
  readonly firstRows: Promise<void>;
  private firstRowsReady = (): void => undefined;
  private started = false;

  constructor(
    private readonly source: ServiceListingSource,
    /** Called when rows were added or the listing ended, after the first rows were shown. */
    private readonly onUpdate: () => void,
  ) {
    this.firstRows = new Promise((resolve) => (this.firstRowsReady = resolve));
  }

  /** Nothing more will change: failed, or complete with its decorations. */
  get settled(): boolean {
    return (
      this.state.kind === 'failed' || (this.state.kind === 'done' && this.state.decorations !== undefined)
    );
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  snapshot(): ListingSnapshot {
    this.shownRows = this.services.length;
    this.updatePending = false;
    return { services: this.sortedServices(), failures: [...this.failures], state: this.state };
  }

  private sortedServices(): Service[] {
    if (!this.sorted) {
      this.services.sort((a, b) => (a.serviceName ?? '').localeCompare(b.serviceName ?? ''));
      this.sorted = true;
    }
    return [...this.services];
  }

  private async run(): Promise<void> {
    let result: Described<Service>;
    try {
      result = await this.source.list((batch) => this.add(batch));
    } catch (error) {
      this.finish({ kind: 'failed', error });
      return;
    }
    // The complete result is the reference (it holds every batch, reported or not).
    this.services = [...result.items];
    this.failures = [...result.failures];
    this.sorted = false;
    // All the rows first (the loading row goes), then their utilization and scaling.
    this.state = { kind: 'done' };
    if (this.shownRows !== undefined) this.update(true);
    const decorations = await this.source.decorate(this.sortedServices());
    this.finish({ kind: 'done', decorations });
  }

  private add(batch: Described<Service>): void {
    if (this.state.kind !== 'listing') return;
    this.services.push(...batch.items);
    this.failures.push(...batch.failures);
    this.sorted = false;
    if (this.services.length >= ROWS_PER_UPDATE) this.firstRowsReady();
    // After the first rows, a re-render once the new rows are at least a page and at least as many
    // as those shown: 100, 200, 400, 800, 1,600, then the end. Every re-render builds all the rows
    // on the extension host's one thread, which also parses the describes; doubling keeps the rows
    // rendered in all below 3× the list, where one re-render per page would be 10× for 2,000.
    const added = this.services.length - (this.shownRows ?? 0);
    if (this.shownRows !== undefined && added >= Math.max(ROWS_PER_UPDATE, this.shownRows)) this.update();
  }

  /** `always`: the end of a phase is told even if a page update is still pending. */
  private update(always = false): void {
    if (this.updatePending && !always) return;
    this.updatePending = true;
    this.onUpdate();
  }

  private finish(state: ListingState): void {
    this.state = state;
    this.firstRowsReady();
    if (this.shownRows !== undefined) this.update(true);
  }
}
