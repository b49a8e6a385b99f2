/**
 * Expands the whole ECS explorer the way a user clicking every node would: the real client
 * factory (its retry policy included), the ECS and auto scaling gateways, the explorer's nodes
 * and loadChildren, against a fake AWS endpoint (in-process or another process). For the fault
 * tests and `bench:explorer`.
 */
import { describeAwsError } from '../../src/aws/awsErrors';
import { createAwsClientFactory, type AwsClientFactory } from '../../src/aws/clientFactory';
import { ENVIRONMENT_PROFILE } from '../../src/aws/connection';
import { createEcsGateway } from '../../src/aws/ecsGateway';
import type { RetryPolicyOptions } from '../../src/aws/retryPolicy';
import { createScalingGateway } from '../../src/aws/scalingGateway';
import { emptySharedConfig } from '../../src/aws/sharedConfig';
import { loadChildren, type LoadDeps } from '../../src/explorer/loadChildren';
import { clustersRoot } from '../../src/explorer/nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from '../../src/explorer/nodes/explorerNode';
import { MessageNode } from '../../src/explorer/nodes/messageNode';
import { silentLogger } from '../../src/shared/logger';
import { createScalingDecorator } from '../../src/scaling/decorateScaling';

export interface FakeEndpoint {
  readonly url: string;
  readonly region: string;
}

export interface ExplorerUnderTest {
  readonly factory: AwsClientFactory;
  readonly deps: LoadDeps;
}

/** The product's client factory (clientFactory.ts, as a connection makes it) pointed at `fake`. */
export function clientFactoryAgainst(
  fake: FakeEndpoint,
  options: { retry?: RetryPolicyOptions; maxAttempts?: number } = {},
): AwsClientFactory {
  return createAwsClientFactory({
    connection: { profile: ENVIRONMENT_PROFILE, profileKind: 'environment', region: fake.region },
    credentials: () => Promise.resolve({ accessKeyId: 'AKIDEXPLORER', secretAccessKey: 'secret' }),
    env: { AWS_ENDPOINT_URL: fake.url },
    files: emptySharedConfig({
      configFile: '/nonexistent/config',
      credentialsFile: '/nonexistent/credentials',
    }),
    logger: silentLogger,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
}

/** The explorer's loading dependencies over real SDK clients from our factory, pointed at `fake`. */
export function explorerAgainst(
  fake: FakeEndpoint,
  options: { retry?: RetryPolicyOptions; maxAttempts?: number; now?: () => number } = {},
): ExplorerUnderTest {
  const factory = clientFactoryAgainst(fake, options);
  const ecs = createEcsGateway(factory.ecs(), { concurrency: () => 8 });
  const scaling = createScalingGateway(factory.autoScaling(), { concurrency: () => 8 });
  const context: ExplorerContext = {
    ecs,
    region: fake.region,
    now: options.now ?? (() => Date.now()),
    decorateServices: createScalingDecorator(() => scaling),
  };
  const deps: LoadDeps = {
    context: () => Promise.resolve(context),
    root: clustersRoot,
    logger: silentLogger,
    describeError: (error, c) => describeAwsError(error, c),
  };
  return { factory, deps };
}

export interface Expansion {
  /** One line per node, indented by depth: label, then description. */
  readonly lines: string[];
  /** The error nodes' messages. */
  readonly errors: string[];
}

/** Loads every level below the root (each node's children in parallel, as a user's clicks could). */
export async function expandAll(deps: LoadDeps): Promise<Expansion> {
  const errors: string[] = [];
  async function walk(node: ExplorerNode | undefined, depth: number): Promise<string[]> {
    const { children } = await loadChildren(node, deps);
    const below = await Promise.all(
      children.map(async (child) => {
        const view = child.view();
        if (child instanceof MessageNode && child.kind === 'error') errors.push(child.message);
        const line = `${'  '.repeat(depth)}${view.label}${view.description ? ` — ${view.description}` : ''}`;
        const grandChildren =
          child.getChildren && view.collapsible !== 'none' ? await walk(child, depth + 1) : [];
        return [line, ...grandChildren];
      }),
    );
    return below.flat();
  }
  const lines = await walk(undefined, 0);
  return { lines, errors };
}
