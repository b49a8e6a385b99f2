/** ListClusters, DescribeClusters, CreateCluster, DeleteCluster, UpdateClusterSettings. */
import type {
  Cluster,
  CreateClusterRequest,
  DeleteClusterRequest,
  DescribeClustersRequest,
  Failure,
  ListClustersRequest,
  UpdateClusterSettingsRequest,
} from '@aws-sdk/client-ecs';
import { clusterArn, clusterName } from '../arns';
import { NOT_ASSOCIATED } from '../capacity';
import { clusterContainsServices, clusterContainsTasks, invalidParameter } from '../errors';
import { toTags } from '../fakeEcs';
import { renderCluster } from '../render';
import { includes, op, pageOf, requireBatch, requireCluster, type Handler } from './common';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export const clusterHandlers: Record<string, Handler> = {
  ListClusters: op<ListClustersRequest>((ecs, input) => {
    const arns = [...ecs.clusters.values()].filter((c) => c.status === 'ACTIVE').map((c) => c.arn);
    const page = pageOf(ecs, arns, 'ListClusters', input, 100);
    return { clusterArns: page.items, nextToken: page.nextToken };
  }),

  DescribeClusters: op<DescribeClustersRequest>((ecs, input) => {
    const refs = input.clusters === undefined ? ['default'] : requireBatch(input.clusters, 100, 'clusters');
    const include = includes(input.include);
    const clusters: Cluster[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const name = clusterName(ref);
      const record = name === undefined ? undefined : ecs.clusters.get(name);
      if (record) clusters.push(renderCluster(ecs, record, include));
      else failures.push({ arn: name === undefined ? ref : clusterArn(ecs, name), reason: 'MISSING' });
    }
    return { clusters, failures };
  }),

  CreateCluster: op<CreateClusterRequest>((ecs, input) => {
    const name = input.clusterName ?? 'default';
    if (!NAME.test(name)) {
      throw invalidParameter('Cluster name must be 1-255 letters, numbers, hyphens and underscores.');
    }
    const insights = input.settings?.find((s) => s.name === 'containerInsights')?.value;
    const providers = input.capacityProviders ?? ['FARGATE', 'FARGATE_SPOT'];
    if (input.defaultCapacityProviderStrategy?.some((i) => !providers.includes(i.capacityProvider ?? ''))) {
      throw invalidParameter(NOT_ASSOCIATED);
    }
    const record = ecs.createCluster(name, {
      containerInsights: insights === 'enabled' || insights === 'enhanced',
      tags: toTags(input.tags),
      capacityProviders: input.capacityProviders,
      defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy,
      configuration: input.configuration,
    });
    return { cluster: renderCluster(ecs, record, ['SETTINGS', 'TAGS']) };
  }),

  DeleteCluster: op<DeleteClusterRequest>((ecs, input) => {
    if (!input.cluster) throw invalidParameter('cluster can not be blank.');
    const record = requireCluster(ecs, input.cluster);
    // DRAINING services still count: a cluster can go once its services are INACTIVE.
    const services = [...(ecs.services.get(record.name)?.values() ?? [])];
    if (services.some((s) => s.status !== 'INACTIVE')) throw clusterContainsServices();
    const tasks = [...(ecs.tasks.get(record.name)?.values() ?? [])];
    if (tasks.some((t) => ecs.taskStatus(t) !== 'STOPPED')) throw clusterContainsTasks();
    record.status = 'INACTIVE';
    return { cluster: renderCluster(ecs, record, []) };
  }),

  UpdateClusterSettings: op<UpdateClusterSettingsRequest>((ecs, input) => {
    const record = requireCluster(ecs, input.cluster);
    if (!input.settings || input.settings.length === 0) throw invalidParameter('settings can not be empty.');
    for (const setting of input.settings) {
      if (setting.name !== 'containerInsights')
        throw invalidParameter(`Unknown cluster setting ${setting.name}.`);
      if (!['enabled', 'disabled', 'enhanced'].includes(setting.value ?? '')) {
        throw invalidParameter('containerInsights must be enabled, enhanced or disabled.');
      }
      record.containerInsights = setting.value !== 'disabled';
    }
    return { cluster: renderCluster(ecs, record, ['SETTINGS']) };
  }),
};
