/**
 * The revision a task definition command works on: the tree node it was run on, or one picked
 * from the palette (family, then revision) in the current connection.
 */
import { NoCredentialsError } from '../aws/awsErrors';
import { RevisionNode } from './nodes/revisionNode';
import { pickFamily, pickRevision } from './pickers';
import type { ConnectionInfo, RevisionLocation, TaskDefinitionDocuments } from './taskDefinitionDocuments';

/** Where revisions come from: the current connection and its documents (the view commands' deps). */
export interface RevisionSource {
  /** The current connection's profile and region; undefined without credentials. */
  readonly connection: () => ConnectionInfo | undefined;
  readonly taskDefinitionDocuments: TaskDefinitionDocuments;
}

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

export function currentConnection(deps: Pick<RevisionSource, 'connection'>): ConnectionInfo {
  const current = deps.connection();
  if (!current) throw new NoCredentialsError();
  return current;
}

/** A node's revision; what the tree already described is reused (revisions never change). */
export function targetOfNode(deps: RevisionSource, node: RevisionNode): RevisionTarget {
  const location = { ...node.ref, ...node.connection };
  if (node.details) deps.taskDefinitionDocuments.remember(location, node.details);
  return { location, arn: node.arn, node };
}

export async function pickRevisionTarget(
  deps: RevisionSource,
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
export function resolveRevision(deps: RevisionSource, arg: unknown, title: string): Promise<RevisionTarget> {
  return arg instanceof RevisionNode
    ? Promise.resolve(targetOfNode(deps, arg))
    : pickRevisionTarget(deps, title);
}
