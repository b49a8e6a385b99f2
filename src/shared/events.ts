/** A minimal typed event emitter for editor-free code (vscode.EventEmitter is not available there). */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

/** Subscribes a listener; dispose() unsubscribes (the shape of Emitter.event). */
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
