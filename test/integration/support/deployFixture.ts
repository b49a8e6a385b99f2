/**
 * The account, clocks and workspace every deploy integration test starts from (rolling, blue/green
 * and the other strategies, CodeDeploy): the fake AWS endpoint on a manual clock, the real SDK
 * clients, an instant build and push, revision web:1 of an image in the fake's ECR, the default
 * VPC's network, the workspace with the task-definition file, and service `prod/web` created through
 * the real CreateService. Each test file wires the deploy's dependencies from it (deployHarness.ts
 * deployDeps) with the overrides it tests. One module so the suites start from the same world.
 */
import * as fs from 'node:fs';
import {
  CreateServiceCommand,
  type CreateServiceRequest,
  type NetworkConfiguration,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';
import {
  ACCOUNT,
  AdvancingClock,
  awsClients,
  instantBuildAndPush,
  makeWorkspace,
  seedAccount,
  type AwsClients,
} from '../deploy/deployHarness';

/** The fake's ECR registry: the instant build and push "pushes" there. */
export const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
/** What revision web:1 runs before the first deploy. */
export const SEEDED_IMAGE = `${REGISTRY}/web@sha256:${'0'.repeat(64)}`;

export interface DeployFixture {
  readonly fake: FakeAws;
  readonly manual: ManualClock;
  /** Sleeps move `manual` instead of waiting. */
  readonly clock: AdvancingClock;
  readonly clients: AwsClients;
  readonly job: ReturnType<typeof instantBuildAndPush>;
  readonly workspace: { readonly root: string; readonly fileText: string };
  readonly subnets: string[];
  readonly securityGroup: string;
  /** The default VPC's subnets and security group, with a public IP (as Fargate tasks pull images). */
  readonly network: NetworkConfiguration;
  /** Creates service prod/web of web:1 (2 Fargate tasks on `network`) through the real CreateService. */
  createService(input?: Partial<CreateServiceRequest>): Promise<void>;
  close(): Promise<void>;
}

export async function startDeployFixture(): Promise<DeployFixture> {
  const manual = new ManualClock();
  const fake = await FakeAws.start({ clock: manual });
  const clients = awsClients(fake.url, fake.region);
  const { subnets, securityGroup } = seedAccount(fake, SEEDED_IMAGE);
  const network: NetworkConfiguration = {
    awsvpcConfiguration: { subnets, securityGroups: [securityGroup], assignPublicIp: 'ENABLED' },
  };
  const workspace = makeWorkspace();
  return {
    fake,
    manual,
    clock: new AdvancingClock(manual, (ms) => manual.advance(ms)),
    clients,
    job: instantBuildAndPush(REGISTRY),
    workspace,
    subnets,
    securityGroup,
    network,
    createService: async (input = {}) => {
      await clients.ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: 'web',
          taskDefinition: 'web:1',
          desiredCount: 2,
          launchType: 'FARGATE',
          networkConfiguration: network,
          ...input,
        }),
      );
    },
    close: async () => {
      clients.destroy();
      await fake.close();
      fs.rmSync(workspace.root, { recursive: true, force: true });
    },
  };
}
