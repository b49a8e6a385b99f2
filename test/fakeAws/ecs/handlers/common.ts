/** Shared pieces of the ECS operation handlers: cluster lookup, batch limits, paging. */
import type { CallContext } from '../../services';
import type { Page } from '../../pagination';
import { clusterName } from '../arns';
import { clusterNotFound, invalidParameter } from '../errors';
import type { FakeEcs } from '../fakeEcs';
import type { ClusterRecord } from '../types';

export type Handler = (ecs: FakeEcs, input: unknown, ctx: CallContext) => unknown;

/** Types a handler's input as the SDK request shape it receives. */
export function op<I>(fn: (ecs: FakeEcs, input: I, ctx: CallContext) => unknown): Handler {
  return (ecs, input, ctx) => fn(ecs, input as I, ctx);
}

/** The cluster a request names (name or ARN; 'default' when omitted), or ClusterNotFoundException. */
export function requireCluster(ecs: FakeEcs, ref: string | undefined): ClusterRecord {
  const name = clusterName(ref);
  const cluster = name === undefined ? undefined : ecs.clusters.get(name);
  if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
  return cluster;
}

/** A required list parameter with ECS's batch limit (DescribeServices: 10, DescribeTasks: 100…). */
export function requireBatch(items: string[] | undefined, max: number, name: string): string[] {
  if (!items || items.length === 0) throw invalidParameter(`${name} can not be empty.`);
  if (items.length > max) throw invalidParameter(`${name} can have at most ${max} items.`);
  return items;
}

export function includes(include: readonly string[] | undefined): string[] {
  return [...(include ?? [])];
}

export function pageOf<T>(
  ecs: FakeEcs,
  items: readonly T[],
  scope: string,
  input: { nextToken?: string; maxResults?: number },
  defaultPageSize: number,
): Page<T> {
  return ecs.pages.page(
    items,
    { scope, nextToken: input.nextToken, maxResults: input.maxResults, defaultPageSize },
    invalidParameter,
  );
}
