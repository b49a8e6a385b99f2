/** Internal records → the ECS API's shapes (the SDK's own types; Dates become epoch seconds on the wire). */
import type {
  Cluster,
  Container,
  ContainerDefinition,
  Deployment,
  Service,
  Task,
  TaskDefinition,
  TaskSet,
} from '@aws-sdk/client-ecs';
import { revisionCounts } from './deployments/render';
import { clusterArn, type ArnScope } from './arns';
import type { FakeEcs } from './fakeEcs';
import { containerState, isStarting, reachedAt, statusAt, taskHealth } from './lifecycle';
import type { ClusterRecord, ServiceRecord, TaskDefinitionRecord, TaskRecord } from './types';

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));
const notAfter = (ms: number | undefined, now: number): number | undefined =>
  ms !== undefined && ms <= now ? ms : undefined;

export function renderCluster(ecs: FakeEcs, c: ClusterRecord, include: string[]): Cluster {
  const now = ecs.now();
  const counts = { running: { FARGATE: 0, EC2: 0 }, pending: { FARGATE: 0, EC2: 0 } };
  for (const task of ecs.tasks.get(c.name)?.values() ?? []) {
    const status = statusAt(task, now);
    if (status === 'RUNNING') counts.running[task.launchType]++;
    else if (isStarting(status) && task.desiredStatus === 'RUNNING') counts.pending[task.launchType]++;
  }
  const services = [...(ecs.services.get(c.name)?.values() ?? [])];
  const active = (lt: string): number =>
    services.filter((s) => s.status === 'ACTIVE' && s.launchType === lt).length;
  const draining = (lt: string): number =>
    services.filter((s) => s.status === 'DRAINING' && s.launchType === lt).length;
  const cluster: Cluster = {
    clusterArn: c.arn,
    clusterName: c.name,
    status: c.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: counts.running.FARGATE + counts.running.EC2,
    pendingTasksCount: counts.pending.FARGATE + counts.pending.EC2,
    activeServicesCount: services.filter((s) => s.status === 'ACTIVE').length,
    capacityProviders: [...c.capacityProviders],
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy.map((i) => ({ ...i })),
  };
  if (include.includes('STATISTICS')) {
    cluster.statistics = Object.entries({
      runningEC2TasksCount: counts.running.EC2,
      runningFargateTasksCount: counts.running.FARGATE,
      pendingEC2TasksCount: counts.pending.EC2,
      pendingFargateTasksCount: counts.pending.FARGATE,
      activeEC2ServiceCount: active('EC2'),
      activeFargateServiceCount: active('FARGATE'),
      drainingEC2ServiceCount: draining('EC2'),
      drainingFargateServiceCount: draining('FARGATE'),
    }).map(([name, value]) => ({ name, value: String(value) }));
  }
  if (include.includes('SETTINGS')) {
    cluster.settings = [{ name: 'containerInsights', value: c.containerInsights ? 'enabled' : 'disabled' }];
  }
  if (include.includes('TAGS')) cluster.tags = c.tags.map((t) => ({ ...t }));
  if (c.configuration && include.includes('CONFIGURATIONS'))
    cluster.configuration = structuredClone(c.configuration);
  return cluster;
}

