/** ListTasks, DescribeTasks, StopTask, RunTask. */
import type {
  DescribeTasksRequest,
  Failure,
  ListTasksRequest,
  RunTaskRequest,
  StopTaskRequest,
  Task,
} from '@aws-sdk/client-ecs';
import { serviceRef, taskArn, taskRef } from '../arns';
import { invalidParameter, serviceNotFound } from '../errors';
import { renderTask } from '../render';
import { includes, op, pageOf, requireBatch, requireCluster, type Handler } from './common';

const DESIRED = ['RUNNING', 'PENDING', 'STOPPED'];

export const taskHandlers: Record<string, Handler> = {
  ListTasks: op<ListTasksRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    const desired = input.desiredStatus ?? 'RUNNING';
    if (!DESIRED.includes(desired)) throw invalidParameter(`Invalid desiredStatus ${desired}.`);
    const others = [input.family, input.serviceName, input.containerInstance, input.launchType];
    if (input.startedBy !== undefined && others.some((f) => f !== undefined)) {
      throw invalidParameter('startedBy can not be combined with other filters.');
    }
    let service: string | undefined;
    if (input.serviceName !== undefined) {
      service = serviceRef(input.serviceName)?.name;
      const record = service === undefined ? undefined : ecs.services.get(cluster.name)?.get(service);
      if (!record) throw serviceNotFound();
    }
    const arns = [...(ecs.tasks.get(cluster.name)?.values() ?? [])]
      .filter((t) => t.desiredStatus === desired)
      .filter((t) => input.startedBy === undefined || t.startedBy === input.startedBy)
      .filter((t) => input.family === undefined || t.family === input.family)
      .filter((t) => service === undefined || t.service === service)
      .filter((t) => input.launchType === undefined || t.launchType === input.launchType)
      .filter(() => input.containerInstance === undefined)
      .map((t) => t.arn);
    const scope = [
      'ListTasks',
      cluster.name,
      desired,
      input.startedBy,
      input.family,
      service,
      input.launchType,
      input.containerInstance,
    ].join('|');
    const page = pageOf(ecs, arns, scope, input, 100);
    return { taskArns: page.items, nextToken: page.nextToken };
  }),

  DescribeTasks: op<DescribeTasksRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    const refs = requireBatch(input.tasks, 100, 'tasks');
    const include = includes(input.include);
    const tasks: Task[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const record = ecs.findTask(cluster.name, ref);
      if (record) {
        tasks.push(renderTask(ecs, record, include));
      } else {
        const id = taskRef(ref)?.id;
        failures.push({
          arn: ref.startsWith('arn:') || !id ? ref : taskArn(ecs, cluster.name, id),
          reason: 'MISSING',
        });
      }
    }
    return { tasks, failures };
  }),

  StopTask: op<StopTaskRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    if (!input.task) throw invalidParameter('task can not be blank.');
    if ((input.reason?.length ?? 0) > 255) throw invalidParameter('reason must be 255 characters or fewer.');
    const record = ecs.stopTask(cluster.name, input.task, input.reason || undefined);
    if (!record) throw invalidParameter('The referenced task was not found.');
    return { task: renderTask(ecs, record, []) };
  }),

  RunTask: op<RunTaskRequest>((ecs, input) => {
    const result = ecs.runTask(input);
    return { tasks: result.tasks.map((t) => renderTask(ecs, t, [])), failures: result.failures };
  }),
};
