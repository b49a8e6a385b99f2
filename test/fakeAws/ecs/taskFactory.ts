/** Builds task records (containers, ENI, placement) from a task definition. */
import type { AwsVpcConfiguration, Tag, TaskOverride } from '@aws-sdk/client-ecs';
import { containerArn, taskArn, type ArnScope } from './arns';
import type { IdSource } from './ids';
import type { LaunchType, Phase, TaskDefinitionRecord, TaskRecord } from './types';

export interface NewTaskSpec {
  cluster: string;
  definition: TaskDefinitionRecord;
  group: string;
  startedBy?: string;
  launchType: LaunchType;
  createdAt: number;
  phases: Phase[];
  service?: string;
  deploymentId?: string;
  overrides?: TaskOverride;
  awsvpc?: AwsVpcConfiguration;
  tags?: Tag[];
  pinned?: boolean;
  capacityProviderName?: string;
  enableExecuteCommand?: boolean;
}

const DEFAULT_SUBNETS = ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60003'];

export function buildTask(scope: ArnScope, ids: IdSource, spec: NewTaskSpec): TaskRecord {
  const id = ids.hex(32);
  const def = spec.definition.input;
  const subnets = spec.awsvpc?.subnets?.length ? spec.awsvpc.subnets : DEFAULT_SUBNETS;
  const subnetIndex = ids.int(subnets.length);
  const subnetId = subnets[subnetIndex]!;
  const zone = 'abc'[
    DEFAULT_SUBNETS.indexOf(subnetId) >= 0 ? DEFAULT_SUBNETS.indexOf(subnetId) : subnetIndex % 3
  ];
  const containers = (def.containerDefinitions ?? []).map((c, i) => ({
    name: c.name ?? `container-${i + 1}`,
    image: c.image ?? 'public.ecr.aws/docker/library/busybox:latest',
    containerArn: containerArn(scope, spec.cluster, id, ids.uuid()),
    runtimeId: `${id}-${ids.digits(10)}`,
    essential: c.essential ?? true,
    hasHealthCheck: c.healthCheck !== undefined,
    cpu: c.cpu,
    memory: c.memory,
  }));
  return {
    id,
    arn: taskArn(scope, spec.cluster, id),
    cluster: spec.cluster,
    taskDefinitionArn: spec.definition.arn,
    family: spec.definition.family,
    group: spec.group,
    startedBy: spec.startedBy,
    launchType: spec.launchType,
    platformVersion: spec.launchType === 'FARGATE' ? '1.4.0' : undefined,
    cpu: spec.overrides?.cpu ?? def.cpu ?? '256',
    memory: spec.overrides?.memory ?? def.memory ?? '512',
    createdAt: spec.createdAt,
    phases: spec.phases,
    desiredStatus: 'RUNNING',
    containers,
    service: spec.service,
    deploymentId: spec.deploymentId,
    availabilityZone: `${scope.region}${zone}`,
    network: {
      subnetId,
      eniId: `eni-0${ids.hex(16)}`,
      attachmentId: ids.uuid(),
      mac: Array.from({ length: 6 }, (_, i) => (i === 0 ? '0a' : ids.hex(2))).join(':'),
      privateIp: `10.0.${1 + subnetIndex * 16 + ids.int(16)}.${2 + ids.int(250)}`,
    },
    overrides: spec.overrides,
    tags: [...(spec.tags ?? [])],
    pinned: spec.pinned ?? false,
    capacityProviderName: spec.capacityProviderName,
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
  };
}
