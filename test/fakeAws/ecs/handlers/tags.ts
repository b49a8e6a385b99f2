/** TagResource, UntagResource, ListTagsForResource on clusters, services, tasks and task definitions. */
import type {
  ListTagsForResourceRequest,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-ecs';
import { parseArn } from '../arns';
import { invalidParameter } from '../errors';
import type { FakeEcs } from '../fakeEcs';
import { op, type Handler } from './common';

function tagsOf(ecs: FakeEcs, arn: string | undefined): Tag[] {
  const parsed = arn === undefined ? undefined : parseArn(arn);
  const [a, b] = parsed?.path ?? [];
  let tags: Tag[] | undefined;
  if (parsed?.type === 'cluster' && a) tags = ecs.clusters.get(a)?.tags;
  else if (parsed?.type === 'service' && a && b) tags = ecs.services.get(a)?.get(b)?.tags;
  else if (parsed?.type === 'task' && a && b) tags = ecs.tasks.get(a)?.get(b)?.tags;
  else if (parsed?.type === 'task-definition' && arn) tags = ecs.taskDefinitions.resolve(arn)?.tags;
  if (!tags) throw invalidParameter('The specified resource could not be found.');
  return tags;
}

export const tagHandlers: Record<string, Handler> = {
  ListTagsForResource: op<ListTagsForResourceRequest>((ecs, input) => ({
    tags: tagsOf(ecs, input.resourceArn).map((t) => ({ ...t })),
  })),

  TagResource: op<TagResourceRequest>((ecs, input) => {
    const tags = tagsOf(ecs, input.resourceArn);
    for (const tag of input.tags ?? []) {
      const existing = tags.find((t) => t.key === tag.key);
      if (existing) existing.value = tag.value;
      else tags.push({ key: tag.key, value: tag.value });
    }
    return {};
  }),

  UntagResource: op<UntagResourceRequest>((ecs, input) => {
    const tags = tagsOf(ecs, input.resourceArn);
    const drop = new Set(input.tagKeys ?? []);
    const kept = tags.filter((t) => !drop.has(t.key ?? ''));
    tags.splice(0, tags.length, ...kept);
    return {};
  }),
};
