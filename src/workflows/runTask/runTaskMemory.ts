/**
 * The last run's choices, per workspace (workspaceState) and per connection (a cluster or subnet
 * of one account/region means nothing in another), so each Run Task step starts pre-filled.
 * Only ids, names and flags are kept: nothing secret (overrides may hold environment values, so
 * they are kept only as the user typed them, in this workspace's own storage, and never logged).
 * Editor-free: the store is the Memento subset.
 */
import type { TaskOverride } from '@aws-sdk/client-ecs';
import type { RunTaskCapacity, RunTaskNetwork } from './runTaskInput';

export interface RunTaskMemoryStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface LastRun {
  readonly cluster?: string;
  readonly family?: string;
  readonly network?: RunTaskNetwork & { readonly source?: string };
  readonly capacity?: RunTaskCapacity;
  readonly count?: number;
  readonly overrides?: TaskOverride;
  readonly enableExecuteCommand?: boolean;
}

const PREFIX = 'ecsFargate.runTask.last';

export class RunTaskMemory {
  constructor(private readonly store: RunTaskMemoryStore) {}

  private key(connection: { profile: string; region: string }): string {
    return `${PREFIX}/${connection.profile}/${connection.region}`;
  }

  get(connection: { profile: string; region: string }): LastRun {
    return this.store.get<LastRun>(this.key(connection)) ?? {};
  }

  async remember(connection: { profile: string; region: string }, run: LastRun): Promise<void> {
    await this.store.update(this.key(connection), run);
  }
}
