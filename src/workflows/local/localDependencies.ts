/**
 * A local task's dependsOn, as ECS applies it (docs/local-run.md §7): whether a container's condition
 * on another (START, COMPLETE, SUCCESS, HEALTHY) is met, still pending, or can never be met; and the
 * stop order, dependents before what they depend on. Pure: the task run (localTaskRun.ts) starts and
 * stops the containers.
 */
import type { LocalContainerSnapshot } from './localTask';
import type { PlannedContainer } from './localTaskPlan';

/** `'met'`, `'pending'`, or why `condition` on `t` (the container named `targetName`) can never be met. */
export function dependencyState(
  t: LocalContainerSnapshot | undefined,
  targetName: string,
  condition: string,
): string {
  if (!t) return `container ${targetName} is not in the task`;
  switch (condition) {
    case 'START':
      return t.status !== 'PENDING' ? 'met' : 'pending';
    case 'COMPLETE':
      return t.status === 'STOPPED' && t.exitCode !== undefined ? 'met' : 'pending';
    case 'SUCCESS':
      if (t.status !== 'STOPPED' || t.exitCode === undefined) return 'pending';
      return t.exitCode === 0 ? 'met' : `${targetName} exited with code ${t.exitCode}, not 0 (SUCCESS)`;
    case 'HEALTHY':
      if (t.health === 'HEALTHY') return 'met';
      return t.status === 'STOPPED' ? `${targetName} stopped before it was HEALTHY` : 'pending';
    default:
      return `unknown condition ${condition}`;
  }
}

/**
 * Whether container `c` may start: `'ready'` (every condition met), `'waiting'`, or the failure of
 * its first condition that can never be met (the task then fails to start, as in ECS).
 */
export function startReadiness(
  c: PlannedContainer,
  containerOf: (name: string) => LocalContainerSnapshot | undefined,
): 'ready' | 'waiting' | { readonly failure: string } {
  let ready = true;
  for (const d of c.dependsOn) {
    const s = dependencyState(containerOf(d.containerName), d.containerName, d.condition);
    if (s === 'met') continue;
    if (s !== 'pending') {
      return {
        failure: `CannotStartContainerError: container ${c.name} depends on ${d.containerName} ${d.condition}: ${s}`,
      };
    }
    ready = false;
  }
  return ready ? 'ready' : 'waiting';
}

/**
 * The containers of `remaining` that no other container of `remaining` depends on: they stop first.
 * A cycle (none qualifies) stops them all at once.
 */
export function nextStopWave<C extends { readonly plan: PlannedContainer }>(remaining: readonly C[]): C[] {
  const names = new Set(remaining.map((c) => c.plan.name));
  const wave = remaining.filter(
    (c) =>
      !remaining.some((other) =>
        other.plan.dependsOn.some((d) => d.containerName === c.plan.name && names.has(other.plan.name)),
      ),
  );
  return wave.length === 0 ? [...remaining] : wave;
}
