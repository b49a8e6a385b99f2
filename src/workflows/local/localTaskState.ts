/**
 * The mutable state behind LocalTaskSnapshot: the runner changes it, every change is pushed to the
 * listener as a fresh immutable snapshot (the explorer and the metadata endpoint read those).
 * Editor-free.
 */
import type {
  LocalContainerSnapshot,
  LocalHealthStatus,
  LocalTaskListener,
  LocalTaskSnapshot,
} from './localTask';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class LocalTaskState {
  private task: Mutable<Omit<LocalTaskSnapshot, 'containers'>>;
  private readonly containers: Array<Mutable<LocalContainerSnapshot>>;

  constructor(
    initial: LocalTaskSnapshot,
    private readonly listener: LocalTaskListener,
  ) {
    const { containers, ...task } = initial;
    this.task = { ...task };
    this.containers = containers.map((c) => ({ ...c }));
  }

  snapshot(): LocalTaskSnapshot {
    return { ...this.task, containers: this.containers.map((c) => ({ ...c })) };
  }

  get status(): LocalTaskSnapshot['status'] {
    return this.task.status;
  }

  container(name: string): LocalContainerSnapshot | undefined {
    return this.containers.find((c) => c.name === name);
  }

  byDockerId(id: string): LocalContainerSnapshot | undefined {
    return this.containers.find((c) => c.dockerId === id);
  }

  all(): readonly LocalContainerSnapshot[] {
    return this.containers;
  }

  updateTask(change: Partial<Mutable<Omit<LocalTaskSnapshot, 'containers'>>>): void {
    this.task = { ...this.task, ...change };
    this.listener(this.snapshot());
  }

  /** Applies a change to a container; notifies only when something changed. */
  updateContainer(name: string, change: Partial<Mutable<LocalContainerSnapshot>>): void {
    const c = this.containers.find((x) => x.name === name);
    if (!c) return;
    let changed = false;
    for (const [key, value] of Object.entries(change) as Array<[keyof LocalContainerSnapshot, unknown]>) {
      const before = c[key];
      const same =
        before instanceof Date && value instanceof Date
          ? before.getTime() === value.getTime()
          : before === value;
      if (!same) {
        (c as Record<string, unknown>)[key] = value;
        changed = true;
      }
    }
    if (changed) this.listener(this.snapshot());
  }
}

/** Docker's health (`healthy`, `unhealthy`, `starting`, none) in ECS's words. */
export function ecsHealth(docker: string | undefined): LocalHealthStatus {
  if (docker === 'healthy') return 'HEALTHY';
  if (docker === 'unhealthy') return 'UNHEALTHY';
  return 'UNKNOWN';
}
