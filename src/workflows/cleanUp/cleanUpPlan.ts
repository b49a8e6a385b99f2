/**
 * The plan of "Clean Up": what exists for a deploy target and what is beyond the last N.
 * Reads only; nothing is deleted here. Editor-free.
 *
 * - the target's service, when it exists (ticked when the extension created it);
 * - ACTIVE revisions of its task-definition family beyond the newest `keep`;
 * - images of its ECR repository beyond the newest `keep` pushes;
 * - the repository itself and the cluster, only when the extension created them.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { parseTaskDefinitionId } from '../../aws/taskDefinitionGateway';
import type { DeployTarget } from '../deploy/deployTarget';
import type { CleanUpGateways, CleanUpItem, CleanUpPlan, ImageItem, RevisionItem } from './cleanUpTypes';

export const DEFAULT_KEEP = 3;

export interface PlanOptions {
  /** How many of the newest revisions and images to keep (0: everything may go). */
  readonly keep: number;
  /** The family from the target's task-definition file, for when the service does not exist. */
  readonly family?: string;
  readonly signal?: AbortSignal;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function planCleanUp(
  target: DeployTarget,
  gateways: CleanUpGateways,
  options: PlanOptions,
): Promise<CleanUpPlan> {
  const { signal } = options;
  const keep = Math.max(0, Math.floor(options.keep));
  const created = target.created ?? {};
  const notes: string[] = [];
  const items: CleanUpItem[] = [];

  const service = target.service
    ? await findService(gateways, target.cluster, target.service, signal)
    : undefined;
  if (target.service && !service)
    notes.push(`Service ${target.service} does not exist in ${target.cluster}.`);
  if (service) {
    const autoScaled = gateways.scaling
      ? await gateways.scaling
          .isAutoScaled(target.cluster, service.serviceName ?? '', signal)
          .catch(() => false)
      : false;
    items.push({
      kind: 'service',
      id: `service:${target.cluster}/${service.serviceName ?? ''}`,
      cluster: target.cluster,
      service: service.serviceName ?? '',
      desiredCount: service.desiredCount ?? 0,
      runningCount: service.runningCount ?? 0,
      autoScaled,
      createdByExtension: created.service === true,
      ...(service.createdAt ? { createdAt: service.createdAt } : {}),
    });
  }

  const current = parseTaskDefinitionId(service?.taskDefinition);
  const family = current?.family ?? options.family;
  const imagesInUse = new Set<string>();
  if (family) {
    items.push(...(await oldRevisions(gateways, family, keep, service?.taskDefinition, signal)));
    if (service?.taskDefinition) {
      try {
        const { taskDefinition } = await gateways.taskDefinitions.describe(service.taskDefinition, signal);
        for (const c of taskDefinition.containerDefinitions ?? []) if (c.image) imagesInUse.add(c.image);
      } catch (error) {
        notes.push(`Could not read ${service.taskDefinition}: ${message(error)}`);
      }
    }
  } else {
    notes.push('No task-definition family is known for this target (no service, no family in the file).');
  }

  const repository = await gateways.ecr.getRepository(target.repository, signal);
  if (!repository) notes.push(`ECR repository ${target.repository} does not exist.`);
  if (repository) {
    const images = await gateways.ecr.listImages(repository.name, signal); // newest push first
    items.push(
      ...images.slice(keep).map((image): ImageItem => ({
        kind: 'image',
        id: `image:${repository.name}@${image.digest}`,
        repository: repository.name,
        digest: image.digest,
        tags: image.tags,
        ...(image.sizeBytes !== undefined ? { sizeBytes: image.sizeBytes } : {}),
        ...(image.pushedAt ? { createdAt: image.pushedAt } : {}),
        inUse: [...imagesInUse].some(
          (ref) =>
            ref.endsWith(`@${image.digest}`) ||
            image.tags.some((t) => ref.endsWith(`/${repository.name}:${t}`)),
        ),
        createdByExtension: false,
      })),
    );
    if (created.repository) {
      items.push({
        kind: 'repository',
        id: `repository:${repository.name}`,
        repository: repository.name,
        imageCount: images.length,
        createdByExtension: true,
        ...(repository.createdAt ? { createdAt: repository.createdAt } : {}),
      });
    }
  }

  if (created.cluster) {
    const { items: clusters } = await gateways.ecs.describeClusters([target.cluster], signal);
    const cluster = clusters.find((c) => c.status !== 'INACTIVE');
    if (!cluster) notes.push(`Cluster ${target.cluster} does not exist.`);
    else {
      const { items: services } = await gateways.ecs.listServices(target.cluster, signal);
      const otherServices = services
        .map((s) => s.serviceName ?? '')
        .filter((name) => name !== '' && name !== service?.serviceName);
      items.push({
        kind: 'cluster',
        id: `cluster:${target.cluster}`,
        cluster: target.cluster,
        otherServices,
        createdByExtension: true,
      });
    }
  }
  return { targetName: target.name, keep, items, notes };
}

async function findService(
  gateways: CleanUpGateways,
  cluster: string,
  name: string,
  signal?: AbortSignal,
): Promise<Service | undefined> {
  const { items: clusters } = await gateways.ecs.describeClusters([cluster], signal);
  if (!clusters.some((c) => c.status === 'ACTIVE')) return undefined;
  const { items } = await gateways.ecs.describeServices(cluster, [name], signal);
  return items.find((s) => s.status === 'ACTIVE');
}

/** ACTIVE revisions beyond the newest `keep`, each described for its registration time. */
async function oldRevisions(
  gateways: CleanUpGateways,
  family: string,
  keep: number,
  inUseArn: string | undefined,
  signal?: AbortSignal,
): Promise<RevisionItem[]> {
  const arns = (await gateways.taskDefinitions.listRevisions(family, 'ACTIVE', signal)).slice(keep);
  const inUse = parseTaskDefinitionId(inUseArn);
  // The gateway's describe limiter bounds how many run at once; an unreadable age is no reason to stop.
  const registered = await Promise.all(
    arns.map((arn) =>
      gateways.taskDefinitions
        .describe(arn, signal)
        .then((d) => d.taskDefinition.registeredAt)
        .catch(() => undefined),
    ),
  );
  return arns.map((arn, i) => {
    const id = parseTaskDefinitionId(arn);
    const registeredAt = registered[i];
    return {
      kind: 'revision',
      id: `revision:${arn}`,
      arn,
      label: id ? `${id.family}:${id.revision}` : arn,
      inUse: id !== undefined && inUse?.family === id.family && inUse.revision === id.revision,
      createdByExtension: false,
      ...(registeredAt ? { createdAt: registeredAt } : {}),
    };
  });
}