export function renderService(ecs: FakeEcs, s: ServiceRecord, include: string[]): Service {
  const now = ecs.now();
  const tasks = ecs.serviceTasks(s.cluster, s.name);
  const count = (deploymentId?: string): { running: number; pending: number; live: number } => {
    let running = 0;
    let pending = 0;
    let live = 0;
    for (const t of tasks) {
      if (deploymentId !== undefined && t.deploymentId !== deploymentId) continue;
      const status = statusAt(t, now);
      if (status === 'RUNNING') running++;
      else if (isStarting(status) && t.desiredStatus === 'RUNNING') pending++;
      if (t.desiredStatus === 'RUNNING') live++;
    }
    return { running, pending, live };
  };
  const deployments: Deployment[] = s.deployments.map((d) => {
    const c = count(d.id);
    return {
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinitionArn,
      desiredCount: d.status === 'PRIMARY' ? s.desiredCount : c.live,
      pendingCount: c.pending,
      runningCount: c.running,
      failedTasks: d.failedTasks,
      createdAt: date(d.createdAt),
      updatedAt: date(d.updatedAt),
      // A deployment placed by a capacity provider strategy shows the strategy instead of a launch type.
      launchType: d.capacityProviderStrategy ? undefined : d.launchType,
      capacityProviderStrategy: d.capacityProviderStrategy?.map((i) => ({ ...i })),
      platformVersion: d.launchType === 'FARGATE' ? '1.4.0' : undefined,
      platformFamily: d.launchType === 'FARGATE' ? 'Linux' : undefined,
      networkConfiguration: s.networkConfiguration,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  });
  const all = count();
  const service: Service = {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: clusterArn(ecs, s.cluster),
    loadBalancers: s.loadBalancers.map((lb) => ({ ...lb })),
    serviceRegistries: [],
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: all.running,
    pendingCount: all.pending,
    launchType: s.capacityProviderStrategy ? undefined : s.launchType,
    capacityProviderStrategy: s.capacityProviderStrategy?.map((i) => ({ ...i })),
    platformVersion: s.launchType === 'FARGATE' ? 'LATEST' : undefined,
    platformFamily: s.launchType === 'FARGATE' ? 'Linux' : undefined,
    taskDefinition: s.taskDefinitionArn,
    deploymentConfiguration: s.deploymentConfiguration,
    deployments,
    events: s.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(s.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: s.networkConfiguration,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: s.deploymentController },
    createdBy: `arn:aws:iam::${ecs.accountId}:user/test`,
    enableECSManagedTags: false,
    propagateTags: s.propagateTags,
    enableExecuteCommand: s.enableExecuteCommand,
  };
  const current = s.serviceDeployments[0];
  if (current) service.currentServiceDeployment = current.arn;
  if (s.deploymentController === 'ECS') {
    service.currentServiceRevisions = s.revisions
      .filter((r) => r.deploymentIds.some((id) => s.deployments.some((d) => d.id === id)))
      .map((r) => {
        const c = revisionCounts(ecs, s, r);
        return {
          arn: r.arn,
          requestedTaskCount: c.requested,
          runningTaskCount: c.running,
          pendingTaskCount: c.pending,
        };
      });
  } else {
    // CODE_DEPLOY and EXTERNAL services run task sets; their `deployments` list is empty.
    service.taskSets = renderTaskSets(ecs, s, deployments);
    service.deployments = [];
  }
  if (include.includes('TAGS')) service.tags = s.tags.map((t) => ({ ...t }));
  return service;
}

function renderTaskSets(ecs: FakeEcs, s: ServiceRecord, deployments: Deployment[]): TaskSet[] {
  return deployments.map((d, i) => {
    const id = `ecs-svc/${(d.id ?? '').replace(/^ecs-svc\//, '')}`;
    const primary = i === 0;
    return {
      id,
      taskSetArn: `arn:aws:ecs:${ecs.region}:${ecs.accountId}:task-set/${s.cluster}/${s.name}/${id}`,
      serviceArn: s.arn,
      clusterArn: clusterArn(ecs, s.cluster),
      startedBy: s.deploymentController === 'CODE_DEPLOY' ? 'CodeDeploy' : undefined,
      status: primary ? 'PRIMARY' : 'ACTIVE',
      taskDefinition: d.taskDefinition,
      computedDesiredCount: d.desiredCount,
      pendingCount: d.pendingCount,
      runningCount: d.runningCount,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      launchType: d.launchType,
      capacityProviderStrategy: d.capacityProviderStrategy,
      platformVersion: d.platformVersion,
      platformFamily: d.platformFamily,
      networkConfiguration: d.networkConfiguration,
      loadBalancers: s.loadBalancers.map((lb) => ({ ...lb })),
      scale: { value: primary ? 100 : 0, unit: 'PERCENT' },
      stabilityStatus: d.rolloutState === 'COMPLETED' ? 'STEADY_STATE' : 'STABILIZING',
      stabilityStatusAt: d.updatedAt,
    };
  });
}

export function renderTask(ecs: FakeEcs, t: TaskRecord, include: string[]): Task {
  const now = ecs.now();
  const status = statusAt(t, now);
  const started = reachedAt(t, 'RUNNING', now);
  const pullStarted = t.pull ? notAfter(t.pull.startedAt, now) : reachedAt(t, 'PENDING', now);
  const pullStopped = t.pull ? notAfter(t.pull.stoppedAt, now) : reachedAt(t, 'ACTIVATING', now);
  const connectedAt = reachedAt(t, 'PENDING', now);
  const containers: Container[] = t.containers.map((c) => {
    const state = containerState(t, c, now);
    return {
      containerArn: c.containerArn,
      taskArn: t.arn,
      name: c.name,
      image: c.image,
      runtimeId: started === undefined ? undefined : c.runtimeId,
      lastStatus: state.lastStatus,
      exitCode: state.exitCode,
      reason: state.reason,
      networkBindings: [],
      networkInterfaces: [{ attachmentId: t.network.attachmentId, privateIpv4Address: t.network.privateIp }],
      healthStatus: state.healthStatus,
      cpu: c.cpu === undefined ? undefined : String(c.cpu),
      memory: c.memory === undefined ? undefined : String(c.memory),
      ...(t.enableExecuteCommand && state.lastStatus !== 'STOPPED'
        ? {
            managedAgents: [
              {
                name: 'ExecuteCommandAgent' as const,
                lastStatus: started === undefined ? 'PENDING' : (c.execAgentStatus ?? 'RUNNING'),
                lastStartedAt: date(started),
              },
            ],
          }
        : {}),
    };
  });
  const eniStatus = status === 'STOPPED' ? 'DELETED' : status === 'PROVISIONING' ? 'PRECREATED' : 'ATTACHED';
  const task: Task = {
    attachments: [
      {
        id: t.network.attachmentId,
        type: 'ElasticNetworkInterface',
        status: eniStatus,
        details: [
          { name: 'subnetId', value: t.network.subnetId },
          { name: 'networkInterfaceId', value: t.network.eniId },
          { name: 'macAddress', value: t.network.mac },
          { name: 'privateDnsName', value: `ip-${t.network.privateIp.replace(/\./g, '-')}.ec2.internal` },
          { name: 'privateIPv4Address', value: t.network.privateIp },
        ],
      },
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: t.availabilityZone,
    clusterArn: clusterArn(ecs, t.cluster),
    capacityProviderName: t.capacityProviderName,
    connectivity: connectedAt === undefined ? undefined : 'CONNECTED',
    connectivityAt: date(connectedAt),
    containers,
    cpu: t.cpu,
    createdAt: date(t.createdAt),
    desiredStatus: t.desiredStatus,
    enableExecuteCommand: t.enableExecuteCommand,
    group: t.group,
    healthStatus: taskHealth(t, now),
    lastStatus: status,
    launchType: t.launchType,
    memory: t.memory,
    overrides: t.overrides ?? {
      containerOverrides: t.containers.map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
    },
    platformVersion: t.platformVersion,
    platformFamily: t.launchType === 'FARGATE' ? 'Linux' : undefined,
    pullStartedAt: date(pullStarted),
    pullStoppedAt: date(pullStopped),
    startedAt: date(started),
    startedBy: t.startedBy,
    stopCode: t.stopCode as Task['stopCode'],
    stoppedAt: date(reachedAt(t, 'STOPPED', now)),
    stoppedReason: t.stoppedReason,
    stoppingAt: date(t.stoppingAt),
    // A task that never started has no DEPROVISIONING step: its execution ended when it stopped.
    executionStoppedAt: date(reachedAt(t, 'DEPROVISIONING', now) ?? reachedAt(t, 'STOPPED', now)),
    taskArn: t.arn,
    taskDefinitionArn: t.taskDefinitionArn,
    version: t.phases.filter((p) => p.at <= now).length,
    ephemeralStorage: t.launchType === 'FARGATE' ? { sizeInGiB: 20 } : undefined,
  };
  if (include.includes('TAGS')) task.tags = t.tags.map((tag) => ({ ...tag }));
  return task;
}

export function renderTaskDefinition(scope: ArnScope, td: TaskDefinitionRecord): TaskDefinition {
  const input = structuredClone(td.input);
  const awsvpc = input.networkMode === 'awsvpc';
  return {
    ...input,
    taskDefinitionArn: td.arn,
    containerDefinitions: (input.containerDefinitions ?? []).map((c) =>
      renderContainerDefinition(c, input.networkMode),
    ),
    family: td.family,
    revision: td.revision,
    // ECS answers with the lists it defaults to "none", whether or not they were registered.
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
    status: td.status,
    compatibilities: awsvpc ? ['EC2', 'FARGATE'] : ['EC2'],
    requiresAttributes: [
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
      ...(awsvpc ? [{ name: 'ecs.capability.task-eni' }] : []),
    ],
    registeredAt: new Date(td.registeredAt),
    deregisteredAt: date(td.deregisteredAt),
    registeredBy: `arn:aws:iam::${scope.accountId}:user/test`,
  };
}

/**
 * A container as DescribeTaskDefinition returns it: ECS writes out `cpu: 0`, `essential: true`,
 * each port mapping's `protocol` ("tcp") and, in awsvpc/host mode, `hostPort` (= containerPort),
 * and empty `portMappings`/`environment`/`mountPoints`/`volumesFrom`/`systemControls` lists.
 */
function renderContainerDefinition(
  c: ContainerDefinition,
  networkMode: string | undefined,
): ContainerDefinition {
  const staticHostPort = networkMode === 'awsvpc' || networkMode === 'host';
  return {
    ...c,
    cpu: c.cpu ?? 0,
    portMappings: (c.portMappings ?? []).map((m) => ({
      ...m,
      hostPort:
        m.hostPort ?? (staticHostPort && m.containerPortRange === undefined ? m.containerPort : undefined),
      protocol: m.protocol ?? 'tcp',
    })),
    essential: c.essential ?? true,
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
    systemControls: c.systemControls ?? [],
  };
}
