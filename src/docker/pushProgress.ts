/**
 * Push progress: the daemon reports each layer separately (`Preparing`, `Waiting`, `Pushing` with
 * byte counts, `Pushed`, `Layer already exists`, `Mounted from …`); this folds them into one
 * percentage and the counts of layers uploaded versus already in the registry.
 */
import type { DockerStreamEvent } from './streamParser';

type LayerState = 'waiting' | 'pushing' | 'pushed' | 'existed';

interface Layer {
  state: LayerState;
  current: number;
  total?: number;
}

export interface PushSummary {
  /** 0–100, whole numbers. */
  readonly percent: number;
  readonly layers: number;
  readonly pushed: number;
  readonly alreadyPresent: number;
  readonly bytesPushed: number;
  readonly bytesTotal: number;
}

/** Layer ids are 12 hex digits; other `id`s (the tag being pushed) are not layers. */
const LAYER_ID = /^[0-9a-f]{12}$/;

export class PushProgress {
  private readonly layers = new Map<string, Layer>();
  /** The bar only moves forward, even when a big layer's size becomes known late. */
  private highest = 0;

  /** Applies one stream event; returns true when the summary changed. */
  apply(event: DockerStreamEvent): boolean {
    if (event.kind !== 'status' || event.id === undefined || !LAYER_ID.test(event.id)) return false;
    const layer = this.layers.get(event.id) ?? { state: 'waiting', current: 0 };
    this.layers.set(event.id, layer);
    const status = event.status;
    if (status === 'Pushing') {
      layer.state = 'pushing';
      const { current, total } = event.progressDetail ?? {};
      if (typeof current === 'number') layer.current = current;
      if (typeof total === 'number' && total > 0) layer.total = total;
    } else if (status === 'Pushed') {
      layer.state = 'pushed';
      if (layer.total !== undefined) layer.current = layer.total;
    } else if (status === 'Layer already exists' || status.startsWith('Mounted from')) {
      layer.state = 'existed';
    }
    return true;
  }

  summary(): PushSummary {
    const layers = [...this.layers.values()];
    const known = layers.filter((l) => l.total !== undefined);
    const averageSize =
      known.length > 0 ? known.reduce((sum, l) => sum + (l.total ?? 0), 0) / known.length : 1;
    let done = 0;
    let total = 0;
    for (const layer of layers) {
      // A layer whose size is unknown weighs as much as an average one, so a still-waiting big
      // layer cannot make the bar jump to 100 %.
      const weight = layer.total ?? averageSize;
      total += weight;
      if (layer.state === 'pushed' || layer.state === 'existed') done += weight;
      else if (layer.state === 'pushing' && layer.total) done += Math.min(layer.current, layer.total);
    }
    const computed = total === 0 ? 0 : Math.min(100, Math.floor((done / total) * 100));
    this.highest = Math.max(this.highest, computed);
    const percent = this.highest;
    return {
      percent,
      layers: layers.length,
      pushed: layers.filter((l) => l.state === 'pushed').length,
      alreadyPresent: layers.filter((l) => l.state === 'existed').length,
      bytesPushed: layers
        .filter((l) => l.state === 'pushed' || l.state === 'pushing')
        .reduce((sum, l) => sum + (l.total === undefined ? l.current : Math.min(l.current, l.total)), 0),
      bytesTotal: known.reduce((sum, l) => sum + (l.total ?? 0), 0),
    };
  }
}
