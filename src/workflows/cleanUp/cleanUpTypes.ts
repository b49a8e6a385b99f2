/**
 * "Clean Up" for a deploy target: what the plan lists and what the execution reports. Editor-free.
 * The tutorials end with "delete everything to avoid charges"; this lists what the extension made
 * for a target (and what piled up: old revisions, old images) so the user can tick what goes.
 */
import type { EcrGateway } from '../../aws/ecrGateway';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { ScalingGateway } from '../../aws/scalingGateway';
import type { TaskDefinitionGateway } from '../../aws/taskDefinitionGateway';

export type CleanUpKind = 'service' | 'revision' | 'image' | 'repository' | 'cluster';

/** The order deletes run in: what uses a thing goes before the thing (the cluster last). */
export const CLEAN_UP_ORDER: readonly CleanUpKind[] = [
  'service',
  'revision',
  'image',
  'repository',
  'cluster',
];

interface ItemBase {
  /** Unique within a plan. */
  readonly id: string;
  /** Ticked in the quick pick at first: only what the extension created. */
  readonly createdByExtension: boolean;
  /** When it was created, registered or pushed (for the age shown), when known. */
  readonly createdAt?: Date;
}

export interface ServiceItem extends ItemBase {
  readonly kind: 'service';
  readonly cluster: string;
  readonly service: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  /** Its scalable target is deregistered first, or auto scaling could scale it back up. */
  readonly autoScaled: boolean;
}

export interface RevisionItem extends ItemBase {
  readonly kind: 'revision';
  readonly arn: string;
  /** `web:4` */
  readonly label: string;
  /** The service runs it now. */
  readonly inUse: boolean;
}

export interface ImageItem extends ItemBase {
  readonly kind: 'image';
  readonly repository: string;
  readonly digest: string;
  readonly tags: readonly string[];
  readonly sizeBytes?: number;
  /** The service's current task definition names it. */
  readonly inUse: boolean;
}

export interface RepositoryItem extends ItemBase {
  readonly kind: 'repository';
  readonly repository: string;
  /** Images in it now; it is deleted only when none remain after the image deletes. */
  readonly imageCount: number;
}

export interface ClusterItem extends ItemBase {
  readonly kind: 'cluster';
  readonly cluster: string;
  /** Services in it other than the target's (the cluster is then kept). */
  readonly otherServices: readonly string[];
}

export type CleanUpItem = ServiceItem | RevisionItem | ImageItem | RepositoryItem | ClusterItem;

export interface CleanUpPlan {
  readonly targetName: string;
  readonly keep: number;
  readonly items: readonly CleanUpItem[];
  /** What was looked for and not found, or could not be read (shown above the list). */
  readonly notes: readonly string[];
}

export type CleanUpOutcome = 'deleted' | 'skipped' | 'failed';

export interface CleanUpItemResult {
  readonly item: CleanUpItem;
  readonly outcome: CleanUpOutcome;
  /** One sentence: what happened, and what to do when it did not. */
  readonly message: string;
}

/** The gateways clean up uses (a narrow slice of each, so tests can hand in small fakes). */
export interface CleanUpGateways {
  readonly ecs: Pick<
    EcsGateway,
    | 'describeServices'
    | 'describeClusters'
    | 'listServices'
    | 'updateService'
    | 'deleteService'
    | 'deleteCluster'
  >;
  readonly taskDefinitions: Pick<TaskDefinitionGateway, 'listRevisions' | 'describe' | 'deregister'>;
  readonly ecr: Pick<EcrGateway, 'getRepository' | 'listImages' | 'deleteImages' | 'deleteRepository'>;
  readonly scaling?: Pick<ScalingGateway, 'isAutoScaled' | 'deregisterTarget'>;
}
