/**
 * Generated ECS accounts. buildFleet makes large, deterministic ones for benchmarks and paging
 * tests; buildDemoFleet (demoFleet.ts) a small pleasant one for screenshots and the demo mode.
 */
import type { FakeEcs } from './ecs/fakeEcs';
import type { AddTaskOptions } from './ecs/fixtures';
import { registerFamily } from './templates';

export { buildDemoFleet } from './demoFleet';

export interface FleetOptions {
  clusters: number;
  servicesPerCluster: number;
  tasksPerService: number;
  standaloneTasksPerCluster?: number;
  stoppedTasksPerCluster?: number;
  /** Prefix of cluster names: `${namePrefix}cluster-01`. */
  namePrefix?: string;
}

export interface FleetSummary {
  clusters: string[];
  services: number;
  /** Tasks with desiredStatus RUNNING. */
  runningTasks: number;
  stoppedTasks: number;
  taskDefinitions: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Stop reasons seen in real accounts, in rotation. */
export const STOP_REASONS: ReadonlyArray<Pick<AddTaskOptions, 'stopCode' | 'stoppedReason' | 'containers'>> =
  [
    {
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ exitCode: 1 }],
    },
    {
      stopCode: 'TaskFailedToStart',
      stoppedReason:
        'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ' +
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:missing: not found',
      containers: [
        { reason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found' },
      ],
    },
    {
      stopCode: 'TaskFailedToStart',
      stoppedReason:
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
        'unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException',
    },
    { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', containers: [{ exitCode: 0 }] },
    {
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }],
    },
    {
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Task failed ELB health checks in (target-group app-tg)',
    },
  ];

export function buildFleet(ecs: FakeEcs, options: FleetOptions): FleetSummary {
  const { clusters, servicesPerCluster, tasksPerService } = options;
  for (const [key, value] of Object.entries({ clusters, servicesPerCluster, tasksPerService })) {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`buildFleet: ${key} must be a whole number ≥ 0`);
  }
  const standalone = options.standaloneTasksPerCluster ?? 0;
  const stopped = options.stoppedTasksPerCluster ?? 0;
  const clusterWidth = Math.max(2, String(clusters).length);
  const serviceWidth = Math.max(4, String(servicesPerCluster).length);
  const summary: FleetSummary = {
    clusters: [],
    services: 0,
    runningTasks: 0,
    stoppedTasks: 0,
    taskDefinitions: 0,
  };
  const before = ecs.taskDefinitions.all().length;
  let n = 0;
  for (let c = 1; c <= clusters; c++) {
    const cluster = `${options.namePrefix ?? ''}cluster-${pad(c, clusterWidth)}`;
    ecs.createCluster(cluster, {
      containerInsights: c % 2 === 1,
      tags: { environment: c === 1 ? 'production' : 'test' },
    });
    summary.clusters.push(cluster);
    const serviceNames: string[] = [];
    for (let s = 1; s <= servicesPerCluster; s++, n++) {
      const name = `svc-${pad(s, serviceWidth)}`;
      serviceNames.push(name);
      const def = registerFamily(ecs, name, 2, {
        cpu: s % 3 === 0 ? '512' : '256',
        memory: s % 3 === 0 ? '1024' : '512',
        port: 8080,
        healthCheck: true,
      });
      addService(ecs, cluster, name, def.arn, tasksPerService, n);
      summary.services++;
    }
    if (standalone > 0) registerFamily(ecs, 'batch-job', 2, { command: ['python', 'job.py'] });
    for (let i = 0; i < standalone; i++)
      ecs.addTask(cluster, { taskDefinition: 'batch-job', startedBy: i % 2 === 0 ? 'scheduler' : undefined });
    for (let i = 0; i < stopped; i++) {
      const service =
        serviceNames.length > 0 && i % 2 === 0 ? serviceNames[(i / 2) % serviceNames.length] : undefined;
      if (service === undefined) registerFamily(ecs, 'batch-job', 2, { command: ['python', 'job.py'] });
      ecs.addTask(cluster, {
        ...STOP_REASONS[i % STOP_REASONS.length],
        service,
        taskDefinition: service === undefined ? 'batch-job' : undefined,
        lastStatus: 'STOPPED',
        stoppedAt: ecs.now() - (5 + i) * 60_000,
      });
    }
  }
  for (const tasks of ecs.tasks.values()) {
    for (const task of tasks.values()) {
      if (task.desiredStatus === 'RUNNING') summary.runningTasks++;
      else summary.stoppedTasks++;
    }
  }
  summary.taskDefinitions = ecs.taskDefinitions.all().length - before;
  return summary;
}

/** One service of the fleet; its index picks its variety. */
function addService(
  ecs: FakeEcs,
  cluster: string,
  name: string,
  taskDefinition: string,
  tasks: number,
  n: number,
): void {
  const launchType = n % 25 === 11 ? 'EC2' : 'FARGATE';
  const base = { desiredCount: tasks, taskDefinition, launchType } as const;
  if (tasks > 0 && n % 10 === 3) {
    ecs.createService(cluster, name, {
      ...base,
      rolloutState: 'IN_PROGRESS',
      runningCount: tasks - 1,
      pendingCount: 1,
      previousTaskDefinition: `${name}:1`,
      previousRunningCount: 1,
    });
  } else if (tasks > 0 && n % 10 === 7) {
    ecs.createService(cluster, name, { ...base, rolloutState: 'FAILED', runningCount: tasks - 1 });
  } else if (tasks > 0 && n % 10 === 5) {
    ecs.createService(cluster, name, { ...base, runningCount: tasks - 1 });
  } else if (tasks > 0 && n % 17 === 2) {
    ecs.createService(cluster, name, { ...base, runningCount: tasks - 1 });
    ecs.addTask(cluster, { service: name, healthStatus: 'UNHEALTHY' });
  } else {
    ecs.createService(cluster, name, base);
  }
}
