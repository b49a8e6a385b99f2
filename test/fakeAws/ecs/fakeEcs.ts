/**
 * The fake ECS account: clusters, services, tasks and task definitions, plus the helpers tests and
 * the fleet generator use to set it up. The API handlers (handlers/*.ts) work on this state.
 */
import type {
  ClusterConfiguration,
  CapacityProviderStrategyItem,
  Failure,
  RegisterTaskDefinitionRequest,
  RunTaskRequest,
  Tag,
} from '@aws-sdk/client-ecs';
import type { Clock } from '../clock';
import { Paginator } from '../pagination';
import { clusterArn, taskRef, type ArnScope } from './arns';
import { applyBehavior, ImageBehaviors, type ImageBehavior } from './behaviors';
import { PlannedExits } from './exits';
import {
  addFixtureTask,
  createFixtureService,
  type AddTaskOptions,
  type CreateServiceOptions,
} from './fixtures';
import { advanceServiceDeployments, startServiceDeployment } from './deployments/engine';
import { IdSource } from './ids';
import { requestStop, scheduledAt, statusAt } from './lifecycle';
import { runTask, type RunTaskResult } from './runTask';
import { newDeployment, reconcileAll, touchService } from './scheduler';
import { TaskDefinitionStore } from './taskDefinitions';
import type {
  ClusterRecord,
  ContainerRecord,
  ServiceDeploymentRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
  TaskStatus,
} from './types';

export interface CreateClusterOptions {
  containerInsights?: boolean;
  tags?: Tag[] | Record<string, string>;
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[];
  createdAt?: number | Date;
  /** CreateCluster's `configuration` (executeCommandConfiguration: KMS key, logging). */
  configuration?: ClusterConfiguration;
}

/** How many planned exits one read replays one by one before applying the rest at once. */
const MAX_EXIT_ROUNDS = 500;

