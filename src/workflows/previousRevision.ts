/**
 * Which task-definition revision "Roll Back" goes to. Editor-free.
 *
 * First choice: the task definition of the service's previous deployment, while ECS still lists one
 * (an ACTIVE deployment still draining, or a recent INACTIVE one): that is what actually ran before.
 * ECS forgets old deployments soon after a rollout completes, so otherwise: the highest ACTIVE
 * revision of the family below the current one. Either way the revision must still be ACTIVE,
 * because ECS refuses to roll a service out to a deregistered (INACTIVE) revision.
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { parseTaskDefinitionId, type TaskDefinitionGateway } from '../aws/taskDefinitionGateway';

export type RollbackSource = 'previousDeployment' | 'previousActiveRevision';

export interface RollbackTarget {
  /** The revision's ARN, as ListTaskDefinitions returned it. */
  readonly taskDefinitionArn: string;
  /** `web:6` */
  readonly label: string;
  /** `web:7` */
  readonly currentLabel: string;
  readonly source: RollbackSource;
  /** One sentence for the confirmation: where the revision comes from. */
  readonly why: string;
}

export type RollbackChoice =
  ({ readonly found: true } & RollbackTarget) | { readonly found: false; readonly reason: string };

const label = (arn: string | undefined): string => {
  const id = parseTaskDefinitionId(arn);
  return id ? `${id.family}:${id.revision}` : (arn ?? '');
};

const timeOf = (d: Deployment): number => (d.updatedAt ?? d.createdAt)?.getTime() ?? 0;

/**
 * The pure decision, given the service and the ARNs of its family's ACTIVE revisions (any order).
 */
export function choosePreviousRevision(service: Service, activeArns: readonly string[]): RollbackChoice {
  const current = parseTaskDefinitionId(service.taskDefinition);
  const name = service.serviceName ?? 'The service';
  if (!current) {
    return { found: false, reason: `${name} has no task definition revision to roll back from.` };
  }
  const currentLabel = `${current.family}:${current.revision}`;
  const active = new Map(
    activeArns.flatMap((arn) => {
      const id = parseTaskDefinitionId(arn);
      return id && id.family === current.family ? [[id.revision, arn] as const] : [];
    }),
  );

  const previousDeployment = (service.deployments ?? [])
    .filter((d) => d.status !== 'PRIMARY')
    .filter((d) => {
      const id = parseTaskDefinitionId(d.taskDefinition);
      return id !== undefined && !(id.family === current.family && id.revision === current.revision);
    })
    .sort((a, b) => timeOf(b) - timeOf(a))[0];
  if (previousDeployment) {
    const id = parseTaskDefinitionId(previousDeployment.taskDefinition);
    const arn = id && id.family === current.family ? active.get(id.revision) : undefined;
    if (arn) {
      return {
        found: true,
        taskDefinitionArn: arn,
        label: label(arn),
        currentLabel,
        source: 'previousDeployment',
        why: `${label(arn)} is the task definition of the service's previous deployment (${previousDeployment.status ?? 'listed'} in ECS).`,
      };
    }
  }

  const below = [...active.keys()].filter((r) => r < current.revision).sort((a, b) => b - a)[0];
  if (below === undefined) {
    return {
      found: false,
      reason: `${name} runs ${currentLabel} and there is no ACTIVE revision of ${current.family} below it to roll back to.`,
    };
  }
  const arn = active.get(below)!;
  const skipped = previousDeployment
    ? ` (the previous deployment's ${label(previousDeployment.taskDefinition)} is not an ACTIVE revision of ${current.family})`
    : '';
  return {
    found: true,
    taskDefinitionArn: arn,
    label: label(arn),
    currentLabel,
    source: 'previousActiveRevision',
    why: `${previousDeployment ? 'The previous deployment cannot be used' : 'ECS no longer lists a previous deployment'}${skipped}, so this is the highest ACTIVE revision of ${current.family} below ${current.revision}.`,
  };
}

/** Lists the family's ACTIVE revisions and decides. */
export async function findPreviousRevision(
  service: Service,
  taskDefinitions: Pick<TaskDefinitionGateway, 'listRevisions'>,
  signal?: AbortSignal,
): Promise<RollbackChoice> {
  const current = parseTaskDefinitionId(service.taskDefinition);
  const active = current ? await taskDefinitions.listRevisions(current.family, 'ACTIVE', signal) : [];
  return choosePreviousRevision(service, active);
}
