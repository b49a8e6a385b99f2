/** ECS ARNs, and resolving the names-or-ARNs the API accepts. */
export interface ArnScope {
  region: string;
  accountId: string;
}

const prefix = (s: ArnScope): string => `arn:aws:ecs:${s.region}:${s.accountId}`;

export const clusterArn = (s: ArnScope, cluster: string): string => `${prefix(s)}:cluster/${cluster}`;
export const serviceArn = (s: ArnScope, cluster: string, service: string): string =>
  `${prefix(s)}:service/${cluster}/${service}`;
export const taskArn = (s: ArnScope, cluster: string, id: string): string =>
  `${prefix(s)}:task/${cluster}/${id}`;
export const containerArn = (s: ArnScope, cluster: string, taskId: string, uuid: string): string =>
  `${prefix(s)}:container/${cluster}/${taskId}/${uuid}`;
export const taskDefinitionArn = (s: ArnScope, family: string, revision: number): string =>
  `${prefix(s)}:task-definition/${family}:${revision}`;

const ECS_ARN = /^arn:aws[a-z-]*:ecs:[^:]*:\d*:([a-z-]+)\/(.+)$/;

/** The resource type and path of an ECS ARN ('cluster', 'prod'), or undefined for a plain name. */
export function parseArn(value: string): { type: string; path: string[] } | undefined {
  const match = ECS_ARN.exec(value);
  return match ? { type: match[1]!, path: match[2]!.split('/') } : undefined;
}

/** A cluster name from a name or cluster ARN; undefined when it is an ARN of another kind. */
export function clusterName(ref: string | undefined): string | undefined {
  if (ref === undefined || ref === '') return 'default';
  const arn = parseArn(ref);
  if (!arn) return ref.startsWith('arn:') ? undefined : ref;
  return arn.type === 'cluster' ? arn.path.join('/') : undefined;
}

/** A service name from a name or ARN (new `service/cluster/name` and old `service/name` formats). */
export function serviceRef(ref: string): { cluster?: string; name: string } | undefined {
  const arn = parseArn(ref);
  if (!arn) return ref.startsWith('arn:') ? undefined : { name: ref };
  if (arn.type !== 'service') return undefined;
  return arn.path.length >= 2 ? { cluster: arn.path[0], name: arn.path[1]! } : { name: arn.path[0]! };
}

/** A task id from an id or task ARN (`task/cluster/id`, or the old `task/id`). */
export function taskRef(ref: string): { cluster?: string; id: string } | undefined {
  const arn = parseArn(ref);
  if (!arn) return ref.startsWith('arn:') ? undefined : { id: ref };
  if (arn.type !== 'task') return undefined;
  return arn.path.length >= 2 ? { cluster: arn.path[0], id: arn.path[1]! } : { id: arn.path[0]! };
}

/** Family and optional revision from 'family', 'family:3' or a task definition ARN. */
export function taskDefinitionRef(ref: string): { family: string; revision?: number } | undefined {
  let text = ref;
  const arn = parseArn(ref);
  if (arn) {
    if (arn.type !== 'task-definition') return undefined;
    text = arn.path.join('/');
  } else if (ref.startsWith('arn:')) return undefined;
  const [family, rev, ...rest] = text.split(':');
  if (!family || rest.length > 0) return undefined;
  if (rev === undefined) return { family };
  const revision = Number(rev);
  return Number.isInteger(revision) && revision > 0 ? { family, revision } : undefined;
}

export const serviceDeploymentArn = (s: ArnScope, cluster: string, service: string, id: string): string =>
  `${prefix(s)}:service-deployment/${cluster}/${service}/${id}`;
export const serviceRevisionArn = (s: ArnScope, cluster: string, service: string, id: string): string =>
  `${prefix(s)}:service-revision/${cluster}/${service}/${id}`;

/** Cluster, service and id of a service-deployment or service-revision ARN (`type/cluster/service/id`). */
export function serviceChildRef(
  ref: string | undefined,
  type: 'service-deployment' | 'service-revision',
): { cluster: string; service: string; id: string } | undefined {
  const arn = ref === undefined ? undefined : parseArn(ref);
  if (arn?.type !== type || arn.path.length !== 3) return undefined;
  const [cluster, service, id] = arn.path as [string, string, string];
  return { cluster, service, id };
}
