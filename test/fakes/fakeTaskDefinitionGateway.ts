/**
 * A hand-written, in-memory TaskDefinitionGateway for the layers above the gateway (the Task
 * Definitions view's nodes, documents, commands), plus a builder for realistic
 * DescribeTaskDefinition output. It records calls and can fail per method or per revision.
 */
import type {
  RegisterTaskDefinitionCommandInput,
  Tag,
  TaskDefinition,
  TaskDefinitionFamilyStatus,
  TaskDefinitionStatus,
} from '@aws-sdk/client-ecs';
import {
  parseTaskDefinitionId,
  type RegisteredTaskDefinition,
  type TaskDefinitionGateway,
} from '../../src/aws/taskDefinitionGateway';
import { ACCOUNT, NOW, REGION } from './ecsBuilders';

export const taskDefinitionArn = (family: string, revision: number): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;

/** A Fargate revision as DescribeTaskDefinition returns it (ECS's defaults written out). */
export function aTaskDefinition(
  family = 'web',
  revision = 7,
  over: Partial<TaskDefinition> = {},
): TaskDefinition {
  return {
    taskDefinitionArn: taskDefinitionArn(family, revision),
    containerDefinitions: [
      {
        name: family,
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${family}:1.${revision}.0`,
        cpu: 0,
        portMappings: [
          { containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' },
        ],
        essential: true,
        environment: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'APP_ENV', value: 'production' },
        ],
        mountPoints: [],
        volumesFrom: [],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/db-password` },
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': `/ecs/${family}`,
            'awslogs-region': REGION,
            'awslogs-stream-prefix': 'ecs',
          },
        },
        systemControls: [],
      },
    ],
    family,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${family}-task`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    networkMode: 'awsvpc',
    revision,
    volumes: [],
    status: 'ACTIVE',
    requiresAttributes: [
      { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
      { name: 'ecs.capability.execution-role-awslogs' },
      { name: 'com.amazonaws.ecs.capability.ecr-auth' },
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.19' },
      { name: 'ecs.capability.secrets.ssm.environment-variables' },
      { name: 'com.amazonaws.ecs.capability.task-iam-role' },
      { name: 'ecs.capability.execution-role-ecr-pull' },
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
      { name: 'ecs.capability.task-eni' },
    ],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    registeredAt: new Date(NOW - (10 - Math.min(revision, 9)) * 86_400_000),
    registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
    enableFaultInjection: false,
    ...over,
  };
}

type Method = keyof TaskDefinitionGateway;

export class FakeTaskDefinitionGateway implements TaskDefinitionGateway {
  /** Every revision, any family, any status. */
  readonly revisions: TaskDefinition[] = [];
  readonly tags = new Map<string, Tag[]>();
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  private readonly errors = new Map<Method, Error>();
  /** Describes of these revisions (`family:revision`) fail. */
  readonly failingDescribes = new Map<string, Error>();

  /** Adds revisions 1..count of a family (the last `inactive` of the oldest ones deregistered). */
  addFamily(family: string, count: number, options: { inactive?: number; tags?: Tag[] } = {}): this {
    for (let revision = 1; revision <= count; revision++) {
      const inactive = revision <= (options.inactive ?? 0);
      this.add(aTaskDefinition(family, revision, inactive ? { status: 'INACTIVE' } : {}), options.tags);
    }
    return this;
  }

  add(td: TaskDefinition, tags: Tag[] = []): this {
    this.revisions.push(td);
    this.tags.set(td.taskDefinitionArn ?? '', tags);
    return this;
  }

  failNext(method: Method, error: Error): this {
    this.errors.set(method, error);
    return this;
  }

  callsTo(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private record(method: Method, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.errors.get(method);
    if (error) {
      this.errors.delete(method);
      throw error;
    }
  }

  private find(ref: string): TaskDefinition | undefined {
    const id = parseTaskDefinitionId(ref);
    if (id) return this.revisions.find((td) => td.family === id.family && td.revision === id.revision);
    return this.revisions
      .filter((td) => td.family === ref && td.status === 'ACTIVE')
      .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
  }

  register(input: RegisterTaskDefinitionCommandInput): Promise<TaskDefinition> {
    this.record('register', input);
    const family = input.family ?? '';
    const revision =
      1 + Math.max(0, ...this.revisions.filter((t) => t.family === family).map((t) => t.revision ?? 0));
    const { tags, ...rest } = input;
    const td = aTaskDefinition(family, revision, { ...rest, registeredAt: new Date(NOW) });
    this.add(td, tags ?? []);
    return Promise.resolve(td);
  }

  listFamilies(status?: TaskDefinitionFamilyStatus): Promise<string[]> {
    this.record('listFamilies', status);
    const families = [...new Set(this.revisions.map((t) => t.family ?? ''))].filter((family) => {
      const active = this.revisions.some((t) => t.family === family && t.status === 'ACTIVE');
      return status === 'ACTIVE' ? active : status === 'INACTIVE' ? !active : true;
    });
    return Promise.resolve(families.sort());
  }

  listRevisions(family: string, status: TaskDefinitionStatus = 'ACTIVE'): Promise<string[]> {
    this.record('listRevisions', family, status);
    return Promise.resolve(
      this.revisions
        .filter((t) => t.family === family && t.status === status)
        .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))
        .map((t) => t.taskDefinitionArn ?? ''),
    );
  }

  describe(taskDefinition: string): Promise<RegisteredTaskDefinition> {
    try {
      this.record('describe', taskDefinition);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const td = this.find(taskDefinition);
    const failure = td ? this.failingDescribes.get(`${td.family}:${td.revision}`) : undefined;
    if (failure) return Promise.reject(failure);
    if (!td) return Promise.reject(new Error('Unable to describe task definition.'));
    return Promise.resolve({
      taskDefinition: structuredClone(td),
      tags: [...(this.tags.get(td.taskDefinitionArn ?? '') ?? [])],
    });
  }

  deregister(taskDefinition: string): Promise<TaskDefinition | undefined> {
    this.record('deregister', taskDefinition);
    const td = this.find(taskDefinition);
    if (td) Object.assign(td, { status: 'INACTIVE', deregisteredAt: new Date(NOW) });
    return Promise.resolve(td);
  }
}
