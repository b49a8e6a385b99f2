/**
 * The local tasks of this window: the running ones (their handles, to stop them) and the last few
 * stopped ones (their report stays readable in the Local view). The view and the commands read it;
 * it fires on every task change. On dispose (VS Code closing) every running task is stopped and
 * removed (docs/local-run.md §10). Editor-free.
 */
import { Emitter } from '../../shared/events';
import type { LocalTaskSnapshot } from './localTask';
import type { LocalTaskHandle } from './runLocalTask';

const KEPT_STOPPED = 5;

export class LocalTaskRegistry {
  private readonly handles = new Map<string, LocalTaskHandle>();
  private readonly snapshots = new Map<string, LocalTaskSnapshot>();
  private readonly changed = new Emitter<LocalTaskSnapshot | undefined>();
  readonly onDidChange = this.changed.event;

  /** Call with every snapshot the runner reports (its onTask listener). */
  update(task: LocalTaskSnapshot): void {
    this.snapshots.set(task.taskId, task);
    if (task.status === 'STOPPED') this.trimStopped();
    this.changed.fire(task);
  }

  add(handle: LocalTaskHandle): void {
    this.handles.set(handle.taskId, handle);
    this.update(handle.snapshot());
    void handle.stopped.then((task) => {
      this.handles.delete(task.taskId);
      this.update(task);
    });
  }

  handle(taskId: string): LocalTaskHandle | undefined {
    return this.handles.get(taskId);
  }

  /** Newest first. */
  tasks(): LocalTaskSnapshot[] {
    return [...this.snapshots.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  running(): LocalTaskSnapshot[] {
    return this.tasks().filter((t) => t.status !== 'STOPPED');
  }

  /** Tasks of this window still holding Docker resources: never leftovers. */
  activeIds(): Set<string> {
    return new Set(this.handles.keys());
  }

  /** Stops every running task; resolves when all are removed. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.stop().catch(() => undefined)));
  }

  private trimStopped(): void {
    const stopped = this.tasks().filter((t) => t.status === 'STOPPED');
    for (const t of stopped.slice(KEPT_STOPPED)) this.snapshots.delete(t.taskId);
  }

  dispose(): void {
    void this.stopAll();
    this.changed.dispose();
  }
}
