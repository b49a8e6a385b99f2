/** Launch type or capacity provider strategy, as RunTask and CreateService/UpdateService resolve them. */
import type { CapacityProviderStrategyItem } from '@aws-sdk/client-ecs';
import { invalidParameter } from './errors';
import type { ClusterRecord, LaunchType } from './types';

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

export const NOT_ASSOCIATED =
  'The specified capacity provider strategy cannot contain a capacity provider that is not associated ' +
  'with the cluster. Associate the capacity provider with the cluster or specify a valid capacity ' +
  'provider and try again.';

export interface Placement {
  /** Undefined when neither a launch type nor a strategy applies (RunTask then means EC2). */
  launchType?: LaunchType;
  strategy?: CapacityProviderStrategyItem[];
}

/**
 * The placement a request asks for: its launch type, its strategy, or else the cluster's default
 * strategy. Only the Fargate providers exist in the fake, and they must be associated with the cluster.
 */
export function resolvePlacement(
  cluster: ClusterRecord,
  launchType: string | undefined,
  strategy: readonly CapacityProviderStrategyItem[] | undefined,
): Placement {
  if (launchType && strategy?.length) {
    throw invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  }
  if (launchType) {
    if (launchType !== 'FARGATE' && launchType !== 'EC2') {
      throw invalidParameter(`launchType ${launchType} is not supported by this cluster.`);
    }
    return { launchType };
  }
  const items = strategy?.length ? strategy : cluster.defaultCapacityProviderStrategy;
  if (items.length === 0) return {};
  if (items.length > 20) throw invalidParameter('capacityProviderStrategy can have at most 20 items.');
  for (const item of items) {
    if (!item.capacityProvider || !FARGATE_PROVIDERS.includes(item.capacityProvider)) {
      throw invalidParameter(`The specified capacity provider ${item.capacityProvider} was not found.`);
    }
    if (!cluster.capacityProviders.includes(item.capacityProvider)) {
      throw invalidParameter(NOT_ASSOCIATED);
    }
  }
  return { launchType: 'FARGATE', strategy: items.map((i) => ({ ...i })) };
}

/**
 * The provider the `index`-th task of a placement lands on: each item's `base` tasks first, then the
 * rest split by `weight` (ECS's rule, dealt out round-robin here so it is deterministic).
 */
export function pickCapacityProvider(
  strategy: readonly CapacityProviderStrategyItem[] | undefined,
  index: number,
): string | undefined {
  if (!strategy?.length) return undefined;
  let rest = index;
  for (const item of strategy) {
    const base = item.base ?? 0;
    if (rest < base) return item.capacityProvider;
    rest -= base;
  }
  const weighted = strategy.filter((item) => (item.weight ?? 0) > 0);
  if (weighted.length === 0) return strategy[0]!.capacityProvider;
  const total = weighted.reduce((sum, item) => sum + (item.weight ?? 0), 0);
  let slot = rest % total;
  for (const item of weighted) {
    const weight = item.weight ?? 0;
    if (slot < weight) return item.capacityProvider;
    slot -= weight;
  }
  return weighted[0]!.capacityProvider;
}
