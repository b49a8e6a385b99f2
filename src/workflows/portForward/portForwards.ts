/**
 * The port forwards running now, for the status-bar item and the Stop/Show commands: added when
 * started, gone when they end (by stop, by the agent, or broken). Disposing stops them all, so the
 * editor closing leaves nothing listening. Editor-free.
 */
import { type Disposable, Emitter } from '../../shared/events';
import type { PortForward, PortForwardEnd } from './portForward';

export interface PortForwardEnded {
  readonly forward: PortForward;
  readonly end: PortForwardEnd;
}

export class PortForwards implements Disposable {
  private readonly forwards: PortForward[] = [];
  private readonly changed = new Emitter<void>();
  private readonly endedEmitter = new Emitter<PortForwardEnded>();
  /** Something was added, removed, or a forward's connections changed. */
  readonly onDidChange = this.changed.event;
  /** A forward ended (including by stop()): the UI says why when it was not the user. */
  readonly onDidEnd = this.endedEmitter.event;

  get all(): readonly PortForward[] {
    return this.forwards;
  }

  add(forward: PortForward): void {
    this.forwards.push(forward);
    const subscription = forward.onEvent((event) => {
      if (event.kind === 'connections' || event.kind === 'waiting') this.changed.fire();
    });
    void forward.ended.then((end) => {
      subscription.dispose();
      const index = this.forwards.indexOf(forward);
      if (index >= 0) this.forwards.splice(index, 1);
      this.changed.fire();
      this.endedEmitter.fire({ forward, end });
    });
    this.changed.fire();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.forwards].map((f) => f.stop()));
  }

  dispose(): void {
    void this.stopAll();
    this.changed.dispose();
    this.endedEmitter.dispose();
  }
}

/** `127.0.0.1:8080`. */
export function localAddress(forward: Pick<PortForward, 'localHost' | 'localPort'>): string {
  return `${forward.localHost}:${forward.localPort}`;
}
