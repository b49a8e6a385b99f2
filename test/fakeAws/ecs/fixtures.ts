/**
 * Test-setup helpers behind FakeEcs.createService / addTask: services and tasks in any state,
 * with a realistic history (timestamps in the past, deployments, events), without waiting.
 */
import type {
  CapacityProviderStrategyItem,
  DeploymentConfiguration,
  LoadBalancer,
  NetworkConfiguration,
  Tag,
} from '@aws-sdk/client-ecs';
import { serviceArn } from './arns';
import { pickCapacityProvider } from './capacity';
import { clientError, invalidParameter } from './errors';
import { toTags, type FakeEcs } from './fakeEcs';
import { phases, START_SEQUENCE, STOP_SEQUENCE } from './lifecycle';
import { addEvent, newDeployment, startServiceTasks } from './scheduler';
import { buildTask } from './taskFactory';
import { startServiceDeployment } from './deployments/engine';
import type {
  DeploymentControllerType,
  DeploymentRecord,
  ServiceDeploymentRecord,
  HealthStatus,
  LaunchType,
  RolloutState,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
  TaskStatus,
} from './types';

/** The pace of fixture histories: 10 s per lifecycle step. */
const STEP = 10_000;
const MINUTE = 60_000;

export interface CreateServiceOptions {
  desiredCount?: number;
  /** 'family', 'family:rev' or ARN; default: the latest revision of a family named like the service. */
  taskDefinition?: string;
  launchType?: LaunchType;
  rolloutState?: RolloutState;
  /** Tasks of the PRIMARY deployment already RUNNING (default desiredCount). */
  runningCount?: number;
  /** Tasks of the PRIMARY deployment stuck in PENDING (default 0). */
  pendingCount?: number;
  /** IN_PROGRESS only: the older ACTIVE deployment's task definition (default: the previous revision)… */
  previousTaskDefinition?: string;
  /** …and its tasks still RUNNING (default 0). */
  previousRunningCount?: number;
  /** FAILED only (defaults 3 and the circuit breaker's reason). */
  failedTasks?: number;
  rolloutStateReason?: string;
  createdAt?: number | Date;
  networkConfiguration?: NetworkConfiguration;
  /** Rendered as the service's `loadBalancers` (default none); not checked against the fake ELBv2. */
  loadBalancers?: readonly LoadBalancer[];
  tags?: Tag[] | Record<string, string>;
  /** Start like the API's CreateService: tasks go through the lifecycle from now, rollout completes. */
  lifecycle?: boolean;
  /** Default: circuit breaker with rollback on, 200% / 100% (the API's CreateService turns it off). */
  deploymentConfiguration?: DeploymentConfiguration;
  /** Tasks are then placed on these providers and carry `capacityProviderName`. */
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  enableExecuteCommand?: boolean;
  propagateTags?: 'NONE' | 'SERVICE' | 'TASK_DEFINITION';
  /** Default ECS. CODE_DEPLOY and EXTERNAL services render task sets and keep no service deployments. */
  deploymentController?: DeploymentControllerType;
}

export interface ContainerFixture {
  name?: string;
  exitCode?: number;
  reason?: string;
  healthStatus?: HealthStatus;
}

export interface AddTaskOptions {
  taskDefinition?: string;
  /** Makes it a task of that service (group, startedBy and deployment follow). */
  service?: string;
  group?: string;
  startedBy?: string;
  launchType?: LaunchType;
  /** Default RUNNING. A stop status (DEACTIVATING…STOPPED) makes a stopped task. */
  lastStatus?: TaskStatus;
  stopCode?: string;
  stoppedReason?: string;
  /** Per container (by name, else by position): exit code, reason, health. */
  containers?: ContainerFixture[];
  /** Health of the first essential container. */
  healthStatus?: HealthStatus;
  createdAt?: number | Date;
  stoppedAt?: number | Date;
  tags?: Tag[] | Record<string, string>;
  /** Start at now through the lifecycle instead of a fixed state (such tasks also expire). */
  lifecycle?: boolean;
  /** Started with ECS Exec (default: the service's setting, else off). */
  enableExecuteCommand?: boolean;
}

const time = (value: number | Date | undefined, fallback: number): number =>
  value === undefined ? fallback : new Date(value).getTime();

/** The task definition a fixture names, or the latest of `family` (registered on first use). */
export function fixtureTaskDefinition(
  ecs: FakeEcs,
  ref: string | undefined,
  family: string,
): TaskDefinitionRecord {
  if (ref !== undefined) {
    const found = ecs.taskDefinitions.resolve(ref);
    if (!found) throw clientError('TaskDefinition not found.');
    return found;
  }
  return (
    ecs.taskDefinitions.resolve(family) ??
    ecs.registerTaskDefinition({
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: family,
          image: `${ecs.accountId}.dkr.ecr.${ecs.region}.amazonaws.com/${family}:latest`,
          essential: true,
        },
      ],
    })
  );
}

