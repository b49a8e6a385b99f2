/**
 * CodeDeploy as a service module of the fake endpoint: awsJson1_1, target prefix CodeDeploy_20141006,
 * signing name codedeploy. ECS deployments only: ListApplications, GetApplication, BatchGetApplications,
 * ListDeploymentGroups, GetDeploymentGroup, CreateDeployment, GetDeployment, BatchGetDeployments,
 * ListDeployments, StopDeployment, ListDeploymentTargets, GetDeploymentTarget, BatchGetDeploymentTargets.
 */
import type {
  BatchGetDeploymentTargetsInput,
  CreateDeploymentInput,
  GetDeploymentGroupInput,
  GetDeploymentTargetInput,
  ListDeploymentGroupsInput,
  ListDeploymentsInput,
  ListDeploymentTargetsInput,
  StopDeploymentInput,
} from '@aws-sdk/client-codedeploy';
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { ServiceModule } from '../services';
import { codeDeployError, type FakeCodeDeploy } from './fakeCodeDeploy';
import { renderDeployment, renderDeploymentGroup, renderTarget, targetIdOf } from './render';

export const CODEDEPLOY_TARGET_PREFIX = 'CodeDeploy_20141006';
/** BatchGet* take at most 100 names (applications) or 25 ids (deployments, targets); lists page by 100. */
export const CODEDEPLOY_LIMITS = {
  batchApplications: 100,
  batchDeployments: 25,
  batchTargets: 25,
  pageSize: 100,
} as const;

type Handler = (fake: FakeCodeDeploy, input: Record<string, unknown>) => unknown;
const as =
  <I>(fn: (fake: FakeCodeDeploy, input: I) => unknown): Handler =>
  (fake, input) =>
    fn(fake, input as I);

function page<T>(
  fake: FakeCodeDeploy,
  items: T[],
  scope: string,
  nextToken: unknown,
): { items: T[]; nextToken?: string } {
  return fake.pages.page(
    items,
    {
      scope,
      nextToken: typeof nextToken === 'string' ? nextToken : undefined,
      defaultPageSize: CODEDEPLOY_LIMITS.pageSize,
    },
    (message) => codeDeployError('InvalidNextTokenException', message),
  );
}

function batch(ids: unknown, max: number): string[] {
  if (!Array.isArray(ids) || ids.length === 0)
    throw codeDeployError('DeploymentIdRequiredException', 'At least one ID must be specified.');
  if (ids.length > max)
    throw codeDeployError('BatchLimitExceededException', `The maximum number of IDs (${max}) was exceeded.`);
  return ids as string[];
}

const millis = (v: unknown): number | undefined =>
  v === undefined || v === null
    ? undefined
    : typeof v === 'number'
      ? v * 1000
      : new Date(v as string).getTime();

