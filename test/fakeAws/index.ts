/** The fake AWS endpoint: import from here in tests. */
export { FakeAws, type FakeAwsOptions } from './server';
export { ManualClock, systemClock, type Clock } from './clock';
export { CallStats, type StatsSnapshot } from './stats';
export { Faults, type Fault } from './faults';
export { AwsError } from './errors';
export { FakeEcs, type CreateClusterOptions } from './ecs/fakeEcs';
export { FakeIam, type RoleRecord } from './iam';
export { FakeAutoScaling, AUTO_SCALING_LIMITS } from './autoscaling/fakeAutoScaling';
export { FakeEcr, type FakeEcrOptions, type RepositoryRecord, type ImageRecord } from './ecr/fakeEcr';
export type { AddTaskOptions, CreateServiceOptions, ContainerFixture } from './ecs/fixtures';
export type { TaskRecord, ServiceRecord, ClusterRecord, TaskDefinitionRecord, TaskStatus } from './ecs/types';
export { FakeLogs, LOGS_LIMITS, type LiveTailSettings, type RandomFaults } from './logs/fakeLogs';
export type { EventInput, StoredEvent } from './logs/types';
export { buildFleet, buildDemoFleet, type FleetOptions, type FleetSummary } from './fleet';
export type { ServiceModule, Protocol, CallContext } from './services';
export { awsJsonProtocol } from './protocols/awsJson';
export { queryProtocol } from './protocols/query';
export { FakeElb, ELB_LIMITS, type TargetGroupRecord, type LoadBalancerRecord } from './elb/fakeElb';
export { FakeCloudWatch, CLOUDWATCH_LIMITS, type SeriesSpec } from './cloudwatch/fakeCloudWatch';
export {
  FakeEc2,
  EC2_LIMITS,
  type VpcRecord,
  type SubnetRecord,
  type SecurityGroupRecord,
} from './ec2/fakeEc2';
export { FakeCodeDeploy, type DeploymentGroupOptions } from './codedeploy/fakeCodeDeploy';
export { CODEDEPLOY_LIMITS } from './codedeploy/module';
