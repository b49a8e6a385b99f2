/** Describe/List/Register/Deregister task definitions, ListTaskDefinitionFamilies. */
import type {
  DeregisterTaskDefinitionRequest,
  DescribeTaskDefinitionRequest,
  ListTaskDefinitionFamiliesRequest,
  ListTaskDefinitionsRequest,
  RegisterTaskDefinitionRequest,
} from '@aws-sdk/client-ecs';
import { clientError, invalidParameter } from '../errors';
import { renderTaskDefinition } from '../render';
import { includes, op, pageOf, type Handler } from './common';

const STATUSES = ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'];

export const taskDefinitionHandlers: Record<string, Handler> = {
  DescribeTaskDefinition: op<DescribeTaskDefinitionRequest>((ecs, input) => {
    const record = ecs.taskDefinitions.resolve(input.taskDefinition);
    if (!record) throw clientError('Unable to describe task definition.');
    const withTags = includes(input.include).includes('TAGS');
    return { taskDefinition: renderTaskDefinition(ecs, record), tags: withTags ? record.tags : undefined };
  }),

  ListTaskDefinitions: op<ListTaskDefinitionsRequest>((ecs, input) => {
    const status = input.status ?? 'ACTIVE';
    if (!STATUSES.includes(status)) throw invalidParameter(`Invalid status ${status}.`);
    const sort: string = input.sort ?? 'ASC';
    if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter(`Invalid sort ${sort}.`);
    const arns = ecs.taskDefinitions
      .all()
      .filter((td) => td.status === status)
      .filter((td) => input.familyPrefix === undefined || td.family === input.familyPrefix)
      .map((td) => td.arn);
    if (sort === 'DESC') arns.reverse();
    const scope = `ListTaskDefinitions|${status}|${input.familyPrefix ?? ''}|${sort}`;
    const page = pageOf(ecs, arns, scope, input, 100);
    return { taskDefinitionArns: page.items, nextToken: page.nextToken };
  }),

  ListTaskDefinitionFamilies: op<ListTaskDefinitionFamiliesRequest>((ecs, input) => {
    const status: string = input.status ?? 'ALL';
    if (status !== 'ACTIVE' && status !== 'INACTIVE' && status !== 'ALL') {
      throw invalidParameter(`Invalid status ${status}.`);
    }
    const families = ecs.taskDefinitions.familyNames(status, input.familyPrefix);
    const scope = `ListTaskDefinitionFamilies|${status}|${input.familyPrefix ?? ''}`;
    const page = pageOf(ecs, families, scope, input, 100);
    return { families: page.items, nextToken: page.nextToken };
  }),

  RegisterTaskDefinition: op<RegisterTaskDefinitionRequest>((ecs, input) => {
    const record = ecs.registerTaskDefinition(input);
    return { taskDefinition: renderTaskDefinition(ecs, record), tags: record.tags };
  }),

  DeregisterTaskDefinition: op<DeregisterTaskDefinitionRequest>((ecs, input) => {
    if (!input.taskDefinition) throw invalidParameter('taskDefinition can not be blank.');
    const record = ecs.taskDefinitions.deregister(input.taskDefinition, ecs.now());
    return { taskDefinition: renderTaskDefinition(ecs, record) };
  }),
};
