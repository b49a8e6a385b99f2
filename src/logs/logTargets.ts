/**
 * Where a task's logs are, from its task definition (docs/aws-facts.md §3): for each container
 * with the awslogs driver, group = awslogs-group, region = awslogs-region, stream =
 * `<awslogs-stream-prefix>/<container name>/<task id>` (without a prefix, which only EC2 allows,
 * the stream is the Docker container id). Every other container gets one sentence saying where its
 * logs go instead (FireLens, Splunk, another driver, nowhere). Editor-free.
 */
import type { ContainerDefinition, Task, TaskDefinition } from '@aws-sdk/client-ecs';
import { sourceKey, type LogSource } from './types';

export interface TaskLogPlan {
  readonly taskId: string;
  readonly sources: readonly LogSource[];
  /** One line per container whose logs cannot be followed here. */
  readonly explanations: readonly string[];
}

export interface LogTargetOptions {
  /** The region of the task (used when awslogs-region is missing). */
  readonly region: string;
  /** Only this container. */
  readonly container?: string;
}

/** The task id: the last segment of the task ARN. */
export function taskIdOf(taskArn: string | undefined): string {
  const arn = taskArn ?? '';
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function shortId(taskId: string): string {
  return taskId.slice(0, 8);
}

/** Where FireLens sends logs, from the output plugin options (Fluent Bit's names). */
function fireLensDestination(options: Record<string, string>): string {
  const plugin = options['Name'] ?? options['@type'];
  switch (plugin?.toLowerCase()) {
    case 'cloudwatch':
    case 'cloudwatch_logs': {
      const group = options['log_group_name'];
      return group
        ? `CloudWatch Logs group ${group} (through Fluent Bit)`
        : 'CloudWatch Logs (through Fluent Bit)';
    }
    case 'firehose':
    case 'kinesis_firehose':
      return `Kinesis Data Firehose${options['delivery_stream'] ? ` stream ${options['delivery_stream']}` : ''}`;
    case 'kinesis':
    case 'kinesis_streams':
      return `Kinesis Data Streams${options['stream'] ? ` stream ${options['stream']}` : ''}`;
    case 's3':
      return `Amazon S3${options['bucket'] ? ` bucket ${options['bucket']}` : ''}`;
    case 'es':
    case 'opensearch':
      return `OpenSearch${options['Host'] ? ` at ${options['Host']}` : ''}`;
    case undefined:
    case '':
      return 'the destination configured in its log router';
    default:
      return `the ${plugin} output`;
  }
}

function explain(definition: ContainerDefinition): string | undefined {
  const name = definition.name ?? '(unnamed)';
  const config = definition.logConfiguration;
  if (definition.firelensConfiguration && (!config || config.logDriver !== 'awslogs')) {
    return `Container ${name} is the FireLens log router; it has no awslogs stream of its own to follow.`;
  }
  if (!config?.logDriver) {
    return `Container ${name} has no log configuration: ECS keeps none of its output. Add the awslogs log driver to its task definition to see it here.`;
  }
  const options = config.options ?? {};
  switch (config.logDriver) {
    case 'awslogs':
      if (!options['awslogs-group']) {
        return `Container ${name} uses awslogs without awslogs-group, so its logs go nowhere: set awslogs-group in its task definition.`;
      }
      return undefined;
    case 'awsfirelens':
      return `Container ${name} sends its logs through FireLens to ${fireLensDestination(options)}: they are not in an awslogs stream, so they are not shown here.`;
    case 'splunk':
      return `Container ${name} sends its logs to Splunk${options['splunk-url'] ? ` at ${options['splunk-url']}` : ''}: they are not shown here.`;
    default:
      return `Container ${name} uses the ${config.logDriver} log driver, which keeps its logs outside CloudWatch Logs: they are not shown here.`;
  }
}

/** The sources and explanations of one task. */
export function taskLogSources(
  task: Task,
  definition: TaskDefinition,
  options: LogTargetOptions,
): TaskLogPlan {
  const taskId = taskIdOf(task.taskArn);
  const sources: LogSource[] = [];
  const explanations: string[] = [];
  const containers = (definition.containerDefinitions ?? []).filter(
    (c) => options.container === undefined || c.name === options.container,
  );
  if (containers.length === 0) {
    explanations.push(
      options.container === undefined
        ? `Task definition ${definition.family ?? ''}:${definition.revision ?? ''} has no containers.`
        : `Task definition ${definition.family ?? ''}:${definition.revision ?? ''} has no container named ${options.container}.`,
    );
  }
  for (const container of containers) {
    const why = explain(container);
    if (why) {
      explanations.push(why);
      continue;
    }
    const name = container.name ?? '';
    const opts = container.logConfiguration?.options ?? {};
    const group = opts['awslogs-group'] ?? '';
    const prefix = opts['awslogs-stream-prefix'];
    let stream: string;
    if (prefix) {
      stream = `${prefix}/${name}/${taskId}`;
    } else {
      const runtimeId = task.containers?.find((c) => c.name === name)?.runtimeId;
      if (!runtimeId) {
        explanations.push(
          `Container ${name} uses awslogs without awslogs-stream-prefix, so its stream is named after its Docker container id, which ECS has not reported yet. Fargate requires a prefix: set awslogs-stream-prefix.`,
        );
        continue;
      }
      stream = runtimeId;
    }
    sources.push({
      key: sourceKey(group, stream),
      region: opts['awslogs-region'] || options.region,
      group,
      stream,
      container: name,
      taskId,
      label: `${name}/${shortId(taskId)}`,
    });
  }
  return { taskId, sources, explanations };
}
