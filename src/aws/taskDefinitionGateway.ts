/**
 * Task definitions in ECS: register, list families and revisions, describe, deregister.
 * Every listing follows the API limits (pages of 100, all pages) and takes an AbortSignal; errors
 * are thrown as they come (callers translate them once). Editor-free.
 *
 * API facts this relies on (from the @aws-sdk/client-ecs model docs):
 * - ListTaskDefinitionFamilies `familyPrefix` is a real prefix; its `status` defaults to ALL.
 * - ListTaskDefinitions `familyPrefix` is "the full family name" (an exact match, despite the
 *   name); `status` defaults to ACTIVE; `sort: DESC` lists the newest revision first.
 *   The revisions are still filtered to the exact family and sorted here, so a service that
 *   treated it as a prefix (or ignored the sort) could not mix families or reorder them.
 * - There is no batch describe: DescribeTaskDefinition takes one revision, so describes share a
 *   limiter (ECS throttles each action with its own token bucket).
 */
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type Tag,
  type TaskDefinition,
  type TaskDefinitionFamilyStatus,
  type TaskDefinitionStatus,
} from '@aws-sdk/client-ecs';
import { abortError } from '../shared/abort';
import { createLimiter } from '../shared/concurrency';

export interface RegisteredTaskDefinition {
  readonly taskDefinition: TaskDefinition;
  readonly tags: readonly Tag[];
}

export interface TaskDefinitionGateway {
  register(input: RegisterTaskDefinitionCommandInput, signal?: AbortSignal): Promise<TaskDefinition>;
  /** Family names, sorted. */
  listFamilies(status?: TaskDefinitionFamilyStatus, signal?: AbortSignal): Promise<string[]>;
  /** Revision ARNs of one family, newest first. */
  listRevisions(family: string, status?: TaskDefinitionStatus, signal?: AbortSignal): Promise<string[]>;
  /** `family`, `family:revision` or an ARN; with its tags. */
  describe(taskDefinition: string, signal?: AbortSignal): Promise<RegisteredTaskDefinition>;
  deregister(taskDefinition: string): Promise<TaskDefinition | undefined>;
}

export type CreateTaskDefinitionGateway = (client: ECSClient) => TaskDefinitionGateway;

export const TASK_DEFINITION_LIST_PAGE_SIZE = 100;

export interface TaskDefinitionGatewayOptions {
  /** Most DescribeTaskDefinition calls in flight (setting ecsFargate.maxConcurrentRequests); default 4. */
  readonly concurrency?: () => number;
}

/** A revision's identity, from `family:revision` or a task definition ARN. */
export interface TaskDefinitionId {
  readonly family: string;
  readonly revision: number;
}

const REVISION_REF = /^(?:arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/)?([A-Za-z0-9_-]{1,255}):(\d+)$/;

/** `web:7` or `arn:aws:ecs:…:task-definition/web:7` → `{ family: 'web', revision: 7 }`. */
export function parseTaskDefinitionId(ref: string | undefined): TaskDefinitionId | undefined {
  const match = REVISION_REF.exec(ref ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  return { family: match[1], revision: Number(match[2]) };
}

export function createTaskDefinitionGateway(
  client: ECSClient,
  options: TaskDefinitionGatewayOptions = {},
): TaskDefinitionGateway {
  const describeLimiter = createLimiter(options.concurrency ?? (() => 4));

  /** Follows nextToken to the end, one page at a time (each page needs the previous token). */
  const allPages = async (
    page: (nextToken: string | undefined) => Promise<{ items?: string[]; nextToken?: string }>,
    signal?: AbortSignal,
  ): Promise<string[]> => {
    const items: string[] = [];
    let token: string | undefined;
    do {
      if (signal?.aborted) throw abortError(signal);
      const out = await page(token);
      items.push(...(out.items ?? []));
      token = out.nextToken;
    } while (token);
    return items;
  };

  return {
    register: async (input, signal) => {
      const out = await client.send(new RegisterTaskDefinitionCommand(input), { abortSignal: signal });
      if (!out.taskDefinition) throw new Error('ECS registered the task definition but did not return it.');
      return out.taskDefinition;
    },

    listFamilies: async (status, signal) => {
      const families = await allPages(async (nextToken) => {
        const out = await client.send(
          new ListTaskDefinitionFamiliesCommand({
            status,
            maxResults: TASK_DEFINITION_LIST_PAGE_SIZE,
            nextToken,
          }),
          { abortSignal: signal },
        );
        return { items: out.families, nextToken: out.nextToken };
      }, signal);
      return [...new Set(families)].sort((a, b) => a.localeCompare(b));
    },

    listRevisions: async (family, status, signal) => {
      const arns = await allPages(async (nextToken) => {
        const out = await client.send(
          new ListTaskDefinitionsCommand({
            familyPrefix: family,
            status,
            sort: 'DESC',
            maxResults: TASK_DEFINITION_LIST_PAGE_SIZE,
            nextToken,
          }),
          { abortSignal: signal },
        );
        return { items: out.taskDefinitionArns, nextToken: out.nextToken };
      }, signal);
      return arns
        .map((arn) => ({ arn, id: parseTaskDefinitionId(arn) }))
        .filter((r) => r.id?.family === family)
        .sort((a, b) => (b.id?.revision ?? 0) - (a.id?.revision ?? 0))
        .map((r) => r.arn);
    },

    describe: (taskDefinition, signal) =>
      describeLimiter.run(async () => {
        const out = await client.send(
          new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }),
          {
            abortSignal: signal,
          },
        );
        if (!out.taskDefinition) throw new Error(`ECS returned no task definition for ${taskDefinition}.`);
        return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
      }, signal),

    deregister: async (taskDefinition) => {
      const out = await client.send(new DeregisterTaskDefinitionCommand({ taskDefinition }));
      return out.taskDefinition;
    },
  };
}
