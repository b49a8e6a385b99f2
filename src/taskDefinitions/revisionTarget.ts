/**
 * The revision a task definition command works on: the tree node it was run on, or one picked
 * from the palette (family, then revision) in the current connection.
 */
import { NoCredentialsError } from '../aws/awsErrors';
import type { TaskDefinitionGateway } from '../aws/taskDefinitionGateway';
import type { TaskDefinitionViewCommandDeps } from '../commands/taskDefinition/taskDefinitionViewCommandDeps';
import { RevisionNode } from './nodes/revisionNode';
import { pickFamily, pickRevision } from './pickers';
import type { ConnectionInfo, RevisionLocation } from './taskDefinitionDocuments';

export interface RevisionTarget {
  readonly location: RevisionLocation;
  readonly arn: string;
  /** Set when the command was run on a tree node. */
  readonly node?: RevisionNode;
}

/** `web:7`. */
export function revisionName(location: Pick<RevisionLocation, 'family' | 'revision'>): string {
  return `${location.family}:${location.revision}`;
}

export function currentConnection(deps: Pick<TaskDefinitionViewCommandDeps, 'connection'>): ConnectionInfo {
  const current = deps.connection();
  if (!current) throw new NoCredentialsError();
  return current;
}

/** The gateway of the current connection. */
export function currentGateway(deps: TaskDefinitionViewCommandDeps): TaskDefinitionGateway {
  return deps.taskDefinitionDocuments.gatewayFor(currentConnection(deps));
}

/** A node's revision; what the tree already described is reused (revisions never change). */
export function targetOfNode(deps: TaskDefinitionViewCommandDeps, node: RevisionNode): RevisionTarget {
  const location = { ...node.ref, ...node.connection };
  if (node.details) deps.taskDefinitionDocuments.remember(location, node.details);
  return { location, arn: node.arn, node };
}

export async function pickRevisionTarget(
  deps: TaskDefinitionViewCommandDeps,
  title: string,
  options: { readonly family?: string; readonly exclude?: number } = {},
): Promise<RevisionTarget> {
  const connection = currentConnection(deps);
  const gateway = deps.taskDefinitionDocuments.gatewayFor(connection);
  const family = options.family ?? (await pickFamily(gateway, { title }));
  const picked = await pickRevision(gateway, family, { title, exclude: options.exclude });
  return { location: { family: picked.family, revision: picked.revision, ...connection }, arn: picked.arn };
}

/** The node's revision, or one picked from the palette. */
export function resolveRevision(
  deps: TaskDefinitionViewCommandDeps,
  arg: unknown,
  title: string,
): Promise<RevisionTarget> {
  return arg instanceof RevisionNode
    ? Promise.resolve(targetOfNode(deps, arg))
    : pickRevisionTarget(deps, title);
}