const handlers: Record<string, Handler> = {
  ListApplications: (fake, input) => {
    const p = page(fake, [...fake.applications.keys()].sort(), 'ListApplications', input['nextToken']);
    return { applications: p.items, nextToken: p.nextToken };
  },
  GetApplication: (fake, input) => {
    const app = fake.requireApplication(input['applicationName'] as string | undefined);
    return {
      application: {
        applicationId: app.id,
        applicationName: app.name,
        createTime: new Date(app.createTime),
        linkedToGitHub: false,
        computePlatform: 'ECS',
      },
    };
  },
  BatchGetApplications: (fake, input) => {
    const names = batch(input['applicationNames'], CODEDEPLOY_LIMITS.batchApplications);
    return {
      applicationsInfo: names.map((n) => {
        const app = fake.requireApplication(n);
        return {
          applicationId: app.id,
          applicationName: app.name,
          createTime: new Date(app.createTime),
          linkedToGitHub: false,
          computePlatform: 'ECS',
        };
      }),
    };
  },
  ListDeploymentGroups: as<ListDeploymentGroupsInput>((fake, input) => {
    fake.requireApplication(input.applicationName);
    const names = [...(fake.groups.get(input.applicationName!)?.keys() ?? [])].sort();
    const p = page(fake, names, `ListDeploymentGroups|${input.applicationName}`, input.nextToken);
    return { applicationName: input.applicationName, deploymentGroups: p.items, nextToken: p.nextToken };
  }),
  GetDeploymentGroup: as<GetDeploymentGroupInput>((fake, input) => ({
    deploymentGroupInfo: renderDeploymentGroup(
      fake,
      fake.requireGroup(input.applicationName, input.deploymentGroupName),
    ),
  })),
  CreateDeployment: as<CreateDeploymentInput>((fake, input) => {
    const group = fake.requireGroup(input.applicationName, input.deploymentGroupName);
    const revision = input.revision;
    if (!revision) throw codeDeployError('RevisionRequiredException', 'The revision ID was not specified.');
    const body =
      revision.revisionType === 'AppSpecContent'
        ? revision.appSpecContent
        : revision.revisionType === 'String'
          ? revision.string
          : undefined;
    if (!body || typeof body.content !== 'string' || body.content === '') {
      throw codeDeployError(
        'InvalidRevisionException',
        'An ECS deployment needs a revision of revisionType AppSpecContent (appSpecContent.content) or String (string.content).',
      );
    }
    const d = fake.createDeployment(
      group,
      { revisionType: revision.revisionType!, content: body.content, sha256: body.sha256 },
      input.description,
    );
    return { deploymentId: d.id };
  }),
  GetDeployment: (fake, input) => ({
    deploymentInfo: renderDeployment(
      fake,
      fake.requireDeployment(input['deploymentId'] as string | undefined),
    ),
  }),
  BatchGetDeployments: (fake, input) => ({
    deploymentsInfo: batch(input['deploymentIds'], CODEDEPLOY_LIMITS.batchDeployments).map((id) =>
      renderDeployment(fake, fake.requireDeployment(id)),
    ),
  }),
  ListDeployments: as<ListDeploymentsInput>((fake, input) => {
    if (input.deploymentGroupName !== undefined)
      fake.requireGroup(input.applicationName, input.deploymentGroupName);
    else if (input.applicationName !== undefined) fake.requireApplication(input.applicationName);
    const start = millis(input.createTimeRange?.start);
    const end = millis(input.createTimeRange?.end);
    const ids = [...fake.deployments.values()]
      .filter((d) => input.applicationName === undefined || d.applicationName === input.applicationName)
      .filter((d) => input.deploymentGroupName === undefined || d.groupName === input.deploymentGroupName)
      .filter((d) => !input.includeOnlyStatuses?.length || input.includeOnlyStatuses.includes(d.status))
      .filter(
        (d) => (start === undefined || d.createTime >= start) && (end === undefined || d.createTime <= end),
      )
      .sort((a, b) => b.createTime - a.createTime)
      .map((d) => d.id);
    const scope = `ListDeployments|${input.applicationName ?? ''}|${input.deploymentGroupName ?? ''}|${(input.includeOnlyStatuses ?? []).join(',')}|${start ?? ''}|${end ?? ''}`;
    const p = page(fake, ids, scope, input.nextToken);
    return { deployments: p.items, nextToken: p.nextToken };
  }),
  StopDeployment: as<StopDeploymentInput>((fake, input) => {
    fake.stopDeployment(fake.requireDeployment(input.deploymentId), input.autoRollbackEnabled);
    fake.ecs.tick();
    return { status: 'Succeeded', statusMessage: 'The deployment was stopped.' };
  }),
  ListDeploymentTargets: as<ListDeploymentTargetsInput>((fake, input) => {
    const d = fake.requireDeployment(input.deploymentId);
    const group = fake.groups.get(d.applicationName)?.get(d.groupName);
    return { targetIds: group ? [targetIdOf(group)] : [] };
  }),
  GetDeploymentTarget: as<GetDeploymentTargetInput>((fake, input) => {
    const d = fake.requireDeployment(input.deploymentId);
    return { deploymentTarget: targetOf(fake, d, input.targetId) };
  }),
  BatchGetDeploymentTargets: as<BatchGetDeploymentTargetsInput>((fake, input) => {
    const d = fake.requireDeployment(input.deploymentId);
    if (!input.targetIds?.length)
      throw codeDeployError(
        'DeploymentTargetIdRequiredException',
        'A deployment target ID was not provided.',
      );
    if (input.targetIds.length > CODEDEPLOY_LIMITS.batchTargets) {
      throw codeDeployError(
        'DeploymentTargetListSizeExceededException',
        `The maximum number of targets (${CODEDEPLOY_LIMITS.batchTargets}) was exceeded.`,
      );
    }
    return { deploymentTargets: input.targetIds.map((id) => targetOf(fake, d, id)) };
  }),
};

function targetOf(
  fake: FakeCodeDeploy,
  d: ReturnType<FakeCodeDeploy['requireDeployment']>,
  targetId: string | undefined,
): ReturnType<typeof renderTarget> {
  if (!targetId)
    throw codeDeployError('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.');
  const group = fake.groups.get(d.applicationName)?.get(d.groupName);
  if (!group || targetIdOf(group) !== targetId) {
    throw codeDeployError(
      'DeploymentTargetDoesNotExistException',
      `The deployment target ${targetId} does not exist.`,
    );
  }
  return renderTarget(fake.ecs, fake, d);
}

export const codeDeployOperations: readonly string[] = Object.keys(handlers);

export function codeDeployModule(fake: FakeCodeDeploy): ServiceModule {
  return {
    signingName: 'codedeploy',
    protocol: awsJsonProtocol('com.amazonaws.codedeploy'),
    jsonTargetPrefix: CODEDEPLOY_TARGET_PREFIX,
    handle(operation: string, input: unknown): unknown {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      fake.ecs.tick();
      return handler(fake, (input ?? {}) as Record<string, unknown>);
    },
  };
}