export function createFixtureService(
  ecs: FakeEcs,
  cluster: string,
  name: string,
  opts: CreateServiceOptions,
): ServiceRecord {
  const now = ecs.now();
  const existing = ecs.services.get(cluster)?.get(name);
  if (existing && existing.status !== 'INACTIVE')
    throw invalidParameter('Creation of service was not idempotent.');
  const def = fixtureTaskDefinition(ecs, opts.taskDefinition, name);
  const desired = opts.desiredCount ?? 1;
  const launchType = opts.launchType ?? 'FARGATE';
  const createdAt = time(opts.createdAt, opts.lifecycle ? now : now - 3 * 24 * 60 * MINUTE);
  const service: ServiceRecord = {
    name,
    arn: serviceArn(ecs, cluster, name),
    cluster,
    status: 'ACTIVE',
    desiredCount: desired,
    launchType,
    taskDefinitionArn: def.arn,
    deployments: [],
    events: [],
    createdAt,
    networkConfiguration: opts.networkConfiguration ?? {
      awsvpcConfiguration: {
        subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        securityGroups: ['sg-0f1e2d3c4b5a69788'],
        assignPublicIp: 'DISABLED',
      },
    },
    loadBalancers: (opts.loadBalancers ?? []).map((lb) => ({ ...lb })),
    deploymentConfiguration: structuredClone(
      opts.deploymentConfiguration ?? {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      },
    ),
    capacityProviderStrategy: opts.capacityProviderStrategy?.map((i) => ({ ...i })),
    enableExecuteCommand: opts.enableExecuteCommand ?? false,
    propagateTags: opts.propagateTags ?? 'NONE',
    deploymentController: opts.deploymentController ?? 'ECS',
    serviceDeployments: [],
    revisions: [],
    managed: false,
    settled: true,
    unsettledSince: now,
    tags: toTags(opts.tags),
  };
  ecs.services.get(cluster)?.set(name, service);
  if (opts.lifecycle) {
    startServiceDeployment(ecs, service, newDeployment(ecs, service, def.arn, now, 'IN_PROGRESS'), now);
    service.managed = true;
    service.settled = false;
    return service;
  }
  buildHistory(ecs, service, def, opts, now);
  return service;
}

function buildHistory(
  ecs: FakeEcs,
  s: ServiceRecord,
  def: TaskDefinitionRecord,
  opts: CreateServiceOptions,
  now: number,
): void {
  const rollout = opts.rolloutState ?? 'COMPLETED';
  const running = opts.runningCount ?? s.desiredCount;
  const pending = opts.pendingCount ?? 0;
  const runningPhases = (at: number): ReturnType<typeof phases> => phases(START_SEQUENCE, at, STEP);
  const pendingPhases = (at: number): ReturnType<typeof phases> =>
    phases(START_SEQUENCE, at, STEP, 'PENDING');
  if (rollout === 'IN_PROGRESS') {
    const previous =
      (opts.previousTaskDefinition !== undefined
        ? fixtureTaskDefinition(ecs, opts.previousTaskDefinition, def.family)
        : ecs.taskDefinitions.resolve(`${def.family}:${def.revision - 1}`)) ?? def;
    const old = newDeployment(ecs, s, previous.arn, s.createdAt, 'COMPLETED');
    historyRecord(ecs, s, old, s.createdAt);
    startServiceTasks(ecs, s, old, opts.previousRunningCount ?? 0, s.createdAt, runningPhases);
  }
  const deployedAt = rollout === 'COMPLETED' ? s.createdAt : now - (rollout === 'FAILED' ? 25 : 4) * MINUTE;
  const primary = newDeployment(ecs, s, def.arn, deployedAt, rollout);
  const record = historyRecord(ecs, s, primary, deployedAt);
  startServiceTasks(ecs, s, primary, running, deployedAt, runningPhases);
  startServiceTasks(ecs, s, primary, pending, now - MINUTE, pendingPhases);
  if (rollout === 'COMPLETED') {
    addEvent(
      ecs,
      s,
      deployedAt + 4 * STEP,
      `(service ${s.name}) (deployment ${primary.id}) deployment completed.`,
    );
    addEvent(ecs, s, deployedAt + 5 * STEP, `(service ${s.name}) has reached a steady state.`);
    finishHistory(record, 'SUCCESSFUL', deployedAt + 4 * STEP);
  } else if (rollout === 'FAILED') {
    primary.failedTasks = opts.failedTasks ?? 3;
    primary.rolloutStateReason =
      opts.rolloutStateReason ?? 'ECS deployment circuit breaker: tasks failed to start.';
    primary.updatedAt = deployedAt + 12 * MINUTE;
    addEvent(
      ecs,
      s,
      deployedAt + 6 * MINUTE,
      `(service ${s.name}) is unable to consistently start tasks successfully. For more information, see the ` +
        'Troubleshooting section of the Amazon ECS Developer Guide.',
    );
    addEvent(
      ecs,
      s,
      primary.updatedAt,
      `(service ${s.name}) (deployment ${primary.id}) deployment failed: tasks failed to start.`,
    );
    if (record) {
      record.breakerTriggered = true;
      record.statusReason = primary.rolloutStateReason;
      finishHistory(record, 'STOPPED', primary.updatedAt);
    }
  }
  s.managed = rollout === 'COMPLETED' && running === s.desiredCount && pending === 0;
}

