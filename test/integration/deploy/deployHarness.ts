/**
 * The deploy pipeline wired to the fake AWS endpoint through the REAL SDK clients and gateways,
 * with an instant build/push job (the real one is exercised by the end-to-end test) and a clock
 * whose sleeps move the fake's ManualClock, so a rollout of minutes runs in milliseconds.
 * Shared by the deploy integration tests and the deploy benchmark.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient, type RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { createEc2Gateway } from '../../../src/aws/ec2Gateway';
import { createEcsGateway } from '../../../src/aws/ecsGateway';
import { createIamGateway } from '../../../src/aws/iamGateway';
import { createLogsGateway } from '../../../src/aws/logsGateway';
import { createScalingGateway } from '../../../src/aws/scalingGateway';
import { createTaskDefinitionGateway } from '../../../src/aws/taskDefinitionGateway';
import type { BuildAndPushResult } from '../../../src/workflows/buildAndPush';
import type { BuildAndPushJob, DeployClock, DeployDeps } from '../../../src/workflows/deploy/deployDeps';
import type { DeployTarget } from '../../../src/workflows/deploy/deployTarget';
import type { DeployStep } from '../../../src/workflows/deploy/deployTypes';
import { explainStoppedTask, formatStoppedTaskReport } from '../../../src/workflows/stoppedTask';
import type { FakeAws } from '../../fakeAws/server';

export const ACCOUNT = '123456789012';

export interface AwsClients {
  readonly ecs: ECSClient;
  readonly iam: IAMClient;
  readonly logs: CloudWatchLogsClient;
  readonly ec2: EC2Client;
  readonly scaling: ApplicationAutoScalingClient;
  destroy(): void;
}

export function awsClients(url: string, region: string): AwsClients {
  const config = {
    region,
    endpoint: url,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDDEPLOY', secretAccessKey: 'deploy-secret' },
  };
  const clients = {
    ecs: new ECSClient(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
    ec2: new EC2Client(config),
    scaling: new ApplicationAutoScalingClient(config),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}

/** An instant build and push: the phases a real job reports, and a digest-pinned image URI. */
export function instantBuildAndPush(
  registry: string,
  options: { platform?: string } = {},
): BuildAndPushJob & {
  calls: number;
  results: BuildAndPushResult[];
} {
  let counter = 0;
  const job = (async (request, onEvent, signal) => {
    job.calls++;
    const check = () => {
      if (signal.aborted)
        throw Object.assign(new Error('The operation was cancelled.'), { name: 'AbortError' });
    };
    check();
    onEvent({ kind: 'phase', phase: 'build', message: `Building ${path.basename(request.dockerfile)}` });
    await Promise.resolve();
    check();
    const name = request.repositoryName ?? 'web';
    onEvent({ kind: 'phase', phase: 'push', message: `Pushing ${registry}/${name}` });
    await Promise.resolve();
    check();
    counter++;
    const digest = `sha256:${counter.toString(16).padStart(64, '0')}`;
    const uri = `${registry}/${name}`;
    const platform = options.platform ?? request.platform ?? 'linux/amd64';
    const [imageOs = 'linux', architecture = 'amd64'] = platform.split('/');
    const result: BuildAndPushResult = {
      imageUri: `${uri}@${digest}`,
      digest,
      tags: [request.tag ?? 'abc1234'],
      taggedUri: `${uri}:${request.tag ?? 'abc1234'}`,
      repository: {
        name,
        arn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`,
        uri,
        scanOnPush: false,
      },
      createdRepository: false,
      image: { imageId: `sha256:${'f'.repeat(64)}`, tags: [], platform, os: imageOs, architecture },
    };
    job.results.push(result);
    return result;
  }) as BuildAndPushJob & { calls: number; results: BuildAndPushResult[] };
  job.calls = 0;
  job.results = [];
  return job;
}

/** Sleeps move `advance` (the fake's ManualClock) instead of waiting. */
export class AdvancingClock implements DeployClock {
  readonly sleeps: number[] = [];
  onSleep?: (ms: number) => void;

  constructor(
    private readonly source: { now(): number },
    private readonly advance: (ms: number) => void,
  ) {}

  now(): number {
    return this.source.now();
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    const aborted = () => Object.assign(new Error('aborted'), { name: 'AbortError' });
    if (signal.aborted) return Promise.reject(aborted());
    this.sleeps.push(ms);
    this.advance(ms);
    this.onSleep?.(ms);
    return signal.aborted ? Promise.reject(aborted()) : Promise.resolve();
  }
}

export function deployDeps(
  clients: AwsClients,
  region: string,
  buildAndPush: BuildAndPushJob,
  overrides: Partial<DeployDeps> = {},
): DeployDeps {
  const concurrency = () => 8;
  return {
    ecs: createEcsGateway(clients.ecs, { concurrency }),
    taskDefinitions: createTaskDefinitionGateway(clients.ecs, { concurrency }),
    buildAndPush,
    iam: createIamGateway(clients.iam),
    logs: createLogsGateway(clients.logs, { region }),
    ec2: createEc2Gateway(clients.ec2),
    scaling: createScalingGateway(clients.scaling, { concurrency }),
    explainStoppedTask,
    formatStoppedTaskReport,
    settings: { timeoutMinutes: 15, preflight: true },
    ...overrides,
  };
}

export const TASK_DEFINITION = {
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
  containerDefinitions: [
    {
      name: 'app',
      image: 'web:latest',
      essential: true,
      portMappings: [{ containerPort: 8080 }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs',
        },
      },
    },
  ],
};

/** Every step of a deploy, in the order a full run starts them. */
export const DEPLOY_STEPS: readonly DeployStep[] = [
  'validate',
  'preflight',
  'build',
  'push',
  'render',
  'logGroups',
  'register',
  'rollout',
  'wait',
];

/**
 * What the account holds before the first deploy: cluster `prod`, the execution role, the log group
 * and revision web:1 (of `image`, when given); returns the default VPC's subnets and security group.
 */
export function seedAccount(fake: FakeAws, image?: string): { subnets: string[]; securityGroup: string } {
  fake.ecs.createCluster('prod');
  fake.iam.createRole('ecsTaskExecutionRole');
  fake.logs.createGroup('/ecs/web');
  const vpc = fake.ec2.defaultVpc();
  const subnets = [...fake.ec2.subnets.values()].filter((s) => s.vpcId === vpc?.vpcId).map((s) => s.subnetId);
  const securityGroup = [...fake.ec2.securityGroups.values()].find((g) => g.vpcId === vpc?.vpcId)?.groupId;
  const web1 = structuredClone(TASK_DEFINITION) as RegisterTaskDefinitionRequest;
  const app = web1.containerDefinitions?.[0];
  if (app && image) app.image = image;
  fake.ecs.registerTaskDefinition(web1);
  return { subnets, securityGroup: securityGroup ?? '' };
}

/** A workspace folder with a Dockerfile and the task-definition file (as people commit it). */
export function makeWorkspace(taskDefinition: object = TASK_DEFINITION): { root: string; fileText: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-deploy-'));
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM scratch\n');
  const fileText = `${JSON.stringify(taskDefinition, null, 4)}\n`;
  fs.writeFileSync(path.join(root, 'task-definition.json'), fileText);
  return { root, fileText };
}

export function target(over: Partial<DeployTarget> = {}): DeployTarget {
  return {
    name: 'web',
    dockerfile: 'Dockerfile',
    taskDefinitionFile: 'task-definition.json',
    container: 'app',
    repository: 'web',
    cluster: 'prod',
    service: 'web',
    ...over,
  };
}
