/**
 * The awslogs log groups of a task definition, and creating the missing ones before the task
 * definition is registered (Register Task Definition, Run Task from a file, Deploy).
 *
 * Why the extension creates them rather than ECS: `"awslogs-create-group": "true"` makes the task
 * call logs:CreateLogGroup with the *execution role*, and AmazonECSTaskExecutionRolePolicy (what
 * "Create Task Execution Role" attaches) does not allow it, so the first task stops with a
 * ResourceInitializationError. The user's own credentials, which register the task definition,
 * usually may. A group we create gets the retention the user chose (ecsFargate.logs.newGroupRetentionDays);
 * a group that exists is never changed. Facts and sources: docs/aws-facts.md ("CloudWatch Logs
 * groups for awslogs"). Editor-free.
 */
import { AwsError, describeAwsError } from '../aws/awsErrors';
import type { LogsGateway } from '../aws/logsGateway';
import type { Json, JsonObject } from '../taskdef/normalize';

export { DEFAULT_LOG_RETENTION_DAYS, isValidRetention, LOG_RETENTION_DAYS } from '../shared/logRetention';
import { DEFAULT_LOG_RETENTION_DAYS, isValidRetention } from '../shared/logRetention';

/** "30 days", "1 day", "never expire". */
export function retentionLabel(days: number): string {
  if (days === 0) return 'never expire';
  return `${days} day${days === 1 ? '' : 's'}`;
}

export interface AwslogsGroup {
  readonly group: string;
  /** `awslogs-region`, when the file sets it. */
  readonly region?: string;
  readonly containers: readonly string[];
  /** Some container sets `awslogs-create-group` to true: the task asks ECS to create the group. */
  readonly createGroup: boolean;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ECS reads the option as a string; `true` (a JSON boolean) is what people also write. */
export function isCreateGroupSet(value: Json | undefined): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** Every awslogs group the containers write to, once each, with the containers that use it. */
export function awslogsGroups(taskDefinition: JsonObject): AwslogsGroup[] {
  const groups = new Map<
    string,
    { group: string; region?: string; containers: string[]; createGroup: boolean }
  >();
  const containers = Array.isArray(taskDefinition.containerDefinitions)
    ? taskDefinition.containerDefinitions
    : [];
  for (const container of containers) {
    if (!isObject(container) || !isObject(container.logConfiguration)) continue;
    const config = container.logConfiguration;
    const options = isObject(config.options) ? config.options : {};
    const group = options['awslogs-group'];
    if (config.logDriver !== 'awslogs' || typeof group !== 'string' || group === '') continue;
    const region = typeof options['awslogs-region'] === 'string' ? options['awslogs-region'] : undefined;
    const entry = groups.get(group) ?? {
      group,
      ...(region ? { region } : {}),
      containers: [],
      createGroup: false,
    };
    entry.containers.push(typeof container.name === 'string' ? container.name : '?');
    if (isCreateGroupSet(options['awslogs-create-group'])) entry.createGroup = true;
    groups.set(group, entry);
  }
  return [...groups.values()];
}

export type LogGroupOutcome =
  | { readonly group: string; readonly kind: 'exists' }
  | {
      readonly group: string;
      readonly kind: 'created';
      readonly retentionDays: number;
      /** Setting the retention failed (the group was created and keeps its events forever). */
      readonly retentionError?: string;
    }
  /** Created by someone else between our look and our CreateLogGroup: left as it is. */
  | { readonly group: string; readonly kind: 'raced' }
  /** In another region than the connection's: not looked at. */
  | { readonly group: string; readonly kind: 'otherRegion'; readonly region: string };

export type LogGroupsGateway = Pick<
  LogsGateway,
  'region' | 'describeLogGroup' | 'createLogGroup' | 'putRetentionPolicy'
>;

/**
 * Creates every awslogs group of the task definition that does not exist (in the connection's
 * region), with `retentionDays` (0: never expire). Existing groups are not touched. A denied
 * CreateLogGroup throws an AwsError that names the permission and the other way.
 */
export async function ensureLogGroups(
  taskDefinition: JsonObject,
  logs: LogGroupsGateway,
  retentionDays: number,
  signal?: AbortSignal,
): Promise<LogGroupOutcome[]> {
  const retention = isValidRetention(retentionDays) ? retentionDays : DEFAULT_LOG_RETENTION_DAYS;
  const outcomes: LogGroupOutcome[] = [];
  for (const { group, region } of awslogsGroups(taskDefinition)) {
    if (region && region !== logs.region) {
      outcomes.push({ group, kind: 'otherRegion', region });
      continue;
    }
    if (await logs.describeLogGroup(group, signal)) {
      outcomes.push({ group, kind: 'exists' });
      continue;
    }
    let created: 'created' | 'exists';
    try {
      created = await logs.createLogGroup(group, signal);
    } catch (error) {
      throw createFailed(error, group);
    }
    if (created === 'exists') {
      outcomes.push({ group, kind: 'raced' });
      continue;
    }
    if (retention === 0) {
      outcomes.push({ group, kind: 'created', retentionDays: 0 });
      continue;
    }
    try {
      await logs.putRetentionPolicy(group, retention, signal);
      outcomes.push({ group, kind: 'created', retentionDays: retention });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const reason = describeAwsError(error).message;
      outcomes.push({ group, kind: 'created', retentionDays: 0, retentionError: reason });
    }
  }
  return outcomes;
}

function createFailed(error: unknown, group: string): unknown {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const problem = describeAwsError(error, { step: `Creating the log group ${group}` });
  if (problem.kind !== 'accessDenied') return error;
  return new AwsError(
    {
      ...problem,
      message:
        `Your credentials may not call logs:CreateLogGroup, so the log group cannot be created. Ask for that permission, ` +
        `create the group yourself (aws logs create-log-group --log-group-name ${group}), or set ` +
        '"awslogs-create-group": "true" in the task definition and give the task execution role logs:CreateLogGroup: ' +
        group,
    },
    { cause: error },
  );
}

/** One line per outcome for an output channel or a log ("Created log group /ecs/x (retention 30 days)"). */
export function describeLogGroupOutcome(outcome: LogGroupOutcome): string {
  switch (outcome.kind) {
    case 'exists':
      return `Log group ${outcome.group} exists.`;
    case 'raced':
      return `Log group ${outcome.group} was created meanwhile by someone else: left as it is.`;
    case 'otherRegion':
      return `Log group ${outcome.group} is in ${outcome.region}: not checked from this region.`;
    case 'created':
      return outcome.retentionError
        ? `Created log group ${outcome.group}, but setting its retention failed, so its events never expire: ${outcome.retentionError}`
        : `Created log group ${outcome.group} (retention ${retentionLabel(outcome.retentionDays)}).`;
  }
}
