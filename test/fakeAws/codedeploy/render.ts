/** Fake CodeDeploy records in the SDK's shapes (DeploymentInfo, DeploymentGroupInfo, DeploymentTarget). */
import type {
  DeploymentGroupInfo,
  DeploymentInfo,
  DeploymentTarget,
  ECSTaskSet,
} from '@aws-sdk/client-codedeploy';
import type { FakeEcs } from '../ecs/fakeEcs';
import { isStarting, statusAt } from '../ecs/lifecycle';
import type { FakeCodeDeploy } from './fakeCodeDeploy';
import type { CodeDeployDeploymentRecord, DeploymentGroupRecord } from './types';

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

function revisionOf(d: CodeDeployDeploymentRecord): DeploymentInfo['revision'] {
  const body = { content: d.revision.content, sha256: d.revision.sha256 };
  return d.revision.revisionType === 'String'
    ? { revisionType: 'String', string: body }
    : { revisionType: 'AppSpecContent', appSpecContent: body };
}

const TERMINAL_TARGET: Record<
  string,
  DeploymentTarget['ecsTarget'] extends infer T ? (T extends { status?: infer S } ? S : never) : never
> = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Stopped: 'Failed',
};

function targetStatus(
  d: CodeDeployDeploymentRecord,
): NonNullable<NonNullable<DeploymentTarget['ecsTarget']>['status']> {
  return TERMINAL_TARGET[d.status] ?? (d.status === 'Created' ? 'Pending' : 'InProgress');
}

export function renderDeploymentGroup(fake: FakeCodeDeploy, g: DeploymentGroupRecord): DeploymentGroupInfo {
  const last = (id: string | undefined): DeploymentGroupInfo['lastSuccessfulDeployment'] => {
    const d = id === undefined ? undefined : fake.deployments.get(id);
    return d
      ? {
          deploymentId: d.id,
          status: d.status,
          endTime: date(d.completeTime),
          createTime: date(d.createTime),
        }
      : undefined;
  };
  return {
    applicationName: g.applicationName,
    deploymentGroupId: g.id,
    deploymentGroupName: g.name,
    deploymentConfigName: g.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: g.serviceRoleArn,
    triggerConfigurations: [],
    alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
    autoRollbackConfiguration: {
      enabled: g.autoRollback.enabled,
      events: [...g.autoRollback.events] as never,
    },
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    outdatedInstancesStrategy: 'UPDATE',
    blueGreenDeploymentConfiguration: {
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: g.terminationWaitMinutes,
      },
      deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
    },
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: g.targetGroups.map((name) => ({ name })),
          prodTrafficRoute: { listenerArns: [...g.prodListenerArns] },
          testTrafficRoute: g.testListenerArns.length ? { listenerArns: [...g.testListenerArns] } : undefined,
        },
      ],
    },
    lastSuccessfulDeployment: last(g.lastSuccessfulDeploymentId),
    lastAttemptedDeployment: last(g.lastAttemptedDeploymentId),
    computePlatform: 'ECS',
    ecsServices: [{ serviceName: g.service, clusterName: g.cluster }],
    terminationHookEnabled: false,
  };
}

export function renderDeployment(fake: FakeCodeDeploy, d: CodeDeployDeploymentRecord): DeploymentInfo {
  const group = fake.groups.get(d.applicationName)?.get(d.groupName);
  const status = targetStatus(d);
  return {
    applicationName: d.applicationName,
    deploymentGroupName: d.groupName,
    deploymentConfigName: group?.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce',
    deploymentId: d.id,
    revision: revisionOf(d),
    status: d.status,
    errorInformation: d.errorInformation
      ? { code: d.errorInformation.code as never, message: d.errorInformation.message }
      : undefined,
    createTime: date(d.createTime),
    startTime: date(d.startTime),
    completeTime: date(d.completeTime),
    deploymentOverview: {
      Pending: status === 'Pending' ? 1 : 0,
      InProgress: status === 'InProgress' ? 1 : 0,
      Succeeded: status === 'Succeeded' ? 1 : 0,
      Failed: status === 'Failed' ? 1 : 0,
      Skipped: 0,
      Ready: 0,
    },
    description: d.description,
    creator: d.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: group
      ? { enabled: group.autoRollback.enabled, events: [...group.autoRollback.events] as never }
      : undefined,
    updateOutdatedInstancesOnly: false,
    rollbackInfo: d.rollbackInfo ? { ...d.rollbackInfo } : undefined,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: d.terminationWaitStartedAt !== undefined,
    blueGreenDeploymentConfiguration: group
      ? renderDeploymentGroup(fake, group).blueGreenDeploymentConfiguration
      : undefined,
    loadBalancerInfo: group ? renderDeploymentGroup(fake, group).loadBalancerInfo : undefined,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: 'ECS',
  };
}

export const targetIdOf = (g: DeploymentGroupRecord): string => `${g.cluster}:${g.service}`;

function taskSets(ecs: FakeEcs, fake: FakeCodeDeploy, d: CodeDeployDeploymentRecord): ECSTaskSet[] {
  const group = fake.groups.get(d.applicationName)?.get(d.groupName);
  const service = group && fake.serviceOf(group);
  if (!group || !service) return [];
  const now = ecs.now();
  const trafficMoved =
    d.events.find((e) => e.name === 'AllowTraffic')?.status === 'Succeeded' && d.creator === 'user';
  const sets: ECSTaskSet[] = [];
  const add = (
    id: string | undefined,
    label: 'Blue' | 'Green',
    weight: number,
    targetGroup: string,
  ): void => {
    const deployment = service.deployments.find((x) => x.id === id);
    if (!deployment) return;
    const tasks = ecs.serviceTasks(service.cluster, service.name).filter((t) => t.deploymentId === id);
    sets.push({
      identifer: deployment.id,
      desiredCount:
        deployment.status === 'PRIMARY' || deployment.hold === undefined
          ? service.desiredCount
          : service.desiredCount,
      pendingCount: tasks.filter((t) => t.desiredStatus === 'RUNNING' && isStarting(statusAt(t, now))).length,
      runningCount: tasks.filter((t) => statusAt(t, now) === 'RUNNING').length,
      status: deployment.status,
      trafficWeight: weight,
      targetGroup: { name: targetGroup },
      taskSetLabel: label,
    });
  };
  add(d.blueDeploymentId, 'Blue', trafficMoved ? 0 : 100, group.targetGroups[0]);
  add(d.greenDeploymentId, 'Green', trafficMoved ? 100 : 0, group.targetGroups[1]);
  return sets;
}

export function renderTarget(
  ecs: FakeEcs,
  fake: FakeCodeDeploy,
  d: CodeDeployDeploymentRecord,
): DeploymentTarget {
  const group = fake.groups.get(d.applicationName)?.get(d.groupName);
  const service = group && fake.serviceOf(group);
  const times = d.events.flatMap((e) => [e.startTime, e.endTime]).filter((t): t is number => t !== undefined);
  return {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      deploymentId: d.id,
      targetId: group ? targetIdOf(group) : undefined,
      targetArn: service?.arn,
      lastUpdatedAt: date(Math.max(d.createTime, d.completeTime ?? 0, ...times)),
      lifecycleEvents: d.events.map((e) => ({
        lifecycleEventName: e.name,
        status: e.status,
        startTime: date(e.startTime),
        endTime: date(e.endTime),
        diagnostics: e.diagnostics
          ? { errorCode: e.diagnostics.errorCode as never, message: e.diagnostics.message }
          : undefined,
      })),
      status: targetStatus(d),
      taskSetsInfo: taskSets(ecs, fake, d),
    },
  };
}
