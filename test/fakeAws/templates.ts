/** Realistic task definitions for fleets: awslogs, ECR images, Fargate sizes, execution role. */
import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import type { FakeEcs } from './ecs/fakeEcs';
import type { TaskDefinitionRecord } from './ecs/types';

export interface FamilyTemplate {
  /** Image tag per revision (1-based). Default `1.0.<rev>`. */
  tag?: (revision: number) => string;
  cpu?: string;
  memory?: string;
  port?: number;
  healthCheck?: boolean;
  command?: string[];
  /** An extra non-essential sidecar container (e.g. a log router). */
  sidecar?: boolean;
  environment?: Record<string, string>;
}

export function ecrImage(ecs: FakeEcs, repository: string, tag: string): string {
  return `${ecs.accountId}.dkr.ecr.${ecs.region}.amazonaws.com/${repository}:${tag}`;
}

export function taskDefinitionInput(
  ecs: FakeEcs,
  family: string,
  revision: number,
  t: FamilyTemplate = {},
): RegisterTaskDefinitionRequest {
  const main: ContainerDefinition = {
    name: family,
    image: ecrImage(ecs, family, t.tag?.(revision) ?? `1.0.${revision}`),
    essential: true,
    portMappings:
      t.port === undefined
        ? []
        : [{ containerPort: t.port, hostPort: t.port, protocol: 'tcp', name: `${family}-${t.port}-tcp` }],
    environment: Object.entries(t.environment ?? {}).map(([name, value]) => ({ name, value })),
    command: t.command,
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': `/ecs/${family}`,
        'awslogs-region': ecs.region,
        'awslogs-stream-prefix': 'ecs',
        'awslogs-create-group': 'true',
      },
    },
    healthCheck: t.healthCheck
      ? {
          command: ['CMD-SHELL', `curl -f http://localhost:${t.port ?? 8080}/health || exit 1`],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: 10,
        }
      : undefined,
  };
  const containers: ContainerDefinition[] = [main];
  if (t.sidecar) {
    containers.push({
      name: 'log-router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: false,
      firelensConfiguration: { type: 'fluentbit' },
    });
  }
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: t.cpu ?? '256',
    memory: t.memory ?? '512',
    executionRoleArn: `arn:aws:iam::${ecs.accountId}:role/ecsTaskExecutionRole`,
    taskRoleArn: `arn:aws:iam::${ecs.accountId}:role/${family}-task-role`,
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    containerDefinitions: containers,
  };
}

/** Registers revisions 1..count of a family (continuing if some exist); returns the latest. */
export function registerFamily(
  ecs: FakeEcs,
  family: string,
  count: number,
  t: FamilyTemplate = {},
): TaskDefinitionRecord {
  let latest = ecs.taskDefinitions.latest(family);
  for (let rev = (latest?.revision ?? 0) + 1; rev <= count; rev++) {
    latest = ecs.registerTaskDefinition(taskDefinitionInput(ecs, family, rev, t));
    latest.registeredAt = ecs.now() - (count - rev) * 24 * 60 * 60 * 1000 - 60 * 60 * 1000;
  }
  if (!latest) throw new Error(`registerFamily: no revisions for ${family}`);
  return latest;
}