export function toTags(tags: Tag[] | Record<string, string> | undefined): Tag[] {
  if (!tags) return [];
  return Array.isArray(tags)
    ? tags.map((t) => ({ ...t }))
    : Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export class FakeEcs implements ArnScope {
  /** Time between task lifecycle steps (PROVISIONING → PENDING → …); 0 = immediate. */
  lifecycleStepMs = 1000;
  /** How long STOPPED tasks stay visible (ECS: about an hour). Fixture tasks stay forever. */
  stoppedTaskRetentionMs = 60 * 60 * 1000;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly ids = new IdSource();
  /** Issues and checks nextToken values for the List* operations. */
  readonly pages = new Paginator();
  readonly clusters = new Map<string, ClusterRecord>();
  readonly services = new Map<string, Map<string, ServiceRecord>>();
  readonly tasks = new Map<string, Map<string, TaskRecord>>();
  readonly taskDefinitions: TaskDefinitionStore;
  /** How tasks of an image fail (setImageBehavior). */
  readonly imageBehaviors = new ImageBehaviors();
  /** Tasks heading for a stop of their own (failed pull, crash, finished job). */
  readonly exits = new PlannedExits();
  /** Failure lists the next RunTask calls answer with, one list per call. */
  private readonly runTaskFailures: Failure[][] = [];
  /**
   * CloudWatch alarm states the service deployments watch (`deploymentConfiguration.alarms`): an alarm
   * in ALARM since `since` fails a deployment running then (setAlarmState, POST /__fake/ecs/alarm).
   */
  readonly alarmStates = new Map<string, { state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; since: number }>();
  /** Other services whose work moves ECS services (CodeDeploy deployments), brought up to `now` on every tick. */
  readonly advancers: ((now: number) => void)[] = [];
  /** Lambda lifecycle-hook targets that fail ('*': all); the others succeed one lifecycle step after they start. */
  readonly failingHookTargets = new Set<string>();
  private readonly tasksByService = new Map<string, TaskRecord[]>();
  private lastExpiry = 0;

  constructor(options: { clock: Clock; region: string; accountId: string }) {
    this.clock = options.clock;
    this.region = options.region;
    this.accountId = options.accountId;
    this.taskDefinitions = new TaskDefinitionStore(this);
  }

  now(): number {
    return this.clock.now();
  }

  reset(): void {
    this.clusters.clear();
    this.services.clear();
    this.tasks.clear();
    this.tasksByService.clear();
    this.taskDefinitions.clear();
    this.imageBehaviors.clear();
    this.exits.clear();
    this.runTaskFailures.length = 0;
    this.alarmStates.clear();
    this.failingHookTargets.clear();
    this.ids.reset();
    this.lastExpiry = 0;
  }

  /** Brings scheduled work up to now: service reconciliation and expiry of old STOPPED tasks. */
  tick(): void {
    const now = this.now();
    this.replayExits(now);
    advanceServiceDeployments(this, now);
    for (const advance of this.advancers) advance(now);
    reconcileAll(this, now);
    if (now - this.lastExpiry >= 60_000 || now < this.lastExpiry) {
      this.lastExpiry = now;
      this.expireStoppedTasks(now);
    }
  }

  /**
   * Tasks started from now on whose essential container has this image (exact, or a prefix ending
   * in `*`) behave like that: fail to pull, fail to fetch secrets, crash, get OOM-killed or complete.
   */
  setImageBehavior(imageMatch: string, behavior: ImageBehavior): void {
    this.imageBehaviors.set(imageMatch, behavior);
  }

  /** A CloudWatch alarm changes state at `at` (default now): ALARM fails the deployments watching it. */
  setAlarmState(name: string, state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', at = this.now()): void {
    this.tick();
    this.alarmStates.set(name, { state, since: at });
    this.tick();
  }

  /** Lambda lifecycle hooks of this target ARN ('*': every one) fail from now on (or succeed again). */
  setHookFailure(targetArn: string, fails = true): void {
    this.tick();
    if (fails) this.failingHookTargets.add(targetArn);
    else this.failingHookTargets.delete(targetArn);
  }

  /** Forgets one image's behaviour, or all of them. */
  clearImageBehaviors(imageMatch?: string): void {
    this.imageBehaviors.clear(imageMatch);
  }

  /** The next RunTask call answers with these failures and starts no task (e.g. no Fargate capacity). */
  queueRunTaskFailures(failures: readonly Failure[]): void {
    if (failures.length === 0) throw new Error('queueRunTaskFailures needs at least one failure');
    this.runTaskFailures.push(failures.map((f) => ({ ...f })));
  }

  clearRunTaskFailures(): void {
    this.runTaskFailures.length = 0;
  }

  /** The failures queued for this RunTask call, if any. */
  takeRunTaskFailures(): Failure[] | undefined {
    return this.runTaskFailures.shift();
  }

  /**
   * A check every task start goes through after the image behaviours (FakeAws sets it to the
   * awslogs log-group check when `enforceAwslogs` is on): a behaviour to apply, or undefined.
   */
  startCheck:
    ((task: TaskRecord) => { container: ContainerRecord; behavior: ImageBehavior } | undefined) | undefined;

  /** Stores a task just built with the default schedule from `at`, with its image's behaviour. */
  startTask(task: TaskRecord, at: number): TaskRecord {
    const match = this.imageBehaviors.forTask(task) ?? this.startCheck?.(task);
    if (match) {
      applyBehavior(task, match.container, match.behavior, at, this.lifecycleStepMs, this.region);
      this.exits.add(task);
    }
    return this.insertTask(task);
  }

  createCluster(name: string, opts: CreateClusterOptions = {}): ClusterRecord {
    const existing = this.clusters.get(name);
    if (existing?.status === 'ACTIVE') return existing;
    const createdAt = opts.createdAt === undefined ? this.now() : new Date(opts.createdAt).getTime();
    const record: ClusterRecord = {
      name,
      arn: clusterArn(this, name),
      status: 'ACTIVE',
      createdAt,
      containerInsights: opts.containerInsights ?? false,
      capacityProviders: opts.capacityProviders ?? ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: (opts.defaultCapacityProviderStrategy ?? []).map((i) => ({ ...i })),
      tags: toTags(opts.tags),
      ...(opts.configuration ? { configuration: opts.configuration } : {}),
    };
    this.clusters.set(name, record);
    this.services.set(name, new Map());
    this.tasks.set(name, new Map());
    return record;
  }

  /** A service whose scheduler has already started its tasks (RUNNING unless the options say otherwise). */
  createService(cluster: string, name: string, opts: CreateServiceOptions = {}): ServiceRecord {
    this.requireCluster(cluster);
    return createFixtureService(this, cluster, name, opts);
  }

  /**
   * UpdateService's new deployment of `taskDefinition`, as if made at `at` (default now): a past time
   * replays what the deployment did since (the demo's blue/green deployment paused at its hook).
   */
  deployService(
    cluster: string,
    name: string,
    taskDefinition: string,
    at = this.now(),
  ): ServiceDeploymentRecord | undefined {
    this.tick();
    const service = this.services.get(cluster)?.get(name);
    const definition = this.taskDefinitions.resolve(taskDefinition);
    if (!service || !definition)
      throw new Error(`fake ECS: no service ${cluster}/${name} or task definition ${taskDefinition}`);
    const record = startServiceDeployment(
      this,
      service,
      newDeployment(this, service, definition.arn, at, 'IN_PROGRESS'),
      at,
    );
    service.managed = true;
    touchService(service, at);
    this.tick();
    return record;
  }

  registerTaskDefinition(input: RegisterTaskDefinitionRequest): TaskDefinitionRecord {
    return this.taskDefinitions.register(input, this.now());
  }

  /** RunTask, as the API does it (same validation and errors). */
  runTask(input: RunTaskRequest): RunTaskResult {
    this.tick();
    return runTask(this, input);
  }

  /** A task in a given state (RUNNING by default), for fixtures. */
  addTask(cluster: string, opts: AddTaskOptions = {}): TaskRecord {
    this.requireCluster(cluster);
    return addFixtureTask(this, cluster, opts);
  }

  /** StopTask, as the API does it. Returns undefined when the task does not exist. */
  stopTask(cluster: string, task: string, reason = 'Task stopped by user'): TaskRecord | undefined {
    this.tick();
    const record = this.findTask(cluster, task);
    if (!record) return undefined;
    if (requestStop(record, this.now(), this.lifecycleStepMs, 'UserInitiated', reason) && record.service) {
      const service = this.services.get(cluster)?.get(record.service);
      if (service) touchService(service, this.now());
    }
    this.tick();
    return record;
  }

  getCluster(name: string): ClusterRecord | undefined {
    return this.clusters.get(name);
  }

  getService(cluster: string, name: string): ServiceRecord | undefined {
    this.tick();
    return this.services.get(cluster)?.get(name);
  }

  listServices(cluster: string): ServiceRecord[] {
    this.tick();
    return [...(this.services.get(cluster)?.values() ?? [])];
  }

  /** Every task record of the cluster (STOPPED ones included). */
  listTasks(cluster: string): TaskRecord[] {
    this.tick();
    return [...(this.tasks.get(cluster)?.values() ?? [])];
  }

  findTask(cluster: string, ref: string): TaskRecord | undefined {
    const parsed = taskRef(ref);
    if (!parsed || (parsed.cluster !== undefined && parsed.cluster !== cluster)) return undefined;
    return this.tasks.get(cluster)?.get(parsed.id);
  }

  /** The task's lastStatus now. */
  taskStatus(task: TaskRecord): TaskStatus {
    return statusAt(task, this.now());
  }

  serviceTasks(cluster: string, service: string): TaskRecord[] {
    return this.tasksByService.get(`${cluster}/${service}`) ?? [];
  }

  /** Stores a new task record (and indexes it under its service). */
  insertTask(task: TaskRecord): TaskRecord {
    this.tasks.get(task.cluster)?.set(task.id, task);
    if (task.service) {
      const key = `${task.cluster}/${task.service}`;
      const list = this.tasksByService.get(key) ?? [];
      list.push(task);
      this.tasksByService.set(key, list);
    }
    return task;
  }

  requireCluster(name: string): ClusterRecord {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`fake ECS: no cluster ${name}; create it first`);
    return cluster;
  }

  /** Applies the exits due by `now` in time order, letting the scheduler react at each one. */
  private replayExits(now: number): void {
    for (let round = 0; round < MAX_EXIT_ROUNDS; round++) {
      const at = this.exits.nextDue(now);
      if (at === undefined) return;
      this.exits.applyDue(this, at);
      advanceServiceDeployments(this, at);
      reconcileAll(this, at);
    }
    // A crash loop over a long clock jump: apply the rest together rather than stall the read.
    this.exits.applyDue(this, now);
  }

  private expireStoppedTasks(now: number): void {
    const limit = now - this.stoppedTaskRetentionMs;
    for (const tasks of this.tasks.values()) {
      for (const [id, task] of tasks) {
        if (task.pinned) continue;
        const stoppedAt = scheduledAt(task, 'STOPPED');
        if (stoppedAt === undefined || stoppedAt > limit) continue;
        tasks.delete(id);
        if (task.service) {
          const key = `${task.cluster}/${task.service}`;
          this.tasksByService.set(
            key,
            this.serviceTasks(task.cluster, task.service).filter((t) => t !== task),
          );
        }
      }
    }
  }
}