/** A fixture's past deployment as a ROLLING service deployment record (IN_PROGRESS until finished). */
function historyRecord(
  ecs: FakeEcs,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  at: number,
): ServiceDeploymentRecord | undefined {
  const record = startServiceDeployment(ecs, service, deployment, at);
  if (!record) return undefined;
  record.strategy = 'ROLLING';
  record.status = 'IN_PROGRESS';
  record.productionWeight = 100;
  deployment.hold = undefined;
  record.startedAt = at;
  if (deployment.rolloutState === 'COMPLETED') finishHistory(record, 'SUCCESSFUL', at);
  return record;
}

function finishHistory(
  record: ServiceDeploymentRecord | undefined,
  status: 'SUCCESSFUL' | 'STOPPED',
  at: number,
): void {
  if (!record) return;
  record.status = status;
  record.finishedAt = at;
  record.updatedAt = at;
  if (status === 'STOPPED') record.stoppedAt = at;
  else record.statusReason = 'Service deployment completed successfully.';
}

export function addFixtureTask(ecs: FakeEcs, cluster: string, opts: AddTaskOptions): TaskRecord {
  const now = ecs.now();
  const service = opts.service === undefined ? undefined : ecs.services.get(cluster)?.get(opts.service);
  if (opts.service !== undefined && !service)
    throw new Error(`fake ECS: no service ${opts.service} in ${cluster}`);
  const primary = service?.deployments[0];
  const def = fixtureTaskDefinition(
    ecs,
    opts.taskDefinition ?? primary?.taskDefinitionArn,
    service?.name ?? 'sample-task',
  );
  const last = opts.lastStatus ?? 'RUNNING';
  const stopping = STOP_SEQUENCE.includes(last);
  const failedToStart = opts.stopCode === 'TaskFailedToStart';
  const stopAt = time(opts.stoppedAt, now - 10 * MINUTE) - (opts.stoppedAt === undefined ? 0 : 3 * STEP);
  const createdAt = time(
    opts.createdAt,
    stopping ? stopAt - 5 * MINUTE : last === 'RUNNING' ? now - 2 * 60 * MINUTE : now - MINUTE,
  );
  let schedule = opts.lifecycle
    ? phases(START_SEQUENCE, now, ecs.lifecycleStepMs)
    : phases(START_SEQUENCE, createdAt, STEP, stopping ? (failedToStart ? 'PENDING' : 'RUNNING') : last);
  if (stopping && !opts.lifecycle) {
    const from = Math.max(stopAt, (schedule.at(-1)?.at ?? createdAt) + STEP);
    schedule = [...schedule, ...phases(STOP_SEQUENCE, from, STEP, last)];
  }
  const task = buildTask(ecs, ecs.ids, {
    cluster,
    definition: def,
    group: opts.group ?? (service ? `service:${service.name}` : `family:${def.family}`),
    startedBy: opts.startedBy ?? primary?.id,
    launchType: opts.launchType ?? service?.launchType ?? 'FARGATE',
    createdAt: opts.lifecycle ? now : createdAt,
    phases: schedule,
    service: service?.name,
    deploymentId: primary?.id,
    awsvpc: service?.networkConfiguration?.awsvpcConfiguration,
    tags: toTags(opts.tags),
    pinned: !opts.lifecycle,
    capacityProviderName: pickCapacityProvider(service?.capacityProviderStrategy, 0),
    enableExecuteCommand: opts.enableExecuteCommand ?? service?.enableExecuteCommand,
  });
  if (stopping && !opts.lifecycle) {
    task.desiredStatus = 'STOPPED';
    task.stoppingAt = schedule.find((p) => p.status === STOP_SEQUENCE[0])?.at;
    task.stopCode = opts.stopCode ?? 'EssentialContainerExited';
    task.stoppedReason = opts.stoppedReason ?? 'Essential container in task exited';
    const essential = task.containers.find((c) => c.essential);
    if (essential && task.stopCode === 'EssentialContainerExited') essential.exitCode = 1;
  }
  applyContainerFixtures(task, opts);
  return ecs.insertTask(task);
}

function applyContainerFixtures(task: TaskRecord, opts: AddTaskOptions): void {
  if (opts.healthStatus) {
    const first = task.containers.find((c) => c.essential);
    if (first) first.healthStatus = opts.healthStatus;
  }
  (opts.containers ?? []).forEach((fixture, i) => {
    const container = task.containers.find((c) => c.name === fixture.name) ?? task.containers[i];
    if (!container) return;
    if (fixture.exitCode !== undefined) container.exitCode = fixture.exitCode;
    if (fixture.reason !== undefined) container.reason = fixture.reason;
    if (fixture.healthStatus !== undefined) container.healthStatus = fixture.healthStatus;
  });
}
