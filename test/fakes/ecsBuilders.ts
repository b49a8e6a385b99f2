/** Builders for realistic ECS API objects (as DescribeX returns them), with overridable defaults. */
import type { Cluster, Container, Service, Task } from '@aws-sdk/client-ecs';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const NOW = Date.parse('2026-11-27T12:00:00Z');
const arn = (resource: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:${resource}`;
const minutesAgo = (m: number) => new Date(NOW - m * 60_000);

export function aCluster(name = 'production', over: Partial<Cluster> = {}): Cluster {
  return {
    clusterArn: arn(`cluster/${name}`),
    clusterName: name,
    status: 'ACTIVE',
    activeServicesCount: 3,
    runningTasksCount: 7,
    pendingTasksCount: 0,
    registeredContainerInstancesCount: 0,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    settings: [{ name: 'containerInsights', value: 'enabled' }],
    ...over,
  };
}

export function aService(
  name = 'web-frontend',
  over: Partial<Service> = {},
  cluster = 'production',
): Service {
  return {
    serviceArn: arn(`service/${cluster}/${name}`),
    serviceName: name,
    clusterArn: arn(`cluster/${cluster}`),
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    launchType: 'FARGATE',
    taskDefinition: arn(`task-definition/${name}:7`),
    createdAt: minutesAgo(60 * 24 * 3),
    deployments: [
      {
        id: 'ecs-svc/1234567890',
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        desiredCount: 3,
        runningCount: 3,
        pendingCount: 0,
        taskDefinition: arn(`task-definition/${name}:7`),
        createdAt: minutesAgo(90),
        updatedAt: minutesAgo(85),
      },
    ],
    events: [
      { id: 'e1', createdAt: minutesAgo(85), message: `(service ${name}) has reached a steady state.` },
    ],
    ...over,
  };
}

export function aContainer(name = 'web', over: Partial<Container> = {}): Container {
  return {
    containerArn: arn(`container/production/0123456789abcdef0123456789abcdef/${name}-uuid`),
    name,
    image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:1.4.2`,
    lastStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    ...over,
  };
}

export function aTask(
  id = '0123456789abcdef0123456789abcdef',
  over: Partial<Task> = {},
  cluster = 'production',
): Task {
  return {
    taskArn: arn(`task/${cluster}/${id}`),
    clusterArn: arn(`cluster/${cluster}`),
    taskDefinitionArn: arn('task-definition/web-frontend:7'),
    group: 'service:web-frontend',
    startedBy: 'ecs-svc/1234567890',
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    cpu: '256',
    memory: '512',
    availabilityZone: 'us-east-1a',
    createdAt: minutesAgo(16),
    startedAt: minutesAgo(15),
    containers: [aContainer('web')],
    ...over,
  };
}

export function aStoppedTask(id: string, over: Partial<Task> = {}): Task {
  return aTask(id, {
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    healthStatus: 'UNKNOWN',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    stoppingAt: minutesAgo(13),
    stoppedAt: minutesAgo(12),
    containers: [aContainer('web', { lastStatus: 'STOPPED', exitCode: 1, healthStatus: 'UNKNOWN' })],
    ...over,
  });
}
